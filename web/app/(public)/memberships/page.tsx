import type { Metadata } from "next";
import { Memberships } from "@/components/payments/memberships";

export const metadata: Metadata = { title: "Memberships" };

export default function MembershipsPage() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Memberships</h1>
      <p className="mb-6 text-muted-fg">One subscription, many courses. Cancel any time from your billing page.</p>
      <Memberships />
    </>
  );
}
