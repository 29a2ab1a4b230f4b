import type { Metadata } from "next";
import { Suspense } from "react";
import { Catalogue } from "@/components/catalogue/catalogue";
import { Loading } from "@/components/ui/states";

export const metadata: Metadata = { title: "Courses" };

export default function CoursesPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Courses</h1>
      <Suspense fallback={<Loading />}>
        <Catalogue />
      </Suspense>
    </>
  );
}
