"use client";

// Memberships: the plans on sale (subscribe through Stripe Checkout), the learner's own
// memberships with their state (active, renewing or ending, past due within its grace period,
// canceled), and the link to Stripe's customer portal, where they change or cancel a plan.
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useAuth } from "@/components/auth/auth-provider";
import { Button } from "@/components/ui/button";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { formatDate, money } from "@/lib/utils";

export type Plan = components["schemas"]["PlanOut"];
export type Membership = components["schemas"]["MembershipOut"];

export function perInterval(plan: Plan): string {
  return `${money(plan.amount_cents, plan.currency)} / ${plan.interval}`;
}

/** A membership that gives access now (active, or past due within its grace period). */
export function isLive(m: Membership, now = Date.now()): boolean {
  return (m.status === "active" || m.status === "past_due") && !!m.access_until && new Date(m.access_until).getTime() > now;
}

/** Whether one of these memberships includes the course. */
export function covers(memberships: Membership[] | undefined, slug: string): Membership | undefined {
  return memberships?.find((m) => isLive(m) && (m.plan.all_courses || m.plan.course_slugs.includes(slug)));
}

export function useMyMemberships(enabled: boolean) {
  return useQuery({
    queryKey: ["my-memberships"],
    queryFn: () => unwrap(api.GET("/api/v1/me/memberships")),
    enabled,
  });
}

export function useBillingPortal() {
  const toast = useToast();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/billing-portal")),
    onSuccess: (r) => window.location.assign(r.url),
    onError: (e) => toast({ title: "Couldn't open billing", description: e.message, tone: "error" }),
  });
}

const STATUS: Record<string, string> = { active: "Active", past_due: "Past due", pending: "Pending", canceled: "Canceled" };

function describe(m: Membership): string {
  if (m.status === "canceled") return `Ended ${formatDate(m.ended_at)}`;
  if (m.status === "pending") return "Waiting for the first payment";
  if (m.status === "past_due")
    return isLive(m)
      ? `Payment failed: update your card before ${formatDate(m.access_until)} to keep access`
      : "Payment failed: access is paused until it is paid";
  if (m.cancel_at_period_end) return `Ends ${formatDate(m.current_period_end)} (won't renew)`;
  return `Renews ${formatDate(m.current_period_end)}`;
}

export function MyMemberships({ heading = true }: { heading?: boolean }) {
  const mine = useMyMemberships(true);
  const portal = useBillingPortal();
  if (!mine.data?.length) return null;
  return (
    <section aria-labelledby="my-memberships-title" className="mt-10">
      <h2 id="my-memberships-title" className={heading ? "mb-2 text-xl font-semibold" : "sr-only"}>
        Your memberships
      </h2>
      <ul className="flex flex-col gap-2">
        {mine.data.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-border p-3" data-testid="my-membership">
            <span className="font-medium">{m.plan.title}</span>
            <span className={`text-sm ${m.status === "past_due" ? "text-danger" : "text-muted-fg"}`}>
              {STATUS[m.status] ?? m.status} · {describe(m)}
            </span>
          </li>
        ))}
      </ul>
      <Button variant="outline" className="mt-3" onClick={() => portal.mutate()} disabled={portal.isPending}>
        {portal.isPending ? "Opening billing…" : "Manage billing"}
      </Button>
    </section>
  );
}

export function Memberships() {
  const { user } = useAuth();
  const toast = useToast();
  const plans = useQuery({ queryKey: ["plans"], queryFn: () => unwrap(api.GET("/api/v1/plans")) });
  const mine = useMyMemberships(!!user);
  const subscribe = useMutation({
    mutationFn: (slug: string) => unwrap(api.POST("/api/v1/plans/{slug}/checkout", { params: { path: { slug } } })),
    onSuccess: (order) => {
      if (order.checkout_url) window.location.assign(order.checkout_url);
    },
    onError: (e) => toast({ title: "Couldn't start the checkout", description: e.message, tone: "error" }),
  });
  if (plans.isPending) return <Loading label="Loading memberships" />;
  if (plans.isError) return <ErrorState error={plans.error} retry={() => plans.refetch()} />;
  return (
    <>
      {plans.data.length === 0 ? (
        <Empty>No memberships are on sale right now.</Empty>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {plans.data.map((p) => {
            const have = mine.data?.find((m) => m.plan.id === p.id && isLive(m));
            return (
              <li key={p.id} className="flex flex-col rounded-lg border border-border bg-card p-4" data-testid="plan-card">
                <h2 className="text-lg font-semibold">{p.title}</h2>
                <p className="mt-1 text-2xl font-bold">{perInterval(p)}</p>
                {p.description && <p className="mt-2 text-sm text-muted-fg">{p.description}</p>}
                <p className="mt-3 text-sm font-medium">Includes</p>
                {p.all_courses ? (
                  <p className="text-sm">Every paid course, including new ones</p>
                ) : (
                  <ul className="list-inside list-disc text-sm">
                    {p.courses.map((c) => (
                      <li key={c.slug}>
                        <Link href={`/courses/${c.slug}`} className="text-primary underline">
                          {c.title}
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
                <div className="mt-auto pt-4">
                  {have ? (
                    <p className="text-sm font-medium text-success">You&apos;re a member</p>
                  ) : user === null ? (
                    <Button asChild>
                      <Link href="/signin?next=/memberships">Sign in to subscribe</Link>
                    </Button>
                  ) : (
                    <Button onClick={() => subscribe.mutate(p.slug)} disabled={subscribe.isPending || !user}>
                      {subscribe.isPending && subscribe.variables === p.slug ? "Opening the checkout…" : `Subscribe · ${perInterval(p)}`}
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {user && <MyMemberships />}
    </>
  );
}
