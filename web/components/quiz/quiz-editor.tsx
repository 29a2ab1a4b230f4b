"use client";

// Authoring quizzes: the course's quizzes, and one quiz's settings and questions (every kind),
// with fixing a key and regrading the attempts it affects.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import * as React from "react";
import { blank, fieldOf, KINDS, QuestionForm, type Spec } from "@/components/quiz/question-form";
import { TeachNav } from "@/components/teach/course-editor";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Quiz = components["schemas"]["QuizOut"];
type Question = components["schemas"]["QuestionOut"];

function problems(e: unknown): Record<string, string> {
  if (e instanceof ApiError && e.fields.length) return Object.fromEntries(e.fields.map((f) => [fieldOf(f.field), f.message]));
  return { _: e instanceof Error ? e.message : String(e) };
}

/** Writing a question somewhere (a quiz, a bank, in place): the service's refusals by field. */
function useQuestionWrite<V>(send: (value: V) => Promise<unknown>, done: string, after: () => void) {
  const toast = useToast();
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: send,
    onMutate: () => setErrors({}),
    onSuccess: () => {
      after();
      toast({ title: done, tone: "success" });
    },
    onError: (e) => setErrors(problems(e)),
  });
  return { mutation, errors, setErrors };
}

type QuestionBody = components["schemas"]["SingleChoice"]; // the union's members share the path

