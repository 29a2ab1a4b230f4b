"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Protected } from "@/components/auth/protected";
import { CourseCard } from "@/components/catalogue/course-card";
import { CourseForm, toBody } from "@/components/teach/course-form";
import { Card } from "@/components/ui/card";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";

function Teach() {
  const router = useRouter();
  const mine = useQuery({
    queryKey: ["teach-courses"],
    queryFn: () => unwrap(api.GET("/api/v1/courses", { params: { query: { mine: true, limit: 100 } } })),
  });
  return (
    <div className="grid gap-8 lg:grid-cols-[3fr_2fr]">
      <section aria-labelledby="mine-title">
        <div className="flex items-center justify-between">
          <h2 id="mine-title" className="text-xl font-semibold">
            Your courses
          </h2>
          <span className="flex gap-4">
            <Link href="/teach/plans" className="text-sm text-primary underline">
              Memberships
            </Link>
            <Link href="/teach/challenges" className="text-sm text-primary underline">
              Challenges
            </Link>
          </span>
        </div>
        <div className="mt-3">
          {mine.isPending ? (
            <Loading />
          ) : mine.isError ? (
            <ErrorState error={mine.error} retry={() => mine.refetch()} />
          ) : mine.data.items.length === 0 ? (
            <Empty>No courses yet: create your first one.</Empty>
          ) : (
            <ul className="grid gap-3 sm:grid-cols-2">
              {mine.data.items.map((c) => (
                <CourseCard key={c.id} course={{ ...c }} />
              ))}
            </ul>
          )}
        </div>
      </section>
      <section aria-labelledby="new-title">
        <h2 id="new-title" className="text-xl font-semibold">
          New course
        </h2>
        <Card className="mt-3">
          <CourseForm
            submitLabel="Create course"
            onSubmit={async (values) => {
              const course = await unwrap(api.POST("/api/v1/courses", { body: toBody(values) }));
              router.push(`/teach/${course.slug}`);
            }}
          />
        </Card>
      </section>
    </div>
  );
}

export default function TeachPage() {
  return (
    <Protected role="instructor">
      <h1 className="mb-4 text-2xl font-bold">Teach</h1>
      <Teach />
    </Protected>
  );
}
