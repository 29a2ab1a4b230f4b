import { Protected } from "@/components/auth/protected";
import { Enrollments } from "@/components/teach/enrollments";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <Enrollments slug={slug} />
    </Protected>
  );
}
