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
  serverSession = false,
  children,
}: {
  role?: keyof typeof RANK;
  /** the server rendered the page for a signed-in learner: show it while the session restores */
  serverSession?: boolean;
  children: React.ReactNode;
}) {
  const { user, signedIn, leaving } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  React.useEffect(() => {
    if (leaving) return; // signing out goes home, not to sign in and back here
    if (signedIn === false || user === null) router.replace(`/signin?next=${encodeURIComponent(pathname)}`);
  }, [signedIn, user, router, pathname, leaving]);
  // a learner's page needs a session, not the account's details: start loading at once
  if (role === "learner" && (signedIn || (serverSession && signedIn === undefined))) return <>{children}</>;
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
