import { Protected } from "@/components/auth/protected";
import { LessonPlayer } from "@/components/lesson/lesson-player";
import { learnerApi, prefetch } from "@/lib/server/api";

export const dynamic = "force-dynamic";

/** The lesson arrives in the HTML when the server can read it for the learner (the render
 * cookie, docs/WEB.md); otherwise the browser loads it after renewing the session. */
async function initial(slug: string, lessonId: string) {
  const api = await learnerApi();
  if (!api) return undefined;
  const [lesson, outline] = await Promise.all([
    prefetch(api.GET("/api/v1/courses/{slug}/lessons/{lesson_id}", { params: { path: { slug, lesson_id: lessonId } } })),
    prefetch(api.GET("/api/v1/courses/{slug}/outline", { params: { path: { slug } } })),
  ]);
  if (!lesson || !outline) return undefined;
  const challenge = lesson.challenge_id
    ? await prefetch(api.GET("/api/v1/challenges/{ref}", { params: { path: { ref: lesson.challenge_id } } }))
    : undefined;
  return { lesson, outline, challenge };
}

export default async function Page({ params }: { params: Promise<{ slug: string; lessonId: string }> }) {
  const { slug, lessonId } = await params;
  const data = await initial(slug, lessonId);
  return (
    <Protected serverSession={data !== undefined}>
      <LessonPlayer slug={slug} lessonId={lessonId} initial={data} />
    </Protected>
  );
}
