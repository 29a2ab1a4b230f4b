import Link from "next/link";
import type { components } from "@/lib/api/schema";

type Course = components["schemas"]["CourseOut"];

export function price(course: Pick<Course, "price_cents" | "currency">): string {
  if (!course.price_cents) return "Free";
  return new Intl.NumberFormat(undefined, { style: "currency", currency: course.currency || "USD" }).format(
    course.price_cents / 100,
  );
}

export function CourseCard({ course }: { course: Course }) {
  return (
    <li className="flex flex-col rounded-lg border border-border bg-card p-4 shadow-sm">
      {course.cover_url && (
        <img src={course.cover_url} alt="" loading="lazy" className="-mx-4 -mt-4 mb-3 aspect-video w-[calc(100%+2rem)] max-w-none rounded-t-lg object-cover" />
      )}
      <h3 className="text-lg font-semibold">
        <Link href={`/courses/${course.slug}`} className="hover:underline">
          {course.title}
        </Link>
      </h3>
      <p className="mt-1 flex-1 text-sm text-muted-fg">{course.summary}</p>
      <p className="mt-3 flex flex-wrap gap-2 text-xs">
        {course.level && <span className="rounded bg-muted px-2 py-1 capitalize">{course.level}</span>}
        {course.category && <span className="rounded bg-muted px-2 py-1">{course.category}</span>}
        <span className="rounded bg-muted px-2 py-1 font-medium">{price(course)}</span>
        {course.status !== "published" && (
          <span className="rounded bg-warning/20 px-2 py-1 capitalize">{course.status}</span>
        )}
      </p>
    </li>
  );
}
