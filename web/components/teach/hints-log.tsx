"use client";

// Every hint asked for in the course, for its staff (lms/hints): who asked on which challenge,
// the rung, what the learner saw, and, opened, the prompt sent, the model's raw reply and what
// the guard removed or replaced.
import { useQuery } from "@tanstack/react-query";
import * as React from "react";
import { TeachNav } from "@/components/teach/course-editor";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";

export function HintsLog({ slug }: { slug: string }) {
  const log = useQuery({
    queryKey: ["hints-log", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/hints", { params: { path: { slug } } })),
  });
  return (
    <div className="flex flex-col gap-4">
      <TeachNav slug={slug} here={`/teach/${slug}/hints`} />
      <h1 className="text-2xl font-bold">Hints</h1>
      <p className="text-sm text-muted-fg">
        Every hint your learners asked for, newest first, with the prompt the AI received and its reply before the guard.
        Turn hints off for the course in its settings, or for one challenge on the challenge.
      </p>
      {log.isPending ? (
        <Loading label="Loading the hints" />
      ) : log.isError ? (
        <ErrorState error={log.error} retry={() => log.refetch()} />
      ) : log.data.length === 0 ? (
        <Empty>No hints asked for yet.</Empty>
      ) : (
        <ol className="flex flex-col gap-3" aria-label="Hints asked for">
          {log.data.map((h) => (
            <li key={h.id} className="rounded-md border border-border p-3" data-testid="logged-hint">
              <p className="text-sm">
                <strong>{h.user_name}</strong> on <strong>{h.challenge_title}</strong> · rung {h.rung} ({h.rung_name}) ·{" "}
                {h.engine === "ai" ? `AI (${h.model ?? "model"}, ${h.tokens} tokens)` : "offline engine"} ·{" "}
                <time dateTime={h.created_at}>{new Date(h.created_at).toLocaleString()}</time>
              </p>
              <p className="mt-2 whitespace-pre-wrap text-sm">{h.text || "(no hint was given)"}</p>
              {h.notes.length > 0 && (
                <ul className="mt-2 list-disc pl-5 text-xs text-muted-fg">
                  {h.notes.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
              )}
              {(h.prompt.length > 0 || h.raw) && (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer text-primary">The prompt and the raw reply</summary>
                  {h.prompt.map((m, i) => (
                    <div key={i} className="mt-2">
                      <p className="text-xs font-medium text-muted-fg">{String(m.role)}</p>
                      <pre tabIndex={0} className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 text-xs">{String(m.content)}</pre>
                    </div>
                  ))}
                  {h.raw && (
                    <div className="mt-2">
                      <p className="text-xs font-medium text-muted-fg">reply, before the guard</p>
                      <pre tabIndex={0} className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 text-xs">{h.raw}</pre>
                    </div>
                  )}
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
