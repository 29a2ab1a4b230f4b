"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import * as React from "react";
import { MarkdownEditor } from "@/components/teach/markdown-editor";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";

export function LessonEditor({ slug, lessonId }: { slug: string; lessonId: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const lesson = useQuery({
    queryKey: ["lesson", slug, lessonId],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/lessons/{lesson_id}", { params: { path: { slug, lesson_id: lessonId } } })),
  });
  const [title, setTitle] = React.useState("");
  const [body, setBody] = React.useState("");
  const [status, setStatus] = React.useState<"draft" | "published">("draft");
  const [challenge, setChallenge] = React.useState("");
  const [url, setUrl] = React.useState("");
  const [afterDays, setAfterDays] = React.useState("");
  const [completion, setCompletion] = React.useState<string>("must_view");
  const [minScore, setMinScore] = React.useState("");
  const [quiz, setQuiz] = React.useState("");
  const [video, setVideo] = React.useState("");
  const [fraction, setFraction] = React.useState("90");
  const [category, setCategory] = React.useState("");
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const graded = lesson.data?.kind === "quiz" || lesson.data?.kind === "challenge";
  const quizzes = useQuery({
    queryKey: ["quizzes", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/quizzes", { params: { path: { slug } } })),
    enabled: lesson.data?.kind === "quiz",
  });
  const videos = useQuery({
    queryKey: ["videos", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/videos", { params: { path: { slug } } })),
    enabled: lesson.data?.kind === "video",
  });
  const categories = useQuery({
    queryKey: ["grade-categories", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/grade-categories", { params: { path: { slug } } })),
    enabled: graded,
  });
  React.useEffect(() => {
    if (!lesson.data) return;
    setTitle(lesson.data.title);
    setBody(lesson.data.body ?? "");
    setStatus(lesson.data.status as "draft" | "published");
    setUrl(lesson.data.url ?? "");
    setAfterDays(lesson.data.unlock_after_days?.toString() ?? "");
    setCompletion(lesson.data.completion.kind);
    setMinScore(lesson.data.completion.min_score?.toString() ?? "");
    setQuiz(lesson.data.quiz_id ?? "");
    setVideo(lesson.data.video_id ?? "");
    setFraction(String(Math.round((lesson.data.completion.fraction ?? 0.9) * 100)));
    setCategory(lesson.data.grade_category_id ?? "");
  }, [lesson.data]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/courses/{slug}/lessons/{lesson_id}", {
          params: { path: { slug, lesson_id: lessonId } },
          body: {
            title,
            body,
            status,
            challenge: challenge.trim() || undefined,
            url: lesson.data?.kind === "link" ? url || undefined : undefined,
            ...(lesson.data?.kind === "quiz" ? { quiz: quiz || null } : {}),
            ...(lesson.data?.kind === "video" ? { video: video || null } : {}),
            ...(graded ? { grade_category: category || null } : {}),
            unlock_after_days: afterDays === "" ? null : Number(afterDays),
            completion:
              completion === "must_watch"
                ? { kind: "must_watch", fraction: fraction === "" ? 0.9 : Number(fraction) / 100 }
                : completion === "min_score"
                  ? { kind: "min_score", min_score: minScore === "" ? null : Number(minScore) }
                  : { kind: completion as "must_view" | "must_submit" | "challenge_accepted" },
          },
        }),
      ),
    onMutate: () => setErrors({}),
    onSuccess: (saved) => {
      queryClient.setQueryData(["lesson", slug, lessonId], saved);
      void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
      toast({ title: "Lesson saved", tone: "success" });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      toast({ title: "Couldn't save the lesson", description: e.message, tone: "error" });
    },
  });
  if (lesson.isPending) return <Loading label="Loading the lesson" />;
  if (lesson.isError) return <ErrorState error={lesson.error} retry={() => lesson.refetch()} />;
  const l = lesson.data;
  return (
    <form
      className="flex max-w-3xl flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p>
        <Link href={`/teach/${slug}`} className="text-sm text-primary underline">
          ← Back to the course
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Edit lesson</h1>
      <p className="text-sm text-muted-fg">Kind: {l.kind}</p>
      <Field id="lesson-title" label="Title" error={errors.title}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field id="lesson-status" label="Status" error={errors.status}>
        <Select value={status} onChange={(e) => setStatus(e.target.value as "draft" | "published")}>
          <option value="draft">Draft (staff only)</option>
          <option value="published">Published</option>
        </Select>
      </Field>
      {l.kind === "challenge" && (
        <Field id="lesson-challenge" label="Challenge (URL name or id)" error={errors.challenge} hint={l.challenge_id ? `Linked: ${l.challenge_id}` : "Not linked yet"}>
          <Input value={challenge} onChange={(e) => setChallenge(e.target.value)} />
        </Field>
      )}
      {l.kind === "quiz" && (
        <Field id="lesson-quiz" label="Quiz" error={errors.quiz} hint="Write quizzes under Quizzes">
          <Select value={quiz} onChange={(e) => setQuiz(e.target.value)}>
            <option value="">None yet</option>
            {quizzes.data?.map((q) => (
              <option key={q.id} value={q.id}>
                {q.title}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {l.kind === "video" && (
        <Field id="lesson-video" label="Video" error={errors.video} hint="Upload videos under Videos; one that is still processing plays once it is ready">
          <Select value={video} onChange={(e) => setVideo(e.target.value)}>
            <option value="">None yet</option>
            {videos.data?.map((v) => (
              <option key={v.id} value={v.id}>
                {v.filename} ({v.status === "ready" ? "ready" : v.status.replace("_", " ")})
              </option>
            ))}
          </Select>
        </Field>
      )}
      {graded && (
        <Field id="lesson-category" label="Gradebook category" error={errors.grade_category}>
          <Select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">None</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} (weight {c.weight})
              </option>
            ))}
          </Select>
        </Field>
      )}
      {l.kind === "link" && (
        <Field id="lesson-url" label="Link" error={errors.url}>
          <Input type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="lesson-after-days" label="Opens this many days after enrolling" error={errors.unlock_after_days} hint="Empty: open at once">
          <Input type="number" min={0} max={3650} value={afterDays} onChange={(e) => setAfterDays(e.target.value)} />
        </Field>
        <Field id="lesson-completion" label="Complete when the learner…" error={errors["completion.kind"] ?? errors.completion}>
          <Select value={completion} onChange={(e) => setCompletion(e.target.value)}>
            <option value="must_view">opens it</option>
            <option value="must_submit">submits</option>
            <option value="challenge_accepted">passes every test</option>
            <option value="min_score">scores at least…</option>
            <option value="must_watch">watches it</option>
          </Select>
        </Field>
        {completion === "must_watch" && (
          <Field id="lesson-fraction" label="Share of the video to watch (percent)" error={errors["completion.fraction"] ?? errors.completion}>
            <Input type="number" min={1} max={100} value={fraction} onChange={(e) => setFraction(e.target.value)} />
          </Field>
        )}
        {completion === "min_score" && (
          <Field id="lesson-min-score" label="Minimum score (percent)" error={errors["completion.min_score"] ?? errors.completion}>
            <Input type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} />
          </Field>
        )}
      </div>
      <MarkdownEditor id="lesson-body" label="Body" value={body} onChange={setBody} error={errors.body} rows={14} />
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save lesson"}
        </Button>
      </div>
    </form>
  );
}
