// The fetch layer against a real HTTP server on loopback (node:http), not a mocked fetch:
// problem+json becomes ApiError with form fields, a 401 renews the token once and retries, and a
// service that is down becomes a retryable "unavailable" error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, ApiError, setSessionLostHandler, unwrap } from "@/lib/api/client";
import { formField } from "@/lib/api/problem";
import { EventParser } from "@/lib/api/sse";
import { getAccessToken, setAccessToken } from "@/lib/auth/session";

let server: Server;
let origin = "";
const seen: { path: string; auth: string | undefined }[] = [];
let refreshes = 0;

function send(res: ServerResponse, status: number, body: unknown, type = "application/json") {
  res.writeHead(status, { "Content-Type": type });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "";
    seen.push({ path, auth: req.headers.authorization });
    if (path === "/session/refresh") {
      refreshes += 1;
      return send(res, 200, { access_token: `fresh-${refreshes}`, expires_in: 900 });
    }
    if (path === "/api/v1/users/me") {
      if (req.headers.authorization !== `Bearer fresh-${refreshes}` || refreshes === 0) {
        return send(res, 401, { title: "Unauthorized", status: 401, detail: "token expired" }, "application/problem+json");
      }
      return send(res, 200, { id: "u1", email: "a@example.com", name: "A", role: "learner", created_at: "2026-01-01T00:00:00Z" });
    }
    if (path === "/api/v1/auth/register") {
      return send(
        res,
        422,
        {
          title: "Unprocessable Content",
          status: 422,
          detail: "invalid request: body.email",
          errors: [{ field: "body.email", message: "value is not a valid email address", type: "value_error" }],
        },
        "application/problem+json",
      );
    }
    if (path.startsWith("/api/v1/courses")) {
      return send(res, 503, { title: "Service Unavailable", status: 503, detail: "a backing service is unavailable; retry shortly" }, "application/problem+json");
    }
    send(res, 404, { title: "Not Found", status: 404, detail: "nothing here" }, "application/problem+json");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // the client and the session talk to this origin, as they would to the page's own
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const target = new URL(url, origin);
    const rewritten = `${origin}${target.pathname}${target.search}`;
    return input instanceof Request ? realFetch(new Request(rewritten, input)) : realFetch(rewritten, init);
  }) as typeof fetch;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen.length = 0;
  setAccessToken(null);
});

describe("the fetch layer", () => {
  it("turns a 422 problem into field errors a form can show", async () => {
    const error = await unwrap(api.POST("/api/v1/auth/register", { body: { email: "x", password: "p", name: "n" } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.fields).toEqual([{ field: "email", message: "value is not a valid email address" }]);
  });

  it("renews an expired token once and retries the request", async () => {
    setAccessToken("stale");
    const me = await unwrap(api.GET("/api/v1/users/me"));
    expect(me.email).toBe("a@example.com");
    expect(getAccessToken()).toMatch(/^fresh-/);
    expect(seen.map((s) => s.path)).toEqual(["/api/v1/users/me", "/session/refresh", "/api/v1/users/me"]);
    expect(seen[0]?.auth).toBe("Bearer stale");
  });

  it("tells the app when a session is lost for good", async () => {
    let lost = 0;
    setSessionLostHandler(() => {
      lost += 1;
    });
    setAccessToken("stale");
    refreshes = -1; // the next renewal issues a token the server refuses
    const error = await unwrap(api.GET("/api/v1/users/me")).catch((e) => e);
    expect(error.status).toBe(401);
    expect(lost).toBe(0); // renewal worked but the server still refuses: no loop, one answer
    refreshes = 0;
  });

  it("marks an outage as unavailable, so pages offer a retry", async () => {
    const error = await unwrap(api.GET("/api/v1/courses")).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.unavailable).toBe(true);
    expect(error.message).toContain("retry shortly");
  });

  it("maps the service's field paths to form names", () => {
    expect(formField("body.email")).toBe("email");
    expect(formField("query.level")).toBe("level");
    expect(formField("body.sections.0.title")).toBe("sections.0.title");
    expect(formField("email")).toBe("email");
  });
});

describe("server-sent events", () => {
  it("parses events split across chunks, comments and multi-line data", () => {
    const parser = new EventParser();
    expect(parser.push(": keep-alive\n\nid: 1-0\nevent: te")).toEqual([]);
    expect(parser.push('st\ndata: {"name":"1",\ndata: "verdict":"AC"}\n\n')).toEqual([
      { id: "1-0", event: "test", data: { name: "1", verdict: "AC" } },
    ]);
    expect(parser.push("event: final\r\ndata: done\r\n\r\n")).toEqual([{ id: "1-0", event: "final", data: "done" }]);
  });
});
