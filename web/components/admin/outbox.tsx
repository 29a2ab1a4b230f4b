"use client";

// The outbox for admins (app/admin.py): what has not been delivered (mail, webhooks, app tasks),
// with the last error and the attempts, and a retry. Failures are listed, never dropped.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Message = components["schemas"]["OutboxMessageOut"];
type State = "failed" | "pending" | "delivered";

function summary(m: Message): string {
  const p = m.payload as Record<string, unknown>;
  if (typeof p.to === "string") return `to ${p.to}: ${String(p.subject ?? "")}`;
  if (typeof p.url === "string") return `to ${p.url}`;
  return Object.keys(p).slice(0, 4).join(", ");
}

export function Outbox() {
  const [state, setState] = React.useState<State>("failed");
  const [topic, setTopic] = React.useState(""); // "" is every kind
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ["outbox", state, topic],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/admin/outbox", { params: { query: { state, topic: topic || undefined, cursor: pageParam, limit: 50 } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const retry = useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/admin/outbox/{message_id}/retry", { params: { path: { message_id: id } } })),
    onSuccess: () => {
      toast({ title: "Queued again", description: "The worker tries it now, with a fresh set of attempts." });
      void queryClient.invalidateQueries({ queryKey: ["outbox"] });
    },
    onError: (e) => toast({ title: "Couldn't retry", description: (e as Error).message, tone: "error" }),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Outbox</h1>
      <p className="text-sm text-muted-fg">
        Mail, webhooks and background tasks leave through the outbox. A message that failed every attempt stays here until you retry it.
      </p>
      <div className="flex flex-wrap gap-4">
        <div>
          <label htmlFor="outbox-state" className="block text-sm font-medium">
            Show
          </label>
          <Select id="outbox-state" value={state} onChange={(e) => setState(e.target.value as State)}>
            <option value="failed">Failed</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
          </Select>
        </div>
        <div>
          <label htmlFor="outbox-topic" className="block text-sm font-medium">
            Kind
          </label>
          <Select id="outbox-topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
            <option value="">Everything</option>
            <option value="kit.mail">Mail</option>
            <option value="grading.webhook">Webhooks</option>
          </Select>
        </div>
      </div>
      {list.isPending ? (
        <Loading label="Loading the outbox" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>Nothing {state} in the outbox.</Empty>
      ) : (
        <ol className="flex flex-col gap-2" aria-label="Outbox messages, newest first">
          {items.map((m) => (
            <li key={m.id} className="rounded-md border border-border p-3 text-sm" data-testid="outbox-row">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0 flex-1">
                  <p className="font-mono text-xs text-muted-fg">{m.topic}</p>
                  <p className="break-words">{summary(m)}</p>
                </div>
                {m.state !== "delivered" && (
                  <Button size="sm" variant="outline" onClick={() => retry.mutate(m.id)} disabled={retry.isPending}>
                    Retry<span className="sr-only"> {summary(m)}</span>
                  </Button>
                )}
              </div>
              <p className="mt-1 text-xs text-muted-fg">
                {m.attempts} {m.attempts === 1 ? "attempt" : "attempts"} · created{" "}
                <time dateTime={m.created_at}>{new Date(m.created_at).toLocaleString()}</time>
                {m.delivered_at && (
                  <>
                    {" "}
                    · delivered <time dateTime={m.delivered_at}>{new Date(m.delivered_at).toLocaleString()}</time>
                  </>
                )}
                {m.next_at && m.state === "pending" && (
                  <>
                    {" "}
                    · next try <time dateTime={m.next_at}>{new Date(m.next_at).toLocaleString()}</time>
                  </>
                )}
              </p>
              {m.last_error && <p className="mt-1 break-words text-xs text-danger">{m.last_error}</p>}
            </li>
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <Button variant="outline" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          Show more
        </Button>
      )}
    </div>
  );
}
