// The access token lives in memory only (never in storage a script could read); the refresh
// token lives in an httpOnly cookie that only our own /session/* routes see. A page load or an
// expired access token asks /session/refresh, once, however many requests are waiting.

import { networkError, toApiError } from "@/lib/api/problem";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "learner" | "instructor" | "admin";
}

type Listener = (token: string | null) => void;

let accessToken: string | null = null;
let refreshing: Promise<string | null> | null = null;
const listeners = new Set<Listener>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
  for (const listener of listeners) listener(token);
}

export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function post(path: string, body?: unknown, token?: string | null): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, {
      method: "POST",
      headers,
      body: JSON.stringify(body ?? {}),
      credentials: "same-origin",
    });
  } catch (cause) {
    throw networkError(cause);
  }
}

/** A new access token from the refresh cookie, or null when there is no session. */
export function refresh(): Promise<string | null> {
  if (!refreshing) {
    refreshing = (async () => {
      const response = await post("/session/refresh");
      if (response.status === 401) {
        setAccessToken(null);
        return null;
      }
      if (!response.ok) throw await toApiError(response);
      const { access_token } = (await response.json()) as { access_token: string };
      setAccessToken(access_token);
      return access_token;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

export async function signIn(email: string, password: string): Promise<void> {
  const response = await post("/session/login", { email, password });
  if (!response.ok) throw await toApiError(response);
  const { access_token } = (await response.json()) as { access_token: string };
  setAccessToken(access_token);
}

/** Sign out here, or everywhere (every device's refresh token is revoked). */
export async function signOut(everywhere = false): Promise<void> {
  const response = await post("/session/logout", { everywhere }, accessToken);
  setAccessToken(null);
  if (!response.ok && response.status !== 401) throw await toApiError(response);
}
