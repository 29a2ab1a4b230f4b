import type { Metadata } from "next";
import { Suspense } from "react";
import { ForgotPasswordForm } from "@/components/auth/account-mail";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Forgot your password?</h1>
      <Suspense>
        <ForgotPasswordForm />
      </Suspense>
    </div>
  );
}
