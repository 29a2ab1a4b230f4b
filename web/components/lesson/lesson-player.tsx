"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import * as React from "react";
import { lessonState } from "@/components/course/course-page";
import { ChallengeWorkspace } from "@/components/lesson/challenge-workspace";
import { QuizPlayer } from "@/components/quiz/quiz-player";
import { ProgressBar } from "@/components/ui/progress";
import { ErrorState, Loading } from "@/components/ui/states";
import { VideoLesson } from "@/components/video/video-lesson";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { useLiveProgress } from "@/lib/hooks/use-live-progress";
import { cn, percent } from "@/lib/utils";

type Initial = {
  lesson: components["schemas"]["LessonOut"];
  outline: components["schemas"]["OutlineOut"];
  challenge?: components["schemas"]["ChallengeOut"];
};

export function LessonPlayer({ slug, lessonId, initial }: { slug: string; lessonId: string; initial?: Initial }) {
  const queryClient = useQueryClient();
  const outline = useQuery({
    queryKey: ["outline", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/outline", { params: { path: { slug } } })),
    initialData: initial?.outline,
  });
  const lesson = useQuery({
    queryKey: ["lesson", slug, lessonId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/courses/{slug}/lessons/{lesson_id}", { params: { path: { slug, lesson_id: lessonId } } })),
    initialData: initial?.lesson,
  });
  const view = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/courses/{slug}/lessons/{lesson_id}/view", { params: { path: { slug, lesson_id: lessonId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["my-courses"] }),
  });
  const viewed = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (lesson.data && viewed.current !== lessonId) {
      viewed.current = lessonId;
      view.mutate();
    }
  }, [lesson.data, lessonId, view]);
  useLiveProgress(slug, outline.data?.percent !== null && outline.data?.percent !== undefined);

  if (lesson.isPending) return <Loading label="Loading the lesson" />;
  if (lesson.isError) return <ErrorState error={lesson.error} retry={() => lesson.refetch()} />;
  const l = lesson.data;
  const all = outline.data?.sections.flatMap((s) => s.lessons) ?? [];
  const at = all.findIndex((x) => x.id === lessonId);
  const prev = at > 0 ? all[at - 1] : undefined;
  const next = at >= 0 ? all[at + 1] : undefined;
  const mine = all[at];

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <aside aria-label="Course outline" className="order-2 lg:order-1">
        {outline.data && (
          <nav aria-label="Lessons">
            <Link href={`/courses/${slug}`} className="font-semibold hover:underline">
              {outline.data.course.title}
            </Link>
            {outline.data.percent !== null && outline.data.percent !== undefined && (
              <div className="mt-2">
                <p className="text-xs text-muted-fg" data-testid="player-percent">
                  {percent(outline.data.percent)} complete
                </p>
                <ProgressBar value={outline.data.percent} label="Course progress" />
              </div>
            )}
            {outline.data.percent !== null && outline.data.percent !== undefined && (
              <Link href={`/learn/${slug}/grades`} className="mt-2 inline-block text-sm text-primary underline">
                Your grades
              </Link>
            )}
            <ol className="mt-3 flex flex-col gap-1 text-sm">
              {all.map((x) => (
                <li key={x.id}>
                  {x.locked ? (
                    <span className="block rounded px-2 py-1 text-muted-fg" title={x.lock_reason ?? undefined}>
                      🔒 {x.title}
                    </span>
                  ) : (
                    <Link
                      href={`/learn/${slug}/${x.id}`}
                      aria-current={x.id === lessonId ? "page" : undefined}
                      className={cn("block rounded px-2 py-1 hover:bg-muted", x.id === lessonId && "bg-muted font-semibold")}
                    >
                      {x.progress === "completed" ? "✓ " : ""}
                      {x.title}
                    </Link>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        )}
      </aside>
      <article className="order-1 min-w-0 lg:order-2">
        <h1 className="text-2xl font-bold">{l.title}</h1>
        {mine && (
          <p className={cn("text-sm", lessonState(mine).tone)} data-testid="lesson-state">
            {lessonState(mine).label}
          </p>
        )}
        <div className="mt-4">
          {l.kind === "challenge" && l.challenge_id ? (
            <ChallengeWorkspace
              challengeRef={l.challenge_id}
              version={l.challenge_version ?? null}
              lessonKey={`${slug}:${l.id}`}
              courseSlug={slug}
              initial={initial?.challenge}
              hints
            />
          ) : l.kind === "link" && l.url ? (
            <>
              <div className="prose-uw" dangerouslySetInnerHTML={{ __html: l.body_html }} />
              <a className="mt-3 inline-block text-primary underline" href={l.url} rel="noopener noreferrer" target="_blank">
                Open the resource (new tab)
              </a>
            </>
          ) : l.kind === "quiz" && l.quiz_id ? (
            <>
              <div className="prose-uw mb-4" dangerouslySetInnerHTML={{ __html: l.body_html }} />
              <QuizPlayer slug={slug} quizId={l.quiz_id} />
            </>
          ) : l.kind === "video" && l.video_id ? (
            <>
              <VideoLesson slug={slug} lessonId={l.id} title={l.title} />
              <div className="prose-uw mt-4" dangerouslySetInnerHTML={{ __html: l.body_html }} />
            </>
          ) : l.kind === "video" || l.kind === "quiz" ? (
            <>
              <div className="prose-uw" dangerouslySetInnerHTML={{ __html: l.body_html }} />
              <p className="mt-3 rounded-md border border-dashed border-border p-4 text-muted-fg">
                {l.kind === "video" ? "Video playback" : "Quizzes"} will appear here when this course's {l.kind} is ready.
              </p>
            </>
          ) : (
            <div className="prose-uw" dangerouslySetInnerHTML={{ __html: l.body_html }} />
          )}
        </div>
        <nav aria-label="Lesson navigation" className="mt-8 flex justify-between gap-2 border-t border-border pt-4">
          {prev && !prev.locked ? (
            <Link href={`/learn/${slug}/${prev.id}`} className="rounded-md px-3 py-2 hover:bg-muted">
              ← {prev.title}
            </Link>
          ) : (
            <span />
          )}
          {next && !next.locked ? (
            <Link href={`/learn/${slug}/${next.id}`} className="rounded-md px-3 py-2 hover:bg-muted">
              {next.title} →
            </Link>
          ) : next ? (
            <span className="px-3 py-2 text-sm text-muted-fg">Next: {next.title} (locked: {next.lock_reason})</span>
          ) : (
            <Link href={`/courses/${slug}`} className="rounded-md px-3 py-2 hover:bg-muted">
              Back to the course
            </Link>
          )}
        </nav>
      </article>
    </div>
  );
}
