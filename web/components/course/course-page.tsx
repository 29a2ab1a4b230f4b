"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useAuth } from "@/components/auth/auth-provider";
import { price } from "@/components/catalogue/course-card";
import { covers, perInterval, useMyMemberships } from "@/components/payments/memberships";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { useLiveProgress } from "@/lib/hooks/use-live-progress";
import { formatDate, percent } from "@/lib/utils";

type Lesson = components["schemas"]["LessonSummary"];

const KIND: Record<string, string> = { text: "Reading", video: "Video", quiz: "Quiz", challenge: "Challenge", link: "Link" };

export function lessonState(l: Lesson): { label: string; tone: string } {
  if (l.locked) return { label: "Locked", tone: "text-muted-fg" };
  if (l.progress === "completed") return { label: "Completed", tone: "text-success" };
  if (l.progress === "in_progress") return { label: "In progress", tone: "text-warning" };
  return { label: "Not started", tone: "text-muted-fg" };
}

type Outline = components["schemas"]["OutlineOut"];

export function CoursePage({ slug, publicOutline }: { slug: string; publicOutline?: Outline }) {
  const { user } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const outline = useQuery({
    queryKey: ["outline", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/outline", { params: { path: { slug } } })),
    enabled: user !== undefined,
    placeholderData: publicOutline,
  });
  const enrollment = useQuery({
    queryKey: ["enrollment", slug],
    queryFn: () =>
      unwrap(api.GET("/api/v1/courses/{slug}/enrollment", { params: { path: { slug } } })).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    enabled: !!user,
  });
  const certificate = useQuery({
    queryKey: ["certificate", slug],
    queryFn: () =>
      unwrap(api.GET("/api/v1/courses/{slug}/certificate", { params: { path: { slug } } })).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    enabled: !!enrollment.data?.completed_at,
  });
  const enrolled = !!enrollment.data && enrollment.data.role === "learner" && enrollment.data.state === "active";
  const paid = !!outline.data?.course.price_cents;
  const memberships = useMyMemberships(!!user && paid);
  const member = covers(memberships.data, slug);
  const plans = useQuery({
    queryKey: ["plans", slug],
    queryFn: () => unwrap(api.GET("/api/v1/plans", { params: { query: { course: slug } } })),
    enabled: paid && !enrolled,
  });
  useLiveProgress(slug, enrolled);

  const enroll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/enrollment", { params: { path: { slug } } })),
    onSuccess: () => {
      toast({ title: "You're enrolled", tone: "success" });
      void queryClient.invalidateQueries({ queryKey: ["enrollment", slug] });
      void queryClient.invalidateQueries({ queryKey: ["outline", slug] });
      void queryClient.invalidateQueries({ queryKey: ["my-courses"] });
    },
    onError: (e) => toast({ title: "Couldn't enroll", description: e.message, tone: "error" }),
  });

  // paid courses: a Stripe Checkout Session, then the browser goes to Stripe's page
  const buy = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/checkout", { params: { path: { slug } } })),
    onSuccess: (order) => {
      if (order.checkout_url) window.location.assign(order.checkout_url);
    },
    onError: (e) => toast({ title: "Couldn't start the checkout", description: e.message, tone: "error" }),
  });

  if (outline.isPending) return <Loading label="Loading the course" />;
  if (outline.isError) return <ErrorState error={outline.error} retry={() => outline.refetch()} />;
  const { course, sections } = outline.data;
  const lessons = sections.flatMap((s) => s.lessons);
  const resume = outline.data.last_lesson_id ?? lessons.find((l) => !l.locked && l.progress !== "completed")?.id ?? lessons[0]?.id;

  return (
    <article>
      <header className="border-b border-border pb-6">
        {course.cover_url && (
          <img src={course.cover_url} alt="" className="mb-4 aspect-[3/1] w-full rounded-lg object-cover" />
        )}
        <p className="text-sm text-muted-fg">
          {[course.category, course.level, course.language].filter(Boolean).join(" · ")}
        </p>
        <h1 className="mt-1 text-3xl font-bold">{course.title}</h1>
        <p className="mt-2 text-lg text-muted-fg">{course.summary}</p>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          {enrolled ? (
            resume && (
              <Button asChild>
                <Link href={`/learn/${slug}/${resume}`}>{outline.data.percent ? "Continue" : "Start"}</Link>
              </Button>
            )
          ) : user === null ? (
            <Button asChild>
              <Link href={`/signin?next=/courses/${slug}`}>Sign in to enroll</Link>
            </Button>
          ) : enrollment.data && enrollment.data.role !== "learner" ? (
            <Button asChild variant="outline">
              <Link href={`/teach/${slug}`}>Edit this course</Link>
            </Button>
          ) : (
            course.price_cents && member ? (
              <Button onClick={() => enroll.mutate()} disabled={enroll.isPending}>
                {enroll.isPending ? "Enrolling…" : `Enroll · included in ${member.plan.title}`}
              </Button>
            ) : course.price_cents ? (
              <Button onClick={() => buy.mutate()} disabled={buy.isPending || !user}>
                {buy.isPending ? "Opening the checkout…" : `Buy · ${price(course)}`}
              </Button>
            ) : (
              <Button onClick={() => enroll.mutate()} disabled={enroll.isPending || !user}>
                {enroll.isPending ? "Enrolling…" : "Enroll for free"}
              </Button>
            )
          )}
          {course.status !== "published" && (
            <span className="rounded bg-warning/20 px-2 py-1 text-sm capitalize">{course.status} (preview)</span>
          )}
        </div>
        {!enrolled && !member && !!plans.data?.length && (
          <p className="mt-3 text-sm" data-testid="course-plans">
            Or get it with a membership:{" "}
            {plans.data.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ", "}
                <Link href="/memberships" className="font-medium text-primary underline">
                  {p.title}
                </Link>{" "}
                ({perInterval(p)})
              </span>
            ))}
          </p>
        )}
        {enrolled && enrollment.data?.membership_id && enrollment.data.access_ends_at && (
          <p className="mt-2 text-sm text-muted-fg">Included in your membership until {formatDate(enrollment.data.access_ends_at)}.</p>
        )}
        {enrolled && (
          <div className="mt-4 max-w-md">
            <p className="mb-1 text-sm" data-testid="course-percent">
              Your progress: {percent(outline.data.percent ?? 0)}
            </p>
            <ProgressBar value={outline.data.percent ?? 0} label="Course progress" />
          </div>
        )}
        {certificate.data && (
          <p className="mt-4 rounded-md border border-success p-3">
            Course completed.{" "}
            <Link className="font-medium text-primary underline" href={`/certificates/${certificate.data.code}`}>
              View your certificate
            </Link>
          </p>
        )}
      </header>

      <div className="grid gap-8 py-6 lg:grid-cols-[2fr_3fr]">
        <section aria-labelledby="outline-title">
          <h2 id="outline-title" className="mb-3 text-xl font-semibold">
            Outline
          </h2>
          <ol className="flex flex-col gap-4">
            {sections.map((s, si) => (
              <li key={s.id}>
                <h3 className="font-semibold">
                  {si + 1}. {s.title}
                </h3>
                <ol className="mt-2 flex flex-col divide-y divide-border rounded-md border border-border">
                  {s.lessons.map((l) => {
                    const state = lessonState(l);
                    const body = (
                      <>
                        <span className="flex-1">
                          {l.title}
                          <span className="block text-xs text-muted-fg">{KIND[l.kind] ?? l.kind}</span>
                          {l.locked && l.lock_reason && (
                            <span className="block text-xs text-muted-fg">{l.lock_reason}</span>
                          )}
                        </span>
                        <span className={`text-xs ${state.tone}`} data-testid={`lesson-state-${l.id}`}>
                          {state.label}
                        </span>
                      </>
                    );
                    return (
                      <li key={l.id}>
                        {l.locked || (!enrolled && !(enrollment.data && enrollment.data.role !== "learner")) ? (
                          <div className="flex items-center gap-3 px-3 py-2" aria-disabled={l.locked}>
                            {body}
                          </div>
                        ) : (
                          <Link href={`/learn/${slug}/${l.id}`} className="flex items-center gap-3 px-3 py-2 hover:bg-muted">
                            {body}
                          </Link>
                        )}
                      </li>
                    );
                  })}
                </ol>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="about-title">
          <h2 id="about-title" className="mb-3 text-xl font-semibold">
            About this course
          </h2>
          <div className="prose-uw" dangerouslySetInnerHTML={{ __html: course.description_html }} />
          {course.published_at && <p className="mt-4 text-sm text-muted-fg">Published {formatDate(course.published_at)}</p>}
        </section>
      </div>
    </article>
  );
}
