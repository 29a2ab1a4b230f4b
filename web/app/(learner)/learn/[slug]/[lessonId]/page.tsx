import { Protected } from "@/components/auth/protected";
import { LessonPlayer } from "@/components/lesson/lesson-player";

export default async function Page({ params }: { params: Promise<{ slug: string; lessonId: string }> }) {
  const { slug, lessonId } = await params;
  return (
    <Protected>
      <LessonPlayer slug={slug} lessonId={lessonId} />
    </Protected>
  );
}
