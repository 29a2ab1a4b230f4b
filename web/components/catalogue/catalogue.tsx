"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import * as React from "react";
import { CourseCard } from "@/components/catalogue/course-card";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Level = "beginner" | "intermediate" | "advanced";

/** Browse or search: the query and filters live in the URL, so a search can be shared and reloaded. */
type Page = components["schemas"]["Page_CourseOut_"];

export function Catalogue({ firstPage }: { firstPage?: Page }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const q = params.get("q") ?? "";
  const level = (params.get("level") ?? "") as Level | "";
  const free = params.get("free") ?? "";
  const [draft, setDraft] = React.useState(q);
  React.useEffect(() => setDraft(q), [q]);

  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    router.replace(`${pathname}?${merged.toString()}`);
  };
  const filters = {
    level: level || undefined,
    free: free === "" ? undefined : free === "true",
  };

  const courses = useInfiniteQuery({
    queryKey: ["catalogue", filters],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/courses", { params: { query: { ...filters, cursor: pageParam, limit: 12 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: !q,
    // the server rendered the unfiltered first page into the HTML
    initialData:
      firstPage && filters.level === undefined && filters.free === undefined
        ? { pages: [firstPage], pageParams: [undefined] }
        : undefined,
    initialDataUpdatedAt: 0, // then read again in the browser (signed in, you also see your drafts)
  });
  const results = useInfiniteQuery({
    queryKey: ["search", q, filters],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/search", { params: { query: { q, ...filters, cursor: pageParam, limit: 20 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: !!q,
  });
  const active = q ? results : courses;

  return (
    <div>
      <form
        role="search"
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: draft.trim() });
        }}
      >
        <div className="flex-1">
          <label htmlFor="q" className="text-sm font-medium">
            Search courses and lessons
          </label>
          <Input id="q" name="q" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. loops, &quot;binary search&quot;" />
        </div>
        <div>
          <label htmlFor="level" className="block text-sm font-medium">
            Level
          </label>
          <Select id="level" value={level} onChange={(e) => update({ level: e.target.value })}>
            <option value="">Any level</option>
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </Select>
        </div>
        <div>
          <label htmlFor="price" className="block text-sm font-medium">
            Price
          </label>
          <Select id="price" value={free} onChange={(e) => update({ free: e.target.value })}>
            <option value="">Any price</option>
            <option value="true">Free</option>
            <option value="false">Paid</option>
          </Select>
        </div>
        <Button type="submit">Search</Button>
      </form>

      <section aria-live="polite" className="mt-6">
        {active.isPending ? (
          <Loading label={q ? "Searching" : "Loading courses"} />
        ) : active.isError && !active.data ? (
          <ErrorState error={active.error} retry={() => active.refetch()} />
        ) : q ? (
          <SearchResults pages={results.data?.pages ?? []} q={q} />
        ) : (courses.data?.pages.flatMap((p) => p.items).length ?? 0) === 0 ? (
          <Empty>No courses match these filters yet.</Empty>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {courses.data?.pages.flatMap((p) => p.items).map((c) => <CourseCard key={c.id} course={c} />)}
          </ul>
        )}
        {active.hasNextPage && (
          <Button variant="outline" className="mt-4" onClick={() => active.fetchNextPage()} disabled={active.isFetchingNextPage}>
            {active.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        )}
      </section>
    </div>
  );
}

type Results = components["schemas"]["Results"];

function SearchResults({ pages, q }: { pages: Results[]; q: string }) {
  const hits = pages.flatMap((p) => p.items);
  if (!hits.length) return <Empty>Nothing matches “{q}”. Try fewer or different words.</Empty>;
  return (
    <>
      <h2 className="mb-3 text-lg font-semibold">
        {pages[0]?.fuzzy ? `No exact match for “${q}”: courses with similar titles` : `Results for “${q}”`}
      </h2>
      <ul className="flex flex-col gap-3">
        {hits.map((h) => (
          <li key={`${h.kind}-${h.id}`} className="rounded-lg border border-border bg-card p-4">
            <p className="text-xs uppercase tracking-wide text-muted-fg">{h.kind}</p>
            <h3 className="font-semibold">
              <Link href={h.kind === "course" ? `/courses/${h.course}` : `/learn/${h.course}/${h.id}`} className="hover:underline">
                {h.title}
              </Link>
            </h3>
            {/* the service escapes the text and marks the matches: it is safe HTML by construction */}
            <p className="mt-1 text-sm" dangerouslySetInnerHTML={{ __html: h.snippet }} />
          </li>
        ))}
      </ul>
    </>
  );
}
