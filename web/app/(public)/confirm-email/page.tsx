import type { Metadata } from "next";
import { Suspense } from "react";
import { ConfirmLink } from "@/components/auth/account-mail";

export const metadata: Metadata = { title: "Confirm your new address" };

export default function Page() {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-bold">Confirm your new address</h1>
      <Suspense>
        <ConfirmLink kind="email_change" />
      </Suspense>
    </div>
  );
}
