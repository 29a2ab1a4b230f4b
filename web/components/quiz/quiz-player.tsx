"use client";

// Taking a quiz: start or resume an attempt, a timer counting down to the server's deadline (the
// server closes the attempt then, whatever this page does), answers saved as they change (each
// with the version the server last confirmed, so a stale tab cannot overwrite a newer answer),
// submit, and the review the quiz's feedback policy allows.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { QuestionInput, type QuestionView, type Response } from "@/components/quiz/question-input";
import { Button } from "@/components/ui/button";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { formatDate, percent } from "@/lib/utils";

type Attempt = components["schemas"]["AttemptOut"];
type Summary = components["schemas"]["AttemptSummary"];
type SaveState = "saving" | "saved" | "error" | "stale";

const SAVE_AFTER_MS = 500;

export function QuizPlayer({ slug, quizId }: { slug: string; quizId: string }) {
  const queryClient = useQueryClient();
  const quiz = useQuery({
    queryKey: ["quiz", slug, quizId],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/quizzes/{quiz_id}", { params: { path: { slug, quiz_id: quizId } } })),
  });
  const [attemptId, setAttemptId] = React.useState<string | null>(null);
  const toast = useToast();
  const start = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/quizzes/{quiz_id}/attempts", { params: { path: { slug, quiz_id: quizId } } })),
    onSuccess: (a) => {
      queryClient.setQueryData(["attempt", slug, a.id], a);
      setAttemptId(a.id);
    },
    onError: (e) => toast({ title: "Couldn't start the quiz", description: e.message, tone: "error" }),
  });

  if (quiz.isPending) return <Loading label="Loading the quiz" />;
  if (quiz.isError) return <ErrorState error={quiz.error} retry={() => quiz.refetch()} />;
  const q = quiz.data;
  const open = q.attempts?.find((a) => a.state === "in_progress");
  if (attemptId) {
    return (
      <AttemptView
        slug={slug}
        attemptId={attemptId}
        passing={q.passing_score}
        onLeave={() => {
          setAttemptId(null);
          void quiz.refetch();
          void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
        }}
      />
    );
  }
  const left = q.attempts_left;
  return (
    <section aria-labelledby="quiz-title" className="rounded-lg border border-border p-4">
      <h2 id="quiz-title" className="text-lg font-semibold">
        {q.title}
      </h2>
      <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted-fg">
        <li>{q.question_count} questions, {q.max_score} points</li>
        <li>{q.time_limit_s ? `${Math.round(q.time_limit_s / 60)} minutes` : "No time limit"}</li>
        <li>Pass at {percent(q.passing_score)}</li>
        <li>{left === null || left === undefined ? "Unlimited attempts" : `${left} attempt${left === 1 ? "" : "s"} left`}</li>
        {q.closes_at && <li>Closes {formatDate(q.closes_at)}</li>}
      </ul>
      <div className="mt-4 flex gap-2">
        {open ? (
          <Button onClick={() => start.mutate()} disabled={start.isPending}>
            Resume attempt {open.number}
          </Button>
        ) : (
          <Button onClick={() => start.mutate()} disabled={start.isPending || left === 0}>
            {q.attempts?.length ? "Start a new attempt" : "Start the quiz"}
          </Button>
        )}
      </div>
      {!!q.attempts?.length && <Attempts attempts={q.attempts} onReview={setAttemptId} />}
    </section>
  );
}

