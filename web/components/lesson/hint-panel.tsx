"use client";

// Hints beside the editor (lms/hints): the ladder (nudge, concept, pointed step, line reference),
// the hints so far, and the next one streamed as it arrives. What streams in is what passed the
// server's guard; a `retract` event takes it back (a leaked solution), and `done` carries the hint
// as kept, which replaces whatever streamed.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { ErrorState, Loading } from "@/components/ui/states";
import { api, authFetch, unwrap } from "@/lib/api/client";
import { ApiError } from "@/lib/api/problem";
import { readEvents } from "@/lib/api/sse";
import { cn } from "@/lib/utils";

const RUNGS = ["Nudge", "Concept", "Pointed step", "Line reference"];

interface Streaming {
  rung: number;
  text: string;
  done: boolean;
  engine?: string;
  note?: string;
}

/** Plain text with `inline code` and fenced blocks, no HTML from the model ever rendered. */
function HintText({ text }: { text: string }) {
  const parts = text.split(/```[^\n]*\n?([\s\S]*?)(?:```|$)/);
  return (
    <div className="flex flex-col gap-2 text-sm leading-relaxed">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <pre key={i} tabIndex={0} className="overflow-x-auto rounded bg-muted p-2 font-mono text-xs">
            {part}
          </pre>
        ) : part.trim() ? (
          <p key={i} className="whitespace-pre-wrap">
            {part
              .trim()
              .split(/(`[^`\n]+`)/)
              .map((bit, j) =>
                bit.startsWith("`") && bit.endsWith("`") && bit.length > 2 ? (
                  <code key={j} className="rounded bg-muted px-1 font-mono text-xs">
                    {bit.slice(1, -1)}
                  </code>
                ) : (
                  <React.Fragment key={j}>{bit}</React.Fragment>
                ),
              )}
          </p>
        ) : null,
      )}
    </div>
  );
}

export function HintPanel({ courseSlug, challenge }: { courseSlug: string; challenge: string }) {
  const queryClient = useQueryClient();
  const path = { slug: courseSlug, challenge };
  const key = ["hints", courseSlug, challenge];
  const mine = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/challenges/{challenge}/hints", { params: { path } })),
  });
  const [question, setQuestion] = React.useState("");
  const [live, setLive] = React.useState<Streaming | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const abort = React.useRef<AbortController | null>(null);
  React.useEffect(() => () => abort.current?.abort(), []);

  const ask = async () => {
    setBusy(true);
    setError(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const response = await authFetch(
        new Request(`/api/v1/courses/${encodeURIComponent(courseSlug)}/challenges/${encodeURIComponent(challenge)}/hints`, {
          method: "POST",
          headers: { Accept: "text/event-stream", "Content-Type": "application/json" },
          body: JSON.stringify({ question: question.trim() || undefined }),
          signal: controller.signal,
        }),
      );
      if (!response.ok || !response.body) {
        const problem = await response.json().catch(() => ({ detail: `request failed (${response.status})` }));
        throw new ApiError(response.status, problem);
      }
      for await (const event of readEvents(response.body)) {
        const data = event.data as { text?: string; rung?: number; engine?: string; reason?: string };
        if (event.event === "hint") setLive({ rung: data.rung ?? 1, text: "", done: false, engine: data.engine });
        else if (event.event === "delta") setLive((s) => s && { ...s, text: s.text + (data.text ?? "") });
        else if (event.event === "retract") setLive((s) => s && { ...s, text: "", note: "That hint was withdrawn; here is another." });
        else if (event.event === "done") setLive((s) => s && { ...s, text: data.text ?? "", engine: data.engine, done: true });
      }
      setQuestion("");
      await queryClient.invalidateQueries({ queryKey: key });
      setLive(null);
    } catch (e) {
      if ((e as Error).name !== "AbortError") {
        setLive(null);
        const retry = e instanceof ApiError && e.status === 429;
        setError(retry ? `${(e as Error).message}.` : (e as Error).message);
      }
    } finally {
      setBusy(false);
    }
  };

  if (mine.isPending) return <Loading label="Loading hints" />;
  if (mine.isError) return <ErrorState error={mine.error} retry={() => mine.refetch()} />;
  const { enabled, remaining, next_rung: next, hints } = mine.data;
  const at = live ? live.rung : next;

  return (
    <section aria-labelledby="hints-title" className="rounded-md border border-border p-3" data-testid="hint-panel">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="hints-title" className="font-semibold">
          Hints
        </h2>
        {enabled && (
          <p className="text-sm text-muted-fg" data-testid="hints-left">
            {remaining} {remaining === 1 ? "hint" : "hints"} left today
          </p>
        )}
      </div>
      {!enabled ? (
        <p className="mt-2 text-sm text-muted-fg">Hints are turned off for this challenge.</p>
      ) : (
        <>
          <ol aria-label="How specific the next hint is" className="mt-2 grid grid-cols-2 gap-1 text-xs sm:grid-cols-4">
            {RUNGS.map((name, i) => (
              <li
                key={name}
                aria-current={i + 1 === at ? "step" : undefined}
                className={cn(
                  "rounded px-2 py-1 text-center",
                  i + 1 < at ? "bg-muted text-muted-fg" : i + 1 === at ? "bg-primary text-primary-fg font-semibold" : "border border-border",
                )}
              >
                {i + 1}. {name}
              </li>
            ))}
          </ol>
          {hints.length > 0 && (
            <ol className="mt-3 flex flex-col gap-3" aria-label="Your hints so far">
              {hints.map((h) => (
                <li key={h.id} className="rounded bg-muted/50 p-2">
                  <p className="mb-1 text-xs font-medium text-muted-fg">
                    {h.rung}. {RUNGS[h.rung - 1]}
                    {h.engine === "offline" ? " · from the grader's report" : ""}
                  </p>
                  <HintText text={h.text} />
                </li>
              ))}
            </ol>
          )}
          <div aria-live="polite" aria-busy={busy} className="mt-3">
            {live && (
              <div className="rounded border border-primary/40 p-2" data-testid="hint-live">
                <p className="mb-1 text-xs font-medium text-muted-fg">
                  {live.rung}. {RUNGS[live.rung - 1]}
                  {live.done ? "" : " · writing…"}
                </p>
                {live.note && <p className="mb-1 text-xs text-muted-fg">{live.note}</p>}
                <HintText text={live.text} />
              </div>
            )}
            {error && (
              <p role="alert" className="rounded-md border border-danger p-2 text-sm text-danger">
                {error}
              </p>
            )}
          </div>
          <div className="mt-3">
            <label htmlFor="hint-question" className="block text-sm font-medium">
              What are you stuck on? (optional)
            </label>
            <Textarea id="hint-question" rows={2} maxLength={500} value={question} onChange={(e) => setQuestion(e.target.value)} />
          </div>
          <Button className="mt-2" onClick={ask} disabled={busy || remaining < 1}>
            {busy ? "Thinking…" : hints.length ? "Another hint" : "Get a hint"}
          </Button>
        </>
      )}
    </section>
  );
}