function KindSelect({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (kind: string) => void }) {
  return (
    <Field id={id} label={label}>
      <Select value={value} onChange={(e) => onChange(e.target.value)}>
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function QuizList({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const quizzes = useQuery({
    queryKey: ["quizzes", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/quizzes", { params: { path: { slug } } })),
  });
  const [title, setTitle] = React.useState("");
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/quizzes", { params: { path: { slug } }, body: { title } })),
    onSuccess: () => {
      setTitle("");
      void queryClient.invalidateQueries({ queryKey: ["quizzes", slug] });
      toast({ title: "Quiz created", tone: "success" });
    },
    onError: (e) => toast({ title: "Couldn't create the quiz", description: e.message, tone: "error" }),
  });
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Quizzes</h1>
      <TeachNav slug={slug} here={`/teach/${slug}/quizzes`} />
      {quizzes.isPending ? (
        <Loading />
      ) : quizzes.isError ? (
        <ErrorState error={quizzes.error} retry={() => quizzes.refetch()} />
      ) : quizzes.data.length === 0 ? (
        <Empty>No quizzes yet. A quiz lesson shows one to learners.</Empty>
      ) : (
        <ul className="mb-6 flex flex-col gap-2">
          {quizzes.data.map((q) => (
            <li key={q.id} className="rounded-md border border-border p-3">
              <Link href={`/teach/${slug}/quizzes/${q.id}`} className="font-semibold text-primary underline">
                {q.title}
              </Link>
              <span className="ml-2 text-sm text-muted-fg">
                {q.question_count} questions · {q.max_score} points
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="mt-4 flex max-w-xl flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="flex-1">
          <Field id="quiz-new-title" label="New quiz title">
            <Input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
          </Field>
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create quiz
        </Button>
      </form>
    </>
  );
}

export function QuizEditor({ slug, quizId }: { slug: string; quizId: string }) {
  const quiz = useQuery({
    queryKey: ["quiz", slug, quizId],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/quizzes/{quiz_id}", { params: { path: { slug, quiz_id: quizId } } })),
  });
  if (quiz.isPending) return <Loading label="Loading the quiz" />;
  if (quiz.isError) return <ErrorState error={quiz.error} retry={() => quiz.refetch()} />;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <p>
        <Link href={`/teach/${slug}/quizzes`} className="text-sm text-primary underline">
          ← All quizzes
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{quiz.data.title}</h1>
      <Settings slug={slug} quiz={quiz.data} />
      <Questions slug={slug} quiz={quiz.data} />
      <Banks slug={slug} quiz={quiz.data} />
    </div>
  );
}

function Settings({ slug, quiz }: { slug: string; quiz: Quiz }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [f, setF] = React.useState({
    title: quiz.title,
    minutes: quiz.time_limit_s ? String(quiz.time_limit_s / 60) : "",
    attempts: quiz.attempt_limit?.toString() ?? "",
    passing: String(quiz.passing_score),
    feedback: quiz.feedback,
    scoring: quiz.scoring,
    shuffleQuestions: quiz.shuffle_questions,
    shuffleOptions: quiz.shuffle_options,
  });
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/courses/{slug}/quizzes/{quiz_id}", {
          params: { path: { slug, quiz_id: quiz.id } },
          body: {
            title: f.title,
            time_limit_s: f.minutes === "" ? null : Math.round(Number(f.minutes) * 60),
            attempt_limit: f.attempts === "" ? null : Number(f.attempts),
            passing_score: Number(f.passing),
            feedback: f.feedback as "after_attempt" | "after_close" | "never",
            scoring: f.scoring as "best" | "last",
            shuffle_questions: f.shuffleQuestions,
            shuffle_options: f.shuffleOptions,
          },
        }),
      ),
    onMutate: () => setErrors({}),
    onSuccess: (saved) => {
      queryClient.setQueryData(["quiz", slug, quiz.id], saved);
      toast({ title: "Settings saved", tone: "success" });
    },
    onError: (e) => setErrors(problems(e)),
  });
  return (
    <form
      aria-labelledby="settings-title"
      className="flex flex-col gap-4 rounded-lg border border-border p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="settings-title" className="text-lg font-semibold">
        Settings
      </h2>
      {errors._ && (
        <p role="alert" className="text-sm text-danger">
          {errors._}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="quiz-title" label="Title" error={errors.title}>
          <Input value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />
        </Field>
        <Field id="quiz-minutes" label="Time limit (minutes)" error={errors.time_limit_s} hint="Empty: no limit">
          <Input type="number" min={1} step="any" value={f.minutes} onChange={(e) => setF({ ...f, minutes: e.target.value })} />
        </Field>
        <Field id="quiz-attempts" label="Attempts allowed" error={errors.attempt_limit} hint="Empty: unlimited">
          <Input type="number" min={1} value={f.attempts} onChange={(e) => setF({ ...f, attempts: e.target.value })} />
        </Field>
        <Field id="quiz-passing" label="Passing score (percent)" error={errors.passing_score}>
          <Input type="number" min={0} max={100} value={f.passing} onChange={(e) => setF({ ...f, passing: e.target.value })} />
        </Field>
        <Field id="quiz-feedback" label="Show right answers" error={errors.feedback}>
          <Select value={f.feedback} onChange={(e) => setF({ ...f, feedback: e.target.value })}>
            <option value="after_attempt">after each attempt</option>
            <option value="after_close">after the quiz closes</option>
            <option value="never">never</option>
          </Select>
        </Field>
        <Field id="quiz-scoring" label="The attempt that counts" error={errors.scoring}>
          <Select value={f.scoring} onChange={(e) => setF({ ...f, scoring: e.target.value })}>
            <option value="best">the best</option>
            <option value="last">the last</option>
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap gap-6 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={f.shuffleQuestions} onChange={(e) => setF({ ...f, shuffleQuestions: e.target.checked })} />
          Shuffle the questions
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={f.shuffleOptions} onChange={(e) => setF({ ...f, shuffleOptions: e.target.checked })} />
          Shuffle the options
        </label>
      </div>
      <div>
        <Button type="submit" disabled={save.isPending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}

function Questions({ slug, quiz }: { slug: string; quiz: Quiz }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [kind, setKind] = React.useState("single_choice");
  const [adding, setAdding] = React.useState<Spec | null>(null);
  const [editing, setEditing] = React.useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["quiz", slug, quiz.id] });
  const add = useQuestionWrite(
    (spec: Spec) =>
      unwrap(
        api.POST("/api/v1/courses/{slug}/quizzes/{quiz_id}/questions", {
          params: { path: { slug, quiz_id: quiz.id } },
          body: spec as QuestionBody,
        }),
      ),
    "Question added",
    () => {
      setAdding(null);
      refresh();
    },
  );
  const replace = useQuestionWrite(
    ({ id, spec }: { id: string; spec: Spec }) =>
      unwrap(api.PUT("/api/v1/courses/{slug}/questions/{question_id}", { params: { path: { slug, question_id: id } }, body: spec as QuestionBody })),
    "Question saved: regrade it to rescore attempts already submitted",
    () => {
      setEditing(null);
      refresh();
    },
  );
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/courses/{slug}/questions/{question_id}", { params: { path: { slug, question_id: id } } })),
    onSuccess: refresh,
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) =>
      unwrap(api.PUT("/api/v1/courses/{slug}/quizzes/{quiz_id}/order", { params: { path: { slug, quiz_id: quiz.id } }, body: { question_ids: ids } })),
    onSuccess: (saved) => queryClient.setQueryData(["quiz", slug, quiz.id], saved),
    onError: (e) => toast({ title: "Couldn't move the question", description: e.message, tone: "error" }),
  });
  const move = (i: number, by: number) => {
    const ids = (quiz.questions ?? []).map((q) => q.id);
    const [it] = ids.splice(i, 1);
    if (it === undefined) return;
    ids.splice(i + by, 0, it);
    reorder.mutate(ids);
  };
  const regrade = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/courses/{slug}/questions/{question_id}/regrade", { params: { path: { slug, question_id: id } } })),
    onSuccess: (r) => toast({ title: `Rescored ${r.rescored} attempt${r.rescored === 1 ? "" : "s"}`, tone: "success" }),
    onError: (e) => toast({ title: "Couldn't regrade", description: e.message, tone: "error" }),
  });
  const questions = quiz.questions ?? [];
  return (
    <section aria-labelledby="questions-title" className="flex flex-col gap-4">
      <h2 id="questions-title" className="text-lg font-semibold">
        Questions ({questions.length}, {quiz.max_score} points)
      </h2>
      {questions.length === 0 && <Empty>No questions yet.</Empty>}
      <ol className="flex flex-col gap-3">
        {questions.map((q, i) => (
          <li key={q.id} className="rounded-lg border border-border p-4" data-testid="editor-question">
            {editing === q.id ? (
              <QuestionForm
                initial={q.spec as Spec}
                errors={replace.errors}
                busy={replace.mutation.isPending}
                onSave={(spec) => replace.mutation.mutate({ id: q.id, spec })}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <QuestionSummary n={i + 1} q={q}>
                <Button size="sm" variant="ghost" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={`Move question ${i + 1} up`}>
                  ↑
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={i === questions.length - 1 || reorder.isPending}
                  onClick={() => move(i, 1)}
                  aria-label={`Move question ${i + 1} down`}
                >
                  ↓
                </Button>
                <Button size="sm" variant="outline" onClick={() => (replace.setErrors({}), setEditing(q.id))} aria-label={`Edit question ${i + 1}`}>
                  Edit
                </Button>
                <Button size="sm" variant="outline" onClick={() => regrade.mutate(q.id)} aria-label={`Regrade question ${i + 1}`}>
                  Regrade
                </Button>
                <Button size="sm" variant="ghost" onClick={() => remove.mutate(q.id)} aria-label={`Delete question ${i + 1}`}>
                  Delete
                </Button>
              </QuestionSummary>
            )}
          </li>
        ))}
      </ol>
      <div className="rounded-lg border border-dashed border-border p-4">
        {adding ? (
          <>
            <h3 className="mb-3 font-semibold">New {KINDS.find((k) => k.kind === adding.kind)?.label.toLowerCase()} question</h3>
            <QuestionForm
              key={adding.kind}
              initial={adding}
              errors={add.errors}
              busy={add.mutation.isPending}
              onSave={(spec) => add.mutation.mutate(spec)}
              onCancel={() => setAdding(null)}
            />
          </>
        ) : (
          <div className="flex flex-wrap items-end gap-3">
            <KindSelect id="question-kind" label="Kind of question" value={kind} onChange={setKind} />
            <Button onClick={() => (add.setErrors({}), setAdding(blank(kind)))}>Add question</Button>
          </div>
        )}
      </div>
    </section>
  );
}

