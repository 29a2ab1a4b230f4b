"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import * as React from "react";
import { HintPanel } from "@/components/lesson/hint-panel";
import { Button } from "@/components/ui/button";
import { Select, Textarea } from "@/components/ui/input";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { follow } from "@/lib/api/sse";
import { useDraft } from "@/lib/hooks/use-draft";
import { VERDICTS, verdictName } from "@/lib/verdicts";
import { cn } from "@/lib/utils";

const CodeEditor = dynamic(() => import("@/components/lesson/code-editor"), {
  ssr: false,
  loading: () => <p className="p-4 text-muted-fg">Loading the editor…</p>,
});

type Submission = components["schemas"]["SubmissionOut"];

export interface TestRow {
  name: string;
  verdict: string;
  sample?: boolean;
  time?: number;
  memory_kb?: number;
  feedback?: string;
}

interface RunState {
  id: string;
  mode: "run" | "submit";
  phase: string;
  tests: TestRow[];
  final: Submission | null;
  connection: "open" | "reconnecting" | "closed";
}

function useDark(): boolean {
  const [dark, setDark] = React.useState(false);
  React.useEffect(() => {
    const read = () => setDark(document.documentElement.classList.contains("dark"));
    read();
    const observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

/** True once the element has come into view: Monaco (a few MB) loads only when its box is seen. */
function useSeen<T extends Element>(): [(node: T | null) => void, boolean] {
  const [node, setNode] = React.useState<T | null>(null);
  const [seen, setSeen] = React.useState(false);
  React.useEffect(() => {
    if (!node || seen) return;
    if (typeof IntersectionObserver === "undefined") return setSeen(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { rootMargin: "200px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, [node, seen]);
  return [setNode, seen];
}

export function ChallengeWorkspace({
  challengeRef,
  version,
  lessonKey,
  courseSlug,
  initial,
  onSubmitted,
  hints = false,
}: {
  challengeRef: string;
  version: number | null;
  lessonKey: string;
  courseSlug: string;
  initial?: components["schemas"]["ChallengeOut"];
  /** A graded submission was made (a quiz's code question records it as the answer). */
  onSubmitted?: (submissionId: string) => void;
  /** show the hint panel (a challenge lesson; not a quiz's code question) */
  hints?: boolean;
}) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const dark = useDark();
  const challenge = useQuery({
    queryKey: ["challenge", challengeRef],
    queryFn: () => unwrap(api.GET("/api/v1/challenges/{ref}", { params: { path: { ref: challengeRef } } })),
    initialData: initial,
  });
  const languages = challenge.data?.languages ?? [];
  const [language, setLanguage] = useDraft(`uw:lang:${lessonKey}`, "");
  const current = languages.includes(language) ? language : (languages[0] ?? "");
  const starter = challenge.data?.starter?.[current] ?? "";
  const [source, setSource, resetSource] = useDraft(`uw:draft:${lessonKey}:${current}`, starter);
  const [stdin, setStdin] = React.useState("");
  const [custom, setCustom] = React.useState(false);
  const [run, setRun] = React.useState<RunState | null>(null);
  const [busy, setBusy] = React.useState(false);
  const abort = React.useRef<AbortController | null>(null);
  React.useEffect(() => () => abort.current?.abort(), []);
  const [editorBox, editorSeen] = useSeen<HTMLDivElement>();

  const start = async (mode: "run" | "submit") => {
    abort.current?.abort();
    setBusy(true);
    try {
      const created = await unwrap(
        api.POST("/api/v1/submissions", {
          body: {
            challenge_id: challengeRef,
            language: current,
            source,
            mode,
            version: version ?? undefined,
            stdin: mode === "run" && custom ? stdin : undefined,
          },
        }),
      );
      if (mode === "submit") onSubmitted?.(created.id);
      const state: RunState = { id: created.id, mode, phase: "queued", tests: [], final: null, connection: "open" };
      setRun(state);
      const controller = new AbortController();
      abort.current = controller;
      await follow(`/api/v1/submissions/${created.id}/events`, {
        signal: controller.signal,
        onStateChange: (connection) => setRun((r) => (r && r.id === created.id ? { ...r, connection } : r)),
        onEvent: (event) => {
          const data = event.data as Record<string, unknown>;
          if (event.event === "test") {
            const row = data as unknown as TestRow;
            setRun((r) =>
              r && r.id === created.id && !r.tests.some((t) => t.name === row.name)
                ? { ...r, phase: "testing", tests: [...r.tests, row] }
                : r,
            );
            return false;
          }
          if (event.event === "final") {
            const final = data as unknown as Submission;
            const tests = ((final.result as { tests?: TestRow[] } | null)?.tests ?? []) as TestRow[];
            setRun((r) => (r && r.id === created.id ? { ...r, phase: "done", final, tests: tests.length ? tests : r.tests } : r));
            if (mode === "submit") {
              void queryClient.invalidateQueries({ queryKey: ["outline", courseSlug] });
              void queryClient.invalidateQueries({ queryKey: ["lesson", courseSlug] });
              void queryClient.invalidateQueries({ queryKey: ["hints", courseSlug, challengeRef] }); // a new ladder
            }
            return true;
          }
          setRun((r) => (r && r.id === created.id ? { ...r, phase: event.event } : r));
          return false;
        },
      });
    } catch (e) {
      toast({ title: mode === "run" ? "Couldn't run your code" : "Couldn't submit", description: (e as Error).message, tone: "error" });
    } finally {
      setBusy(false);
    }
  };

  if (challenge.isPending) return <Loading label="Loading the challenge" />;
  if (challenge.isError) return <ErrorState error={challenge.error} retry={() => challenge.refetch()} />;
  const c = challenge.data;

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="statement-title" className="min-w-0">
        <h2 id="statement-title" className="sr-only">
          The challenge: {c.title}
        </h2>
        <p className="text-sm text-muted-fg">
          Time limit {c.time_limit ?? "?"} s · memory {c.memory_mb ?? "?"} MB
        </p>
        <div className="prose-uw mt-3" dangerouslySetInnerHTML={{ __html: c.statement_html ?? "" }} />
        {c.samples.length > 0 && (
          <>
            <h3 className="mt-4 font-semibold">Samples</h3>
            {c.samples.map((s, i) =>
              s.case !== undefined ? (
                <pre key={i} className="mt-2 overflow-x-auto rounded bg-muted p-2 text-sm">{String(s.case)}</pre>
              ) : (
              <div key={i} className="mt-2 grid gap-2 sm:grid-cols-2">
                <div>
                  <p className="text-xs text-muted-fg">Input</p>
                  <pre className="overflow-x-auto rounded bg-muted p-2 text-sm">{String(s.input ?? "")}</pre>
                </div>
                <div>
                  <p className="text-xs text-muted-fg">Expected output</p>
                  <pre className="overflow-x-auto rounded bg-muted p-2 text-sm">{String(s.output ?? "")}</pre>
                </div>
              </div>
              ),
            )}
          </>
        )}
      </section>

      <section aria-label="Your solution" className="flex min-w-0 flex-col gap-3">
        <div className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="language" className="block text-sm font-medium">
              Language
            </label>
            <Select id="language" value={current} onChange={(e) => setLanguage(e.target.value)}>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </Select>
          </div>
          <Button variant="ghost" size="sm" onClick={resetSource} type="button">
            Reset to starter code
          </Button>
        </div>
        <div ref={editorBox} className="h-80 overflow-hidden rounded-md border border-border sm:h-96" data-testid="editor">
          {editorSeen ? (
            <CodeEditor
              language={current}
              value={source}
              onChange={setSource}
              dark={dark}
              label={`Code editor, ${current}. Press Ctrl+M to make Tab move focus.`}
            />
          ) : (
            <p className="p-4 text-muted-fg">The editor loads when you scroll to it…</p>
          )}
        </div>
        <div className="flex items-center gap-2">
          <input id="custom" type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} className="h-4 w-4" />
          <label htmlFor="custom" className="text-sm">
            Run on my own input instead of the samples
          </label>
        </div>
        {custom && (
          <div>
            <label htmlFor="stdin" className="block text-sm font-medium">
              Input
            </label>
            <Textarea id="stdin" rows={4} className="font-mono" value={stdin} onChange={(e) => setStdin(e.target.value)} />
          </div>
        )}
        <div className="flex gap-2">
          <Button variant="outline" onClick={() => start("run")} disabled={busy || !source.trim()}>
            Run
          </Button>
          <Button onClick={() => start("submit")} disabled={busy || !source.trim()}>
            Submit
          </Button>
        </div>
        {run && <Results run={run} />}
        {hints && <HintPanel courseSlug={courseSlug} challenge={challengeRef} />}
      </section>
    </div>
  );
}

const PHASES: Record<string, string> = {
  queued: "Waiting for a free runner…",
  started: "Starting…",
  compiling: "Compiling…",
  compiled: "Compiled. Running the tests…",
  testing: "Running the tests…",
};

export function Results({ run }: { run: RunState }) {
  const final = run.final;
  const result = (final?.result ?? null) as { stdout?: string; stderr?: string; compile_output?: string; error?: string } | null;
  const verdict = final?.verdict ?? null;
  const info = verdict ? VERDICTS[verdict] : null;
  return (
    <div className="rounded-md border border-border p-3" aria-live="polite" data-testid="results">
      <h3 className="font-semibold">{run.mode === "run" ? "Run" : "Submission"}</h3>
      {!final ? (
        <p className="text-sm text-muted-fg" role="status">
          {PHASES[run.phase] ?? `${run.phase}…`}
          {run.connection === "reconnecting" && " (connection lost, reconnecting…)"}
        </p>
      ) : (
        <div className="mt-1">
          <p className={cn("text-lg font-bold", info?.good ? "text-success" : "text-danger")} data-testid="verdict">
            {verdictName(verdict)}
            {final.max_points ? ` · ${final.points ?? 0} / ${final.max_points} points` : ""}
          </p>
          {info && <p className="text-sm">{info.explain}</p>}
          {result?.compile_output && (
            <pre className="mt-2 max-h-48 overflow-auto rounded bg-muted p-2 text-xs">{result.compile_output}</pre>
          )}
          {result?.error && <p className="mt-2 text-sm text-danger">{result.error}</p>}
          {result?.stdout !== undefined && (
            <>
              <p className="mt-2 text-xs text-muted-fg">Output</p>
              <pre className="max-h-48 overflow-auto rounded bg-muted p-2 text-xs" data-testid="stdout">{result.stdout}</pre>
            </>
          )}
          {result?.stderr ? (
            <>
              <p className="mt-2 text-xs text-muted-fg">Errors</p>
              <pre className="max-h-48 overflow-auto rounded bg-muted p-2 text-xs">{result.stderr}</pre>
            </>
          ) : null}
        </div>
      )}
      {run.tests.length > 0 && (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Tests</caption>
          <thead>
            <tr className="text-xs text-muted-fg">
              <th scope="col" className="py-1">Test</th>
              <th scope="col">Verdict</th>
              <th scope="col">Time</th>
              <th scope="col">Memory</th>
            </tr>
          </thead>
          <tbody>
            {run.tests.map((t) => (
              <React.Fragment key={t.name}>
                <tr className="border-t border-border" data-testid="test-row">
                  <td className="py-1">
                    {t.name}
                    {t.sample ? " (sample)" : ""}
                  </td>
                  <td className={VERDICTS[t.verdict]?.good ? "text-success" : "text-danger"}>{verdictName(t.verdict)}</td>
                  <td>{t.time !== undefined ? `${Math.round(t.time * 1000)} ms` : ""}</td>
                  <td>{t.memory_kb ? `${(t.memory_kb / 1024).toFixed(1)} MB` : ""}</td>
                </tr>
                {t.feedback ? (
                  <tr>
                    <td colSpan={4} className="pb-2 text-xs text-muted-fg">
                      {t.feedback}
                    </td>
                  </tr>
                ) : null}
              </React.Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
