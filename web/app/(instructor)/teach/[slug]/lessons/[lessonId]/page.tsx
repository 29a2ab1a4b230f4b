import { Protected } from "@/components/auth/protected";
import { LessonEditor } from "@/components/teach/lesson-editor";

export default async function Page({ params }: { params: Promise<{ slug: string; lessonId: string }> }) {
  const { slug, lessonId } = await params;
  return (
    <Protected role="instructor">
      <LessonEditor slug={slug} lessonId={lessonId} />
    </Protected>
  );
}
