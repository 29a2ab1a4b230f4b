import { Protected } from "@/components/auth/protected";
import { ProgressTable } from "@/components/teach/progress-table";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <ProgressTable slug={slug} />
    </Protected>
  );
}
