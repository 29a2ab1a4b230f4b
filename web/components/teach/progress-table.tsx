"use client";

import { useQuery } from "@tanstack/react-query";
import { TeachNav } from "@/components/teach/course-editor";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";
import { formatDate, percent } from "@/lib/utils";

const MARK: Record<string, { sign: string; label: string }> = {
  completed: { sign: "●", label: "completed" },
  in_progress: { sign: "◐", label: "in progress" },
};

export function ProgressTable({ slug }: { slug: string }) {
  const table = useQuery({
    queryKey: ["progress-table", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/progress", { params: { path: { slug }, query: { limit: 200 } } })),
    refetchInterval: 15_000,
  });
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Learners&apos; progress</h1>
      <TeachNav slug={slug} here={`/teach/${slug}/progress`} />
      {table.isPending ? (
        <Loading />
      ) : table.isError ? (
        <ErrorState error={table.error} retry={() => table.refetch()} />
      ) : table.data.items.length === 0 ? (
        <Empty>No learners yet.</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">One row per learner, one column per published lesson</caption>
            <thead>
              <tr className="text-muted-fg">
                <th scope="col" className="py-1 pr-3">Learner</th>
                <th scope="col" className="pr-3">Progress</th>
                <th scope="col" className="pr-3">Last active</th>
                {table.data.lessons.map((l, i) => (
                  <th key={l.id} scope="col" className="px-1 text-center" title={l.title}>
                    <span aria-hidden>{i + 1}</span>
                    <span className="sr-only">{l.title}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.data.items.map((r) => (
                <tr key={r.user_id} className="border-t border-border">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {r.name}
                    <span className="block text-xs text-muted-fg">{r.email}</span>
                  </th>
                  <td className="pr-3">{r.completed_at ? "Completed" : percent(r.percent)}</td>
                  <td className="pr-3">{formatDate(r.last_activity_at)}</td>
                  {table.data.lessons.map((l) => {
                    const m = MARK[r.lessons[l.id] ?? ""];
                    return (
                      <td key={l.id} className="px-1 text-center">
                        <span aria-hidden className={m ? "text-success" : "text-muted-fg"}>{m?.sign ?? "○"}</span>
                        <span className="sr-only">{m?.label ?? "not started"}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
