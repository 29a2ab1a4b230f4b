"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useAuth } from "@/components/auth/auth-provider";
import { Protected } from "@/components/auth/protected";
import { MyMemberships } from "@/components/payments/memberships";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";
import { money, percent } from "@/lib/utils";

function MyCourses() {
  const mine = useQuery({ queryKey: ["my-courses"], queryFn: () => unwrap(api.GET("/api/v1/me/courses")) });
  if (mine.isPending) return <Loading label="Loading your courses" />;
  if (mine.isError) return <ErrorState error={mine.error} retry={() => mine.refetch()} />;
  const learning = mine.data.filter((c) => c.enrollment.role === "learner");
  const teaching = mine.data.filter((c) => c.enrollment.role !== "learner");
  return (
    <>
      {learning.length === 0 ? (
        <Empty>
          You haven&apos;t enrolled in a course yet.{" "}
          <Link className="text-primary underline" href="/courses">
            Find one
          </Link>
          .
        </Empty>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {learning.map((c) => {
            const e = c.enrollment;
            const href = e.last_lesson_id ? `/learn/${c.slug}/${e.last_lesson_id}` : `/courses/${c.slug}`;
            return (
              <li key={c.slug} className="rounded-lg border border-border bg-card p-4">
                <h2 className="text-lg font-semibold">
                  <Link href={`/courses/${c.slug}`} className="hover:underline">
                    {c.title}
                  </Link>
                </h2>
                <p className="text-sm text-muted-fg">{c.summary}</p>
                <p className="mt-3 text-sm">
                  {e.completed_at ? "Completed" : e.state !== "active" ? `Access ${e.state}` : `${percent(e.percent)} complete`}
                </p>
                <ProgressBar value={e.percent} label={`${c.title} progress`} className="mt-1" />
                {(e.state === "active" || e.completed_at) && (
                  <Link href={href} className="mt-3 inline-block rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-fg">
                    {e.completed_at ? "Review" : e.last_lesson_id ? "Continue where you left off" : "Start"}
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {teaching.length > 0 && (
        <>
          <h2 className="mb-2 mt-8 text-xl font-semibold">Courses you teach</h2>
          <ul className="flex flex-col gap-2">
            {teaching.map((c) => (
              <li key={c.slug}>
                <Link href={`/teach/${c.slug}`} className="text-primary underline">
                  {c.title}
                </Link>{" "}
                <span className="text-sm text-muted-fg">({c.enrollment.role})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Orders() {
  const orders = useQuery({ queryKey: ["my-orders"], queryFn: () => unwrap(api.GET("/api/v1/me/orders")) });
  if (!orders.data?.length) return null;
  return (
    <section aria-labelledby="orders-title" className="mt-10">
      <h2 id="orders-title" className="mb-2 text-xl font-semibold">
        Your orders
      </h2>
      <table className="w-full text-left text-sm [&_td]:pr-2 [&_th]:pr-2">
        <thead className="text-muted-fg">
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Date</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Receipt</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.data.map((o) => (
            <tr key={o.id} className="border-t border-border" data-testid="order-row">
              <td className="py-1">{o.course_title ?? (o.plan_title ? `${o.plan_title} (membership)` : "")}</td>
              <td>{new Date(o.created_at).toLocaleDateString()}</td>
              <td>
                {money(o.amount_cents, o.currency)}
                {o.discount_cents ? ` (${money(o.discount_cents, o.currency)} off)` : ""}
                {o.refunded_cents ? ` (refunded ${money(o.refunded_cents, o.currency)})` : ""}
              </td>
              <td className="capitalize">{o.status}</td>
              <td>
                {o.receipt_url && (
                  <a href={o.receipt_url} className="text-primary underline" target="_blank" rel="noreferrer">
                    Receipt
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Account() {
  const { user, signOut } = useAuth();
  return (
    <section aria-labelledby="account-title" className="mt-10 border-t border-border pt-6">
      <h2 id="account-title" className="text-xl font-semibold">
        Your account
      </h2>
      <p className="mt-1 text-sm text-muted-fg">
        Signed in as {user?.name} ({user?.email}).
      </p>
      <Button variant="outline" className="mt-3" onClick={() => signOut(true)}>
        Sign out on every device
      </Button>
    </section>
  );
}

export default function Dashboard() {
  return (
    <Protected>
      <h1 className="mb-4 text-2xl font-bold">My courses</h1>
      <MyCourses />
      <MyMemberships />
      <Orders />
      <Account />
    </Protected>
  );
}
