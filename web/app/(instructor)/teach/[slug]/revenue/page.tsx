import { Protected } from "@/components/auth/protected";
import { Revenue } from "@/components/payments/revenue";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <Revenue slug={slug} />
    </Protected>
  );
}
