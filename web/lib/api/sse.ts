// Server-sent events over fetch (EventSource can't send the bearer token): parses the stream,
// remembers the last event id, and when the connection drops before the stream's end it
// reconnects with Last-Event-ID, so nothing is missed and nothing is shown twice.

import { authFetch } from "@/lib/api/client";

export interface ServerEvent {
  id: string | null;
  event: string;
  data: unknown;
}

/** Split an SSE byte stream into events (https://html.spec.whatwg.org/#event-stream-interpretation). */
export class EventParser {
  private buffer = "";
  private id: string | null = null;
  private event = "";
  private data: string[] = [];

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const out: ServerEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      if (line === "") {
        if (this.data.length) {
          const text = this.data.join("\n");
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            /* plain text data */
          }
          out.push({ id: this.id, event: this.event || "message", data });
        }
        this.event = "";
        this.data = [];
        continue;
      }
      if (line.startsWith(":")) continue; // a comment: keep-alive
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") this.data.push(value);
      else if (field === "event") this.event = value;
      else if (field === "id") this.id = value;
    }
    return out;
  }
}

/** The events of a response body as they arrive; leaving the loop early cancels the body. */
export async function* readEvents(body: ReadableStream<BufferSource>): AsyncGenerator<ServerEvent> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield* parser.push(value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

export interface FollowOptions {
  /** Return true to stop following (the last event the caller needs). */
  onEvent: (event: ServerEvent) => boolean | void;
  onStateChange?: (state: "open" | "reconnecting" | "closed") => void;
  signal?: AbortSignal;
  lastEventId?: string | null;
  maxRetries?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Follow `path` until the caller stops, the server ends the stream for good, or `signal` aborts. */
export async function follow(path: string, options: FollowOptions): Promise<void> {
  const { onEvent, onStateChange, signal } = options;
  let lastId = options.lastEventId ?? null;
  let failures = 0;
  const maxRetries = options.maxRetries ?? 8;
  while (!signal?.aborted) {
    let finished = false;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await authFetch(
        new Request(new URL(path, window.location.origin), { headers, signal }),
      );
      if (!response.ok || !response.body) {
        if (response.status >= 400 && response.status < 500) break; // not retryable
        throw new Error(`stream answered ${response.status}`);
      }
      onStateChange?.("open");
      failures = 0;
      for await (const event of readEvents(response.body)) {
        if (event.id) lastId = event.id;
        if (onEvent(event)) {
          finished = true;
          break; // the generator's `finally` cancels the body
        }
      }
      if (finished) break;
      // the server closed the stream without our last event: resume after what we saw
    } catch {
      if (signal?.aborted) break;
      failures += 1;
      if (failures > maxRetries) break;
    }
    onStateChange?.("reconnecting");
    await sleep(Math.min(500 * 2 ** failures, 8000), signal);
  }
  onStateChange?.("closed");
}
