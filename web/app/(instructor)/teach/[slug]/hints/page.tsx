import { Protected } from "@/components/auth/protected";
import { HintsLog } from "@/components/teach/hints-log";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <HintsLog slug={slug} />
    </Protected>
  );
}
