// The refresh token never reaches page scripts: these same-origin routes trade it with the
// service and keep it in an httpOnly, Secure, SameSite=Strict cookie scoped to /session.
import { cookies } from "next/headers";
import { apiOrigin, RENDER_COOKIE } from "@/lib/server/upstream";

export const dynamic = "force-dynamic";

const COOKIE = "uw_refresh";


function problem(status: number, title: string, detail: string) {
  return Response.json(
    { type: "about:blank", title, status, detail },
    { status, headers: { "Content-Type": "application/problem+json" } },
  );
}

async function call(path: string, body: unknown, request: Request, token?: string | null): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = token;
  // the visitor, for the service's per-client limits (sign-in attempts are counted per client)
  const client = request.headers.get("x-forwarded-for");
  if (client) headers["X-Forwarded-For"] = client;
  return fetch(`${apiOrigin()}/api/v1${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
}

async function keep(refreshToken: string, days: number) {
  (await cookies()).set(COOKIE, refreshToken, {
    httpOnly: true,
    secure: true, // browsers accept Secure cookies on http://localhost, and production is HTTPS
    sameSite: "strict",
    path: "/session",
    maxAge: days * 86400,
  });
}

async function passTokens(upstream: Response): Promise<Response> {
  if (!upstream.ok) {
    return new Response(upstream.body, {
      status: upstream.status,
      headers: { "Content-Type": upstream.headers.get("content-type") ?? "application/json" },
    });
  }
  const tokens = (await upstream.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
  };
  await keep(tokens.refresh_token, 30);
  (await cookies()).set(RENDER_COOKIE, tokens.access_token, {
    httpOnly: true,
    secure: true,
    sameSite: "strict",
    path: "/learn",
    maxAge: Math.max(tokens.expires_in - 30, 0),
  });
  return Response.json(
    { access_token: tokens.access_token, expires_in: tokens.expires_in },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function POST(request: Request, context: { params: Promise<{ action: string }> }) {
  // a cross-site form can't reach here with the cookie (SameSite=Strict), and a script from
  // another origin can't send JSON here without CORS; the Origin check closes the rest
  const origin = request.headers.get("origin");
  if (origin && new URL(origin).host !== request.headers.get("host")) {
    return problem(403, "Forbidden", "cross-origin session requests are refused");
  }
  const { action } = await context.params;
  const jar = await cookies();
  try {
    if (action === "login") {
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
      return passTokens(await call("/auth/login", { email: body.email, password: body.password }, request));
    }
    if (action === "refresh") {
      const token = jar.get(COOKIE)?.value;
      if (!token) return problem(401, "Unauthorized", "no session");
      const upstream = await call("/auth/refresh", { refresh_token: token }, request);
      if (upstream.status === 401) {
        jar.delete({ name: COOKIE, path: "/session" });
        jar.delete({ name: RENDER_COOKIE, path: "/learn" });
      }
      return passTokens(upstream);
    }
    if (action === "logout") {
      const body = (await request.json().catch(() => ({}))) as { everywhere?: boolean };
      const token = jar.get(COOKIE)?.value;
      if (body.everywhere) {
        const auth = request.headers.get("authorization");
        const upstream = await call("/auth/logout-all", {}, request, auth);
        if (!upstream.ok && upstream.status !== 401) return passTokens(upstream);
      } else if (token) {
        await call("/auth/logout", { refresh_token: token }, request);
      }
      jar.delete({ name: COOKIE, path: "/session" });
      jar.delete({ name: RENDER_COOKIE, path: "/learn" });
      return new Response(null, { status: 204 });
    }
  } catch {
    return problem(502, "Bad Gateway", "The service is unavailable right now. Try again in a moment.");
  }
  return problem(404, "Not Found", `no session action ${action}`);
}
