import type { Metadata } from "next";
import { cache } from "react";
import { CoursePage } from "@/components/course/course-page";
import { prefetch, serverApi } from "@/lib/server/api";

export const dynamic = "force-dynamic";

const outline = cache(async (slug: string) =>
  prefetch((await serverApi()).GET("/api/v1/courses/{slug}/outline", { params: { path: { slug } } })),
);

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const found = await outline(slug);
  return found ? { title: found.course.title, description: found.course.summary } : { title: "Course" };
}

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // the public outline, in the HTML at once; the browser then reads the learner's own
  return <CoursePage slug={slug} publicOutline={await outline(slug)} />;
}
