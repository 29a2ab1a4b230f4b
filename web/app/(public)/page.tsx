import Link from "next/link";
import { Suspense } from "react";
import { Catalogue } from "@/components/catalogue/catalogue";
import { Loading } from "@/components/ui/states";
import { prefetch, serverApi } from "@/lib/server/api";

export const dynamic = "force-dynamic";

export default async function Landing() {
  const first = await prefetch((await serverApi()).GET("/api/v1/courses", { params: { query: { limit: 12 } } }));
  return (
    <>
      <section className="py-8 sm:py-12">
        <h1 className="text-3xl font-bold sm:text-4xl">Learn to code by writing code.</h1>
        <p className="mt-3 max-w-2xl text-lg text-muted-fg">
          Courses with lessons you read and challenges you solve in the browser. Every submission runs in a
          sandbox and you watch its tests pass one by one.
        </p>
        <p className="mt-6 flex flex-wrap gap-3">
          <Link href="/courses" className="rounded-md bg-primary px-5 py-3 font-medium text-primary-fg">
            Browse courses
          </Link>
          <Link href="/signup" className="rounded-md border border-border px-5 py-3 font-medium">
            Create an account
          </Link>
        </p>
      </section>
      <h2 className="mb-4 text-xl font-semibold">Find a course</h2>
      <Suspense fallback={<Loading />}>
        <Catalogue firstPage={first} />
      </Suspense>
    </>
  );
}
