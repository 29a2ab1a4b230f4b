"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { CourseForm, toBody } from "@/components/teach/course-form";
import { OutlineEditor } from "@/components/teach/outline-editor";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, unwrap } from "@/lib/api/client";

export function TeachNav({ slug, here }: { slug: string; here: string }) {
  const links = [
    { href: `/teach/${slug}`, label: "Course" },
    { href: `/teach/${slug}/enrollments`, label: "Enrollments" },
    { href: `/teach/${slug}/progress`, label: "Progress" },
    { href: `/teach/${slug}/quizzes`, label: "Quizzes" },
    { href: `/teach/${slug}/videos`, label: "Videos" },
    { href: `/teach/${slug}/hints`, label: "Hints" },
    { href: `/teach/${slug}/gradebook`, label: "Gradebook" },
    { href: `/teach/${slug}/analytics`, label: "Analytics" },
    { href: `/teach/${slug}/revenue`, label: "Revenue" },
    { href: `/courses/${slug}`, label: "View as learner" },
  ];
  return (
    <nav aria-label="Course tools" className="mb-4 flex flex-wrap gap-1 border-b border-border pb-2">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l.href === here ? "page" : undefined} className="rounded-md px-3 py-2 text-sm hover:bg-muted aria-[current=page]:bg-muted aria-[current=page]:font-semibold">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}

function CoverField({ slug, url }: { slug: string; url: string | null }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<string | undefined>();
  const change = useMutation({
    mutationFn: async (file: File | null) => {
      if (!file) {
        await unwrap(api.DELETE("/api/v1/courses/{slug}/cover", { params: { path: { slug } } }));
        return null;
      }
      const form = new FormData();
      form.append("file", file);
      return unwrap(
        api.PUT("/api/v1/courses/{slug}/cover", {
          params: { path: { slug } },
          body: form as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      );
    },
    onMutate: () => setError(undefined),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["course", slug] });
      toast({ title: "Cover saved", tone: "success" });
    },
    onError: (e) => {
      setError(e.message);
      toast({ title: "Couldn't change the cover", description: e.message, tone: "error" });
    },
  });
  return (
    <Card className="mt-3 flex flex-col gap-3">
      {url && (
        <img src={url} alt="The course's cover" className="aspect-[3/1] w-full rounded-md object-cover" />
      )}
      <Field id="course-cover" label="Cover image" error={error} hint="JPEG, PNG or WebP up to 5 MB; stored at most 1600 px wide, without its metadata">
        <Input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          disabled={change.isPending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) change.mutate(file);
          }}
        />
      </Field>
      {url && (
        <div>
          <Button type="button" variant="secondary" onClick={() => change.mutate(null)} disabled={change.isPending}>
            Remove the cover
          </Button>
        </div>
      )}
    </Card>
  );
}

export function CourseEditor({ slug }: { slug: string }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const course = useQuery({
    queryKey: ["course", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}", { params: { path: { slug } } })),
  });
  const publish = useMutation({
    mutationFn: (action: "publish" | "archive") =>
      action === "publish"
        ? unwrap(api.POST("/api/v1/courses/{slug}/publish", { params: { path: { slug } } }))
        : unwrap(api.POST("/api/v1/courses/{slug}/archive", { params: { path: { slug } } })),
    onSuccess: (c) => {
      queryClient.setQueryData(["course", slug], c);
      toast({ title: c.status === "published" ? "Published: learners can find it now" : `Course ${c.status}`, tone: "success" });
      void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
    },
    onError: (e) => toast({ title: "Couldn't change the status", description: e.message, tone: "error" }),
  });
  if (course.isPending) return <Loading label="Loading the course" />;
  if (course.isError) return <ErrorState error={course.error} retry={() => course.refetch()} />;
  const c = course.data;
  return (
    <>
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{c.title}</h1>
        <span className="rounded bg-muted px-2 py-1 text-sm capitalize" data-testid="course-status">
          {c.status}
        </span>
        {c.status !== "published" ? (
          <Button onClick={() => publish.mutate("publish")} disabled={publish.isPending}>
            Publish
          </Button>
        ) : (
          <Button variant="outline" onClick={() => publish.mutate("archive")} disabled={publish.isPending}>
            Archive
          </Button>
        )}
      </div>
      <TeachNav slug={slug} here={`/teach/${slug}`} />
      <div className="grid gap-8 lg:grid-cols-2">
        <OutlineEditor slug={slug} />
        <section aria-labelledby="details-title">
          <h2 id="details-title" className="text-xl font-semibold">
            Details
          </h2>
          <CoverField slug={slug} url={c.cover_url ?? null} />
          <Card className="mt-3">
            <CourseForm
              course={c}
              submitLabel="Save details"
              onSubmit={async (values) => {
                const saved = await unwrap(api.PATCH("/api/v1/courses/{slug}", { params: { path: { slug } }, body: toBody(values) }));
                queryClient.setQueryData(["course", saved.slug], saved);
                toast({ title: "Saved", tone: "success" });
                if (saved.slug !== slug) router.replace(`/teach/${saved.slug}`);
              }}
            />
          </Card>
        </section>
      </div>
    </>
  );
}
