// The one way the app talks to the service: openapi-fetch over the generated types, through
// authFetch (bearer token, one silent refresh on 401, network failures as ApiError). Components
// never call fetch themselves; they call `api` and `unwrap` what comes back.

import createClient from "openapi-fetch";
import type { paths } from "@/lib/api/schema";
import { ApiError, networkError, type Problem, toApiError } from "@/lib/api/problem";
import { getAccessToken, refresh } from "@/lib/auth/session";

export type { paths, components } from "@/lib/api/schema";

/** Called when a request needs a session and none can be renewed (sign in again). */
let onSessionLost: () => void = () => {};
export function setSessionLostHandler(handler: () => void): void {
  onSessionLost = handler;
}

export async function authFetch(input: Request): Promise<Response> {
  const attempt = async (token: string | null): Promise<Response> => {
    const request = input.clone();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    try {
      return await fetch(request);
    } catch (cause) {
      throw networkError(cause);
    }
  };
  const token = getAccessToken();
  const response = await attempt(token);
  if (response.status !== 401) return response;
  // expired or missing access token: renew it once from the refresh cookie, then retry
  const renewed = await refresh().catch(() => null);
  if (!renewed) {
    if (token) onSessionLost();
    return response;
  }
  return attempt(renewed);
}

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  fetch: authFetch,
});

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; an ApiError (with the problem's fields) otherwise. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (error && typeof error === "object") throw new ApiError(response.status, error as Problem);
  throw await toApiError(response);
}

export { ApiError };
