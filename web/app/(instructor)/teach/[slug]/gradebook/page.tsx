import { Protected } from "@/components/auth/protected";
import { Gradebook } from "@/components/gradebook/gradebook";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <Gradebook slug={slug} />
    </Protected>
  );
}
