// Server components read public data straight from the service (no browser round trip): the
// catalogue and course pages arrive with their content in the HTML, and the client picks it up
// as its first data. Anonymous reads only: a learner's own data is fetched by the browser.
import { cookies, headers } from "next/headers";
import createClient from "openapi-fetch";
import type { paths } from "@/lib/api/schema";
import { apiOrigin, RENDER_COOKIE } from "@/lib/server/upstream";

/** A client for the service that names the visitor (X-Forwarded-For), as the browser's own
 * requests through /api do: rate limits count visitors, not this server. */
export async function serverApi() {
  const client = (await headers()).get("x-forwarded-for");
  return createClient<paths>({ baseUrl: apiOrigin(), headers: client ? { "X-Forwarded-For": client } : {} });
}

/** The data, or undefined when the service can't answer now (the page then loads it itself). */
export async function prefetch<T>(call: Promise<{ data?: T; response: Response }>): Promise<T | undefined> {
  try {
    const { data, response } = await call;
    return response.ok ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The signed-in learner's client for rendering a /learn page, when the render cookie is there. */
export async function learnerApi() {
  const token = (await cookies()).get(RENDER_COOKIE)?.value;
  if (!token) return null;
  const client = (await headers()).get("x-forwarded-for");
  return createClient<paths>({
    baseUrl: apiOrigin(),
    headers: { Authorization: `Bearer ${token}`, ...(client ? { "X-Forwarded-For": client } : {}) },
  });
}
