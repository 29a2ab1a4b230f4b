import { Protected } from "@/components/auth/protected";
import { VideosManager } from "@/components/video/videos-manager";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Protected role="instructor">
      <VideosManager slug={slug} />
    </Protected>
  );
}
