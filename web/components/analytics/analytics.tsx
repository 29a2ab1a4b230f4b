"use client";

// The instructors' analytics as charts (Recharts): enrollments and completions over time, pass
// rates over time, the completion funnel and each quiz question's difficulty and discrimination.
// Every chart has its numbers in a table beside it (for screen readers and for copying), and each
// figure downloads as CSV.
import { useQuery } from "@tanstack/react-query";
import * as React from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { TeachNav } from "@/components/teach/course-editor";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { download } from "@/lib/download";

type S = components["schemas"];
const PRIMARY = "var(--primary)";
const SECOND = "var(--success)";
const AXIS = { stroke: "var(--muted-fg)", fontSize: 12 };

function day(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/** A prompt's Markdown as plain text, shortened (for tables of figures). */
function plain(markdown: string): string {
  const text = markdown.replace(/[*_`#>[\]]/g, "").replace(/\s+/g, " ").trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function Figure({
  id,
  title,
  csv,
  slug,
  children,
  table,
  empty,
}: {
  id: string;
  title: string;
  csv: string;
  slug: string;
  children: React.ReactNode;
  table: React.ReactNode;
  empty?: boolean;
}) {
  const toast = useToast();
  return (
    <figure aria-labelledby={`${id}-title`} className="rounded-lg border border-border p-4" data-testid={`chart-${id}`}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <figcaption id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </figcaption>
        <Button
          size="sm"
          variant="outline"
          onClick={() =>
            download(`/api/v1/courses/${slug}/analytics/${csv}${csv.includes("?") ? "&" : "?"}format=csv`, `${slug}-${id}.csv`).catch(
              (e: Error) => toast({ title: "Couldn't download", description: e.message, tone: "error" }),
            )
          }
          aria-label={`Download ${title} as CSV`}
        >
          CSV
        </Button>
      </div>
      {/* Recharts' keyboard layer: focus a chart, then arrows move through its points */}
      {empty ? (
        <Empty>Nothing yet for this period.</Empty>
      ) : (
        <div className="h-64 w-full" role="group" aria-label={`${title}: chart (arrow keys move through the points)`}>
          {children}
        </div>
      )}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-primary">The numbers</summary>
        <div className="mt-2 overflow-x-auto">{table}</div>
      </details>
    </figure>
  );
}

function Numbers({ head, rows }: { head: string[]; rows: (string | number | null | undefined)[][] }) {
  return (
    <table className="w-full text-left">
      <thead className="text-muted-fg">
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" className="pr-3">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} className="border-t border-border">
            {r.map((c, j) => (
              <td key={j} className="pr-3">
                {c ?? "–"}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function get<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  return unwrap(call) as Promise<T>; // JSON here: the same endpoints answer CSV with ?format=csv
}

export function Analytics({ slug }: { slug: string }) {
  const [unit, setUnit] = React.useState<"day" | "week" | "month">("week");
  const path = { params: { path: { slug }, query: { unit } } };
  const enrollments = useQuery({
    queryKey: ["analytics", slug, "enrollments", unit],
    queryFn: () => get<S["Period"][]>(api.GET("/api/v1/courses/{slug}/analytics/enrollments", path)),
  });
  const rates = useQuery({
    queryKey: ["analytics", slug, "pass-rates", unit],
    queryFn: () => get<S["PassRate"][]>(api.GET("/api/v1/courses/{slug}/analytics/pass-rates", path)),
  });
  const funnel = useQuery({
    queryKey: ["analytics", slug, "funnel"],
    queryFn: () => get<S["FunnelStep"][]>(api.GET("/api/v1/courses/{slug}/analytics/funnel", { params: { path: { slug } } })),
  });
  const challenges = useQuery({
    queryKey: ["analytics", slug, "challenges"],
    queryFn: () => get<S["ChallengeFigures"][]>(api.GET("/api/v1/courses/{slug}/analytics/challenges", { params: { path: { slug } } })),
  });
  const failing = useQuery({
    queryKey: ["analytics", slug, "failing"],
    queryFn: () => get<S["FailingTest"][]>(api.GET("/api/v1/courses/{slug}/analytics/failing-tests", { params: { path: { slug } } })),
  });
  const quizzes = useQuery({
    queryKey: ["quizzes", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/quizzes", { params: { path: { slug } } })),
  });
  const first = [enrollments, rates, funnel, challenges, failing, quizzes].find((q) => q.isError);
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Analytics</h1>
      <TeachNav slug={slug} here={`/teach/${slug}/analytics`} />
      <div className="mb-4 max-w-xs">
        <Field id="analytics-unit" label="Group by">
          <Select value={unit} onChange={(e) => setUnit(e.target.value as "day" | "week" | "month")}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </Select>
        </Field>
      </div>
      {first ? (
        <ErrorState error={first.error} retry={() => first.refetch()} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {enrollments.data ? (
            <Figure id="enrollments" title="Enrollments and completions" csv={`enrollments?unit=${unit}`} slug={slug} empty={!enrollments.data.length}
              table={<Numbers head={["Period", "Enrolled", "Completed"]} rows={enrollments.data.map((p) => [day(p.bucket), p.enrolled, p.completed])} />}>
              <ResponsiveContainer>
                <LineChart data={enrollments.data.map((p) => ({ ...p, label: day(p.bucket) }))}>
                  <CartesianGrid stroke="var(--border)" />
                  <XAxis dataKey="label" tick={AXIS} />
                  <YAxis allowDecimals={false} tick={AXIS} />
                  <Tooltip />
                  <Legend />
                  <Line type="monotone" dataKey="enrolled" name="Enrolled" stroke={PRIMARY} strokeWidth={2} dot={{ r: 4 }} />
                  <Line type="monotone" dataKey="completed" name="Completed" stroke={SECOND} strokeWidth={2} strokeDasharray="5 3" dot={{ r: 3 }} />
                </LineChart>
              </ResponsiveContainer>
            </Figure>
          ) : (
            <Loading label="Loading enrollments" />
          )}
          {rates.data ? (
            <Figure id="pass-rates" title="Challenge pass rate over time" csv={`pass-rates?unit=${unit}`} slug={slug} empty={!rates.data.length}
              table={<Numbers head={["Period", "Judged", "Accepted", "Pass rate"]} rows={rates.data.map((p) => [day(p.bucket), p.judged, p.accepted, p.pass_rate === null ? null : `${Math.round(p.pass_rate * 100)}%`])} />}>
              <ResponsiveContainer>
                <BarChart data={rates.data.map((p) => ({ label: day(p.bucket), rate: Math.round((p.pass_rate ?? 0) * 100) }))}>
                  <CartesianGrid stroke="var(--border)" />
                  <XAxis dataKey="label" tick={AXIS} />
                  <YAxis unit="%" domain={[0, 100]} tick={AXIS} />
                  <Tooltip />
                  <Bar dataKey="rate" name="Accepted" fill={PRIMARY} />
                </BarChart>
              </ResponsiveContainer>
            </Figure>
          ) : (
            <Loading label="Loading pass rates" />
          )}
          {funnel.data ? (
            <Figure id="funnel" title="Completion funnel: where learners stop" csv="funnel" slug={slug} empty={!funnel.data.length}
              table={<Numbers head={["#", "Lesson", "Started", "Completed", "Stopped after"]} rows={funnel.data.map((f) => [f.position, f.title, f.started, f.completed, f.stopped_after])} />}>
              <ResponsiveContainer>
                <BarChart data={funnel.data.map((f) => ({ label: `${f.position}. ${f.title}`, started: f.started, completed: f.completed }))}>
                  <CartesianGrid stroke="var(--border)" />
                  <XAxis dataKey="label" tick={AXIS} interval={0} angle={-20} textAnchor="end" height={60} />
                  <YAxis allowDecimals={false} tick={AXIS} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="started" name="Started" fill="var(--muted-fg)" />
                  <Bar dataKey="completed" name="Completed" fill={PRIMARY} />
                </BarChart>
              </ResponsiveContainer>
            </Figure>
          ) : (
            <Loading label="Loading the funnel" />
          )}
          <section aria-labelledby="challenges-title" className="rounded-lg border border-border p-4">
            <h2 id="challenges-title" className="mb-2 text-lg font-semibold">
              Challenges
            </h2>
            {challenges.data?.length ? (
              <Numbers
                head={["Lesson", "Submitted", "Passed", "Pass rate", "Submissions to AC", "Median time to AC"]}
                rows={challenges.data.map((c) => [
                  c.title,
                  c.attempted,
                  c.passed,
                  c.pass_rate === null ? null : `${Math.round((c.pass_rate ?? 0) * 100)}%`,
                  c.mean_submissions_to_ac?.toFixed(1),
                  c.median_seconds_to_ac === null || c.median_seconds_to_ac === undefined ? null : `${Math.round(c.median_seconds_to_ac / 60)} min`,
                ])}
              />
            ) : (
              <Empty>No challenge lessons yet.</Empty>
            )}
            {!!failing.data?.length && (
              <>
                <h3 className="mb-1 mt-4 font-semibold">Tests failed first most often</h3>
                <Numbers head={["Lesson", "Test", "Failures", "Learners"]} rows={failing.data.map((f) => [f.title, f.test, f.failures, f.learners])} />
              </>
            )}
          </section>
          {quizzes.data?.map((q) => <QuizItems key={q.id} slug={slug} quizId={q.id} title={q.title} />)}
        </div>
      )}
    </>
  );
}

function QuizItems({ slug, quizId, title }: { slug: string; quizId: string; title: string }) {
  const items = useQuery({
    queryKey: ["analytics", slug, "quiz", quizId],
    queryFn: () =>
      get<S["ItemFigures"][]>(api.GET("/api/v1/courses/{slug}/analytics/quizzes/{quiz_id}/items", { params: { path: { slug, quiz_id: quizId } } })),
  });
  if (!items.data) return <Loading label={`Loading ${title}`} />;
  const data = items.data.map((x, i) => ({
    label: `Q${i + 1}`,
    difficulty: Math.round((x.difficulty ?? 0) * 100),
    discrimination: x.discrimination === null || x.discrimination === undefined ? 0 : Math.round(x.discrimination * 100) / 100,
  }));
  return (
    <Figure
      id={`quiz-${quizId}`}
      title={`${title}: share correct per question`}
      csv={`quizzes/${quizId}/items`}
      slug={slug}
      empty={items.data.length === 0}
      table={
        <>
          <Numbers
            head={["#", "Question", "Answered", "Share correct", "Discrimination"]}
            rows={items.data.map((x, i) => [i + 1, plain(x.prompt), x.answered, x.difficulty === null ? null : `${Math.round((x.difficulty ?? 0) * 100)}%`, x.discrimination?.toFixed(2)])}
          />
          {items.data
            .filter((x) => x.options)
            .map((x) => (
              <div key={x.question_id} className="mt-3">
                <p className="font-medium">Options of “{plain(x.prompt)}”</p>
                <Numbers
                  head={["Option", "Right", "Picked", "Share", "Mean total of pickers"]}
                  rows={(x.options ?? []).map((o) => [o.text, o.correct ? "yes" : "no", o.chosen, `${Math.round(o.share * 100)}%`, o.mean_total_of_choosers?.toFixed(1)])}
                />
              </div>
            ))}
        </>
      }
    >
      <ResponsiveContainer>
        <BarChart data={data}>
          <CartesianGrid stroke="var(--border)" />
          <XAxis dataKey="label" tick={AXIS} />
          <YAxis unit="%" domain={[0, 100]} tick={AXIS} />
          <Tooltip />
          <Bar dataKey="difficulty" name="Share correct" fill={PRIMARY} />
        </BarChart>
      </ResponsiveContainer>
    </Figure>
  );
}