function QuestionSummary({ n, q, children }: { n: number; q: Question; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
      <div>
        <p className="font-semibold">
          {n}. {KINDS.find((k) => k.kind === q.kind)?.label ?? q.kind}{" "}
          <span className="text-sm font-normal text-muted-fg">
            ({q.points} point{q.points === 1 ? "" : "s"}
            {q.version > 1 ? `, key version ${q.version}` : ""})
          </span>
        </p>
        <div className="prose-uw text-sm" dangerouslySetInnerHTML={{ __html: q.prompt_html }} />
      </div>
      <div className="flex flex-wrap gap-2">{children}</div>
    </div>
  );
}

/** Question banks of the course, and how many questions each attempt draws from them. */
function Banks({ slug, quiz }: { slug: string; quiz: Quiz }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const banks = useQuery({
    queryKey: ["banks", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/question-banks", { params: { path: { slug } } })),
  });
  const [title, setTitle] = React.useState("");
  const [adding, setAdding] = React.useState<{ bank: string; spec: Spec } | null>(null);
  const [kind, setKind] = React.useState("single_choice");
  const [draws, setDraws] = React.useState<Record<string, { count: string; points: string }>>(() =>
    Object.fromEntries(quiz.draws.map((d) => [d.bank_id, { count: String(d.count), points: String(d.points ?? 1) }])),
  );
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["banks", slug] });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/question-banks", { params: { path: { slug } }, body: { title } })),
    onSuccess: () => {
      setTitle("");
      refresh();
    },
    onError: (e) => toast({ title: "Couldn't create the bank", description: e.message, tone: "error" }),
  });
  const add = useQuestionWrite(
    ({ bank, spec }: { bank: string; spec: Spec }) =>
      unwrap(
        api.POST("/api/v1/courses/{slug}/question-banks/{bank_id}/questions", {
          params: { path: { slug, bank_id: bank } },
          body: spec as QuestionBody,
        }),
      ),
    "Question added to the bank",
    () => {
      setAdding(null);
      refresh();
    },
  );
  const saveDraws = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/courses/{slug}/quizzes/{quiz_id}", {
          params: { path: { slug, quiz_id: quiz.id } },
          body: {
            draws: Object.entries(draws)
              .filter(([, d]) => Number(d.count) > 0)
              .map(([bank_id, d]) => ({ bank_id, count: Number(d.count), points: Number(d.points) || 1 })),
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(["quiz", slug, quiz.id], saved);
      toast({ title: "Random questions saved", tone: "success" });
    },
    onError: (e) => toast({ title: "Couldn't save the random questions", description: e.message, tone: "error" }),
  });
  return (
    <section aria-labelledby="banks-title" className="flex flex-col gap-4 rounded-lg border border-border p-4">
      <h2 id="banks-title" className="text-lg font-semibold">
        Random questions from banks
      </h2>
      <p className="text-sm text-muted-fg">Each attempt draws its own questions from a bank, after the questions above.</p>
      {banks.isError && <ErrorState error={banks.error} retry={() => banks.refetch()} />}
      {banks.data?.map((b) => (
        <div key={b.id} className="rounded-md border border-border p-3" data-testid="bank">
          <p className="font-semibold">
            {b.title}{" "}
            <span className="text-sm font-normal text-muted-fg">
              ({b.questions.length} question{b.questions.length === 1 ? "" : "s"})
            </span>
          </p>
          <div className="mt-2 flex flex-wrap items-end gap-3">
            <Field id={`draw-${b.id}`} label={`Questions drawn from ${b.title}`}>
              <Input
                type="number"
                min={0}
                max={b.questions.length}
                className="w-28"
                value={draws[b.id]?.count ?? "0"}
                onChange={(e) => setDraws({ ...draws, [b.id]: { points: draws[b.id]?.points ?? "1", count: e.target.value } })}
              />
            </Field>
            <Field id={`draw-points-${b.id}`} label="Points each">
              <Input
                type="number"
                min={0.01}
                step="any"
                className="w-28"
                value={draws[b.id]?.points ?? "1"}
                onChange={(e) => setDraws({ ...draws, [b.id]: { count: draws[b.id]?.count ?? "0", points: e.target.value } })}
              />
            </Field>
            {adding?.bank === b.id ? null : (
              <Button variant="outline" onClick={() => (add.setErrors({}), setAdding({ bank: b.id, spec: blank(kind) }))}>
                Add a {KINDS.find((k) => k.kind === kind)?.label.toLowerCase()} question to {b.title}
              </Button>
            )}
          </div>
          {adding?.bank === b.id && (
            <div className="mt-3">
              <QuestionForm
                key={adding.spec.kind}
                initial={adding.spec}
                errors={add.errors}
                busy={add.mutation.isPending}
                onSave={(spec) => add.mutation.mutate({ bank: b.id, spec })}
                onCancel={() => setAdding(null)}
              />
            </div>
          )}
        </div>
      ))}
      <div className="flex flex-wrap items-end gap-3">
        {!!banks.data?.length && (
          <>
            <KindSelect id="bank-kind" label="Kind of bank question" value={kind} onChange={setKind} />
            <Button onClick={() => saveDraws.mutate()} disabled={saveDraws.isPending}>
              Save random questions
            </Button>
          </>
        )}
      </div>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field id="bank-title" label="New bank title">
          <Input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        </Field>
        <Button type="submit" variant="outline" disabled={create.isPending}>
          Create bank
        </Button>
      </form>
    </section>
  );
}
