import { CoursePage } from "@/components/course/course-page";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <CoursePage slug={slug} />;
}
