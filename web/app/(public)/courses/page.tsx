import type { Metadata } from "next";
import { Suspense } from "react";
import { Catalogue } from "@/components/catalogue/catalogue";
import { Loading } from "@/components/ui/states";
import { prefetch, serverApi } from "@/lib/server/api";

export const metadata: Metadata = { title: "Courses" };
export const dynamic = "force-dynamic";

export default async function CoursesPage() {
  const first = await prefetch((await serverApi()).GET("/api/v1/courses", { params: { query: { limit: 12 } } }));
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Courses</h1>
      <Suspense fallback={<Loading />}>
        <Catalogue firstPage={first} />
      </Suspense>
    </>
  );
}
