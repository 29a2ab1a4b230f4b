"use client";

import { Protected } from "@/components/auth/protected";
import { Plans } from "@/components/teach/plans";

export default function PlansPage() {
  return (
    <Protected role="instructor">
      <h1 className="mb-4 text-2xl font-bold">Memberships you sell</h1>
      <Plans />
    </Protected>
  );
}
