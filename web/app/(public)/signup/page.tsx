import type { Metadata } from "next";
import { Suspense } from "react";
import { SignUpForm } from "@/components/auth/auth-forms";

export const metadata: Metadata = { title: "Create an account" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Create an account</h1>
      <Suspense>
        <SignUpForm />
      </Suspense>
    </div>
  );
}
