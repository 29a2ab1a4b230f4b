import { Protected } from "@/components/auth/protected";
import { CourseEditor } from "@/components/teach/course-editor";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <CourseEditor slug={slug} />
    </Protected>
  );
}
