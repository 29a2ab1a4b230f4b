"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import * as React from "react";
import { api, setSessionLostHandler, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { getAccessToken, onTokenChange, refresh, signIn, signOut } from "@/lib/auth/session";

type User = components["schemas"]["UserOut"];

interface Auth {
  /** undefined while the session is being restored */
  user: User | null | undefined;
  /** a session exists (before the account itself has been read); undefined while restoring */
  signedIn: boolean | undefined;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: (everywhere?: boolean) => Promise<void>;
  /** a sign-out is on its way home: protected pages must not send it to sign in instead */
  leaving?: boolean;
}

const AuthContext = React.createContext<Auth>({
  user: undefined,
  signedIn: undefined,
  signIn: async () => {},
  signOut: async () => {},
});

export function useAuth(): Auth {
  return React.useContext(AuthContext);
}

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [token, setToken] = React.useState<string | null | undefined>(undefined);
  const [leaving, setLeaving] = React.useState(false);
  const pathname = usePathname();
  React.useEffect(() => setLeaving(false), [pathname]); // arrived (or went on) elsewhere

  React.useEffect(() => {
    const off = onTokenChange((t) => setToken(t));
    if (getAccessToken()) setToken(getAccessToken());
    else refresh().then(setToken, () => setToken(null)); // restore the session, silently
    return () => {
      off();
    };
  }, []);

  React.useEffect(() => {
    // a session that can't be renewed sends you to sign in, and back here afterwards
    setSessionLostHandler(() => {
      router.push(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    });
  }, [router]);

  const me = useQuery({
    queryKey: ["me", token],
    queryFn: () => unwrap(api.GET("/api/v1/users/me")),
    enabled: !!token,
    staleTime: 5 * 60_000,
  });

  const user = token === undefined ? undefined : token === null ? null : me.isPending ? undefined : (me.data ?? null);
  const value = React.useMemo<Auth>(
    () => ({
      user,
      signedIn: token === undefined ? undefined : token !== null,
      signIn: async (email, password) => {
        await signIn(email, password);
        await queryClient.invalidateQueries();
      },
      signOut: async (everywhere) => {
        setLeaving(true);
        await signOut(everywhere);
        queryClient.clear();
        router.push("/");
      },
      leaving,
    }),
    [user, token, queryClient, router, leaving],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
