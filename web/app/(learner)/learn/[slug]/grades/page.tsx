import { Protected } from "@/components/auth/protected";
import { MyGrades } from "@/components/gradebook/gradebook";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected>
      <MyGrades slug={slug} />
    </Protected>
  );
}
