import { Protected } from "@/components/auth/protected";
import { Analytics } from "@/components/analytics/analytics";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <Analytics slug={slug} />
    </Protected>
  );
}