function Attempts({ attempts, onReview }: { attempts: Summary[]; onReview: (id: string) => void }) {
  const done = attempts.filter((a) => a.state === "submitted");
  if (!done.length) return null;
  return (
    <table className="mt-4 w-full text-left text-sm">
      <caption className="mb-1 text-left font-medium">Your attempts</caption>
      <thead className="text-muted-fg">
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">Submitted</th>
          <th scope="col">Score</th>
          <th scope="col">
            <span className="sr-only">Review</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {done.map((a) => (
          <tr key={a.id} className="border-t border-border" data-testid="attempt-row">
            <td className="py-1">{a.number}</td>
            <td>
              {formatDate(a.submitted_at)}
              {a.auto_submitted ? " (time ran out)" : ""}
            </td>
            <td>
              {a.score} / {a.max_score} ({percent(a.percent ?? 0)}){a.passed ? " · passed" : ""}
            </td>
            <td>
              <Button size="sm" variant="outline" onClick={() => onReview(a.id)}>
                Review attempt {a.number}
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Seconds left, from the server's deadline and the server's clock at the last read. */
function useCountdown(deadline: string | null | undefined, serverNow: string | undefined): number | null {
  const offset = React.useMemo(() => (serverNow ? Date.parse(serverNow) - Date.now() : 0), [serverNow]);
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  if (!deadline) return null;
  return Math.max(0, Math.floor((Date.parse(deadline) - (now + offset)) / 1000));
}

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${s.toString().padStart(2, "0")}`;
}

function AttemptView({ slug, attemptId, passing, onLeave }: { slug: string; attemptId: string; passing: number; onLeave: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const attempt = useQuery({
    queryKey: ["attempt", slug, attemptId],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/attempts/{attempt_id}", { params: { path: { slug, attempt_id: attemptId } } })),
  });
  const a = attempt.data;
  const inProgress = a?.state === "in_progress";
  const left = useCountdown(inProgress ? a?.deadline : null, a?.now);
  const timeUp = left === 0;
  // the server closes the attempt at its deadline: when the timer says so, read it again until it has
  React.useEffect(() => {
    if (!timeUp || !inProgress) return;
    const poll = setInterval(() => void attempt.refetch(), 2000);
    return () => clearInterval(poll);
  }, [timeUp, inProgress, attempt]);

  const [answers, setAnswers] = React.useState<Record<string, Response>>({});
  const [states, setStates] = React.useState<Record<string, SaveState>>({});
  const versions = React.useRef<Record<string, number>>({});
  const timers = React.useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const pending = React.useRef<Record<string, Promise<void>>>({});
  React.useEffect(() => {
    if (!a) return;
    for (const q of a.questions) {
      const known = versions.current[q.id];
      if (known === undefined || q.version > known) versions.current[q.id] = q.version;
    }
    setAnswers((mine) => {
      const next = { ...mine };
      for (const q of a.questions) if (!(q.id in next) || !inProgress) next[q.id] = q.response;
      return next;
    });
  }, [a, inProgress]);

  const save = React.useCallback(
    (qid: string, response: Response) => {
      const run = async () => {
        setStates((s) => ({ ...s, [qid]: "saving" }));
        try {
          const saved = await unwrap(
            api.PUT("/api/v1/courses/{slug}/attempts/{attempt_id}/answers/{question_id}", {
              params: { path: { slug, attempt_id: attemptId, question_id: qid } },
              body: { response, version: versions.current[qid] ?? 0 },
            }),
          );
          versions.current[qid] = saved.version;
          setStates((s) => ({ ...s, [qid]: "saved" }));
        } catch (e) {
          if (e instanceof ApiError && e.status === 409 && typeof e.problem.current_version === "number") {
            versions.current[qid] = e.problem.current_version as number; // changed in another tab
            setStates((s) => ({ ...s, [qid]: "stale" }));
            void attempt.refetch();
          } else {
            setStates((s) => ({ ...s, [qid]: "error" }));
            if (e instanceof ApiError && e.status === 409) void attempt.refetch(); // closed
          }
        }
      };
      const previous = pending.current[qid] ?? Promise.resolve();
      pending.current[qid] = previous.then(run);
      return pending.current[qid];
    },
    [slug, attemptId, attempt],
  );
  const change = (qid: string, response: Response) => {
    setAnswers((s) => ({ ...s, [qid]: response }));
    clearTimeout(timers.current[qid]);
    setStates((s) => ({ ...s, [qid]: "saving" }));
    timers.current[qid] = setTimeout(() => void save(qid, response), SAVE_AFTER_MS);
  };
  const submit = useMutation({
    mutationFn: async () => {
      // an ordering left as shown is an answer too: the order on the screen
      for (const q of a?.questions ?? []) {
        if (q.kind === "ordering" && (answers[q.id] === null || answers[q.id] === undefined))
          await save(q.id, ((q.items ?? []) as { id: string }[]).map((x) => x.id));
      }
      for (const [qid, timer] of Object.entries(timers.current)) {
        clearTimeout(timer);
        if (states[qid] === "saving") await save(qid, answers[qid]);
      }
      await Promise.all(Object.values(pending.current));
      return unwrap(api.POST("/api/v1/courses/{slug}/attempts/{attempt_id}/submit", { params: { path: { slug, attempt_id: attemptId } } }));
    },
    onSuccess: (done) => {
      queryClient.setQueryData(["attempt", slug, attemptId], done);
      void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
      void queryClient.invalidateQueries({ queryKey: ["quiz", slug] });
    },
    onError: (e) => toast({ title: "Couldn't submit the quiz", description: e.message, tone: "error" }),
  });

  if (attempt.isPending) return <Loading label="Loading your attempt" />;
  if (attempt.isError) return <ErrorState error={attempt.error} retry={() => attempt.refetch()} />;
  const view = attempt.data;
  const reviewing = view.state === "submitted";
  return (
    <section aria-label={`Attempt ${view.number}`} className="flex flex-col gap-4">
      <div className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-2 rounded-md border border-border bg-card px-4 py-2">
        <p className="font-medium">Attempt {view.number}</p>
        {inProgress && left !== null && (
          <p role="timer" aria-live={left <= 60 ? "assertive" : "off"} data-testid="quiz-timer" className={left <= 60 ? "font-semibold text-danger" : ""}>
            {timeUp ? "Time is up: your saved answers are being scored" : `${clock(left)} left`}
          </p>
        )}
        {reviewing && (
          <p data-testid="quiz-score" className="font-semibold">
            Score: {view.score} / {view.max_score} ({percent(view.percent ?? 0)}) ·{" "}
            {(view.percent ?? 0) >= passing ? "Passed" : "Not passed yet"}
            {view.auto_submitted ? " · submitted when the time ran out" : ""}
          </p>
        )}
      </div>
      {reviewing && !view.feedback_available && (
        <p className="text-sm text-muted-fg">Correct answers and feedback are not shown for this quiz yet.</p>
      )}
      <ol className="flex flex-col gap-4">
        {view.questions.map((q, i) => (
          <QuestionCard
            key={q.id}
            n={i + 1}
            q={q}
            slug={slug}
            value={answers[q.id] ?? q.response}
            state={states[q.id]}
            disabled={!inProgress || timeUp}
            onChange={(v) => change(q.id, v)}
          />
        ))}
      </ol>
      <div className="flex gap-2">
        {inProgress ? (
          <Button onClick={() => submit.mutate()} disabled={submit.isPending || timeUp}>
            {submit.isPending ? "Submitting…" : "Submit answers"}
          </Button>
        ) : (
          <Button variant="outline" onClick={onLeave}>
            Back to the quiz
          </Button>
        )}
      </div>
    </section>
  );
}

const SAVE_LABEL: Record<SaveState, string> = {
  saving: "Saving…",
  saved: "Saved",
  error: "Not saved: check your connection",
  stale: "Changed in another tab: reloaded",
};

function QuestionCard({
  n,
  q,
  slug,
  value,
  state,
  disabled,
  onChange,
}: {
  n: number;
  q: QuestionView;
  slug: string;
  value: Response;
  state?: SaveState;
  disabled: boolean;
  onChange: (v: Response) => void;
}) {
  const review = q.review as { feedback?: string; option_feedback?: Record<string, string>; parts?: Record<string, boolean> } | null;
  return (
    <li className="rounded-lg border border-border p-4" data-testid="quiz-question">
      <div className="mb-2 flex items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          Question {n} <span className="text-sm font-normal text-muted-fg">({q.points} point{q.points === 1 ? "" : "s"})</span>
        </h3>
        <span aria-live="polite" className="text-xs text-muted-fg" data-testid="save-state">
          {state ? SAVE_LABEL[state] : ""}
        </span>
      </div>
      <div className="prose-uw mb-3" dangerouslySetInnerHTML={{ __html: q.prompt_html }} />
      <QuestionInput q={q} value={value} onChange={onChange} disabled={disabled} slug={slug} marks={review?.parts} />
      {q.score !== null && q.score !== undefined && (
        <div className="mt-3 rounded-md bg-muted p-3 text-sm" data-testid="question-review">
          <p className="font-medium">
            {q.score} / {q.points} point{q.points === 1 ? "" : "s"}
          </p>
          {Object.values(review?.option_feedback ?? {}).map((f) => (
            <p key={f}>{f}</p>
          ))}
          {review?.feedback && <p>{review.feedback}</p>}
          <CorrectAnswer q={q} review={q.review as Record<string, unknown>} />
        </div>
      )}
    </li>
  );
}

function CorrectAnswer({ q, review }: { q: QuestionView; review: Record<string, unknown> }) {
  const text = (ids: unknown, from: { id: string; text: string }[] | null | undefined) =>
    (Array.isArray(ids) ? ids : [ids]).map((id) => from?.find((x) => x.id === id)?.text ?? String(id)).join(", ");
  let answer: string | null = null;
  if (q.kind === "single_choice" || q.kind === "multiple_choice") answer = text(review.correct, q.options as never);
  else if (q.kind === "true_false") answer = review.correct ? "True" : "False";
  else if (q.kind === "numeric")
    answer = review.value !== undefined ? `${review.value}${review.tolerance ? ` ± ${review.tolerance}` : ""}` : `${review.min} to ${review.max}`;
  else if (q.kind === "short_text") answer = (review.answers as string[]).join(" or ");
  else if (q.kind === "ordering") answer = text(review.order, q.items as never);
  else if (q.kind === "fill_blanks") answer = Object.values(review.blanks as Record<string, string[]>).map((a) => a[0]).join(", ");
  if (!answer) return null;
  return <p className="mt-1">Correct answer: {answer}</p>;
}
