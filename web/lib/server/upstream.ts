// Server side only: where the service is, and how a request is passed to it.

// A copy of the short-lived access token for the server's own rendering of learners' pages
// (/learn): httpOnly (no script reads it), SameSite=Strict, scoped to /learn, gone when the token
// ends. Only server components rendering a page read it, to fetch that page's data; the proxy and
// every action use the in-memory token, so it never acts for the learner.
export const RENDER_COOKIE = "uw_render";

export function apiOrigin(): string {
  return (process.env.API_ORIGIN ?? "http://127.0.0.1:8000").replace(/\/$/, "");
}

// hop-by-hop headers and those the fetch implementation sets itself
const DROP = new Set([
  "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
  "host", "content-length", "accept-encoding", "cookie",
]);

export function forwardHeaders(source: Headers, clientAddress?: string | null): Headers {
  const out = new Headers();
  source.forEach((value, key) => {
    if (!DROP.has(key.toLowerCase())) out.set(key, value);
  });
  if (clientAddress) out.set("X-Forwarded-For", clientAddress);
  return out;
}

export function responseHeaders(source: Headers): Headers {
  const out = new Headers();
  source.forEach((value, key) => {
    const k = key.toLowerCase();
    if (!DROP.has(k) && k !== "content-encoding" && k !== "set-cookie") out.set(key, value);
  });
  if ((source.get("content-type") ?? "").startsWith("text/event-stream")) {
    // keep compression and proxies from buffering a live stream
    out.set("Cache-Control", "no-cache, no-transform");
    out.set("X-Accel-Buffering", "no");
  }
  return out;
}
