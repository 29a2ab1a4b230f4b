import type { Metadata } from "next";
import { AccountSettings } from "@/components/auth/account-mail";
import { Protected } from "@/components/auth/protected";

export const metadata: Metadata = { title: "Account" };

export default function Page() {
  return (
    <Protected>
      <h1 className="mb-4 text-2xl font-bold">Account</h1>
      <AccountSettings />
    </Protected>
  );
}
