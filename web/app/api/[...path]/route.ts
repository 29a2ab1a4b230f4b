// /api/* on the web app's origin is the service's /api/*: pages, API and the refresh cookie
// share one origin (no CORS), and a production proxy may route /api straight to the service.
import { apiOrigin, forwardHeaders, responseHeaders } from "@/lib/server/upstream";

export const dynamic = "force-dynamic";

async function pass(request: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path } = await context.params;
  const url = new URL(request.url);
  const target = `${apiOrigin()}/api/${path.map(encodeURIComponent).join("/")}${url.search}`;
  const hasBody = !["GET", "HEAD"].includes(request.method);
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers: forwardHeaders(request.headers, request.headers.get("x-forwarded-for")),
      body: hasBody ? request.body : undefined,
      redirect: "manual",
      signal: request.signal,
      // @ts-expect-error: Node's fetch needs this to stream a request body
      duplex: hasBody ? "half" : undefined,
    });
  } catch {
    return Response.json(
      {
        type: "about:blank",
        title: "Bad Gateway",
        status: 502,
        detail: "The service is unavailable right now. Try again in a moment.",
      },
      { status: 502, headers: { "Content-Type": "application/problem+json", "Retry-After": "5" } },
    );
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders(upstream.headers),
  });
}

export { pass as GET, pass as POST, pass as PUT, pass as PATCH, pass as DELETE, pass as HEAD };
