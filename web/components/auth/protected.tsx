"use client";

import { usePathname, useRouter } from "next/navigation";
import * as React from "react";
import { useAuth } from "@/components/auth/auth-provider";
import { ErrorState, Loading } from "@/components/ui/states";
import { ApiError } from "@/lib/api/problem";

const RANK = { learner: 0, instructor: 1, admin: 2 } as const;

/** Pages behind sign-in (and, for instructors' pages, a role): others go to sign in. */
export function Protected({
  role = "learner",
  children,
}: {
  role?: keyof typeof RANK;
  children: React.ReactNode;
}) {
  const { user } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  React.useEffect(() => {
    if (user === null) router.replace(`/signin?next=${encodeURIComponent(pathname)}`);
  }, [user, router, pathname]);
  if (user === undefined || user === null) return <Loading label="Checking your session" />;
  if (RANK[user.role] < RANK[role]) {
    return (
      <ErrorState
        error={new ApiError(403, { detail: `This page is for ${role}s. Your account is a ${user.role} account.` })}
      />
    );
  }
  return <>{children}</>;
}
