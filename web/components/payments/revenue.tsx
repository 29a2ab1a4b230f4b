"use client";

// The instructors' revenue: gross, refunds and net per month (a chart and its numbers, CSV),
// and the course's orders with refunds (a partial refund keeps the learner's access; a full one
// ends it).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TeachNav } from "@/components/teach/course-editor";
import { Button } from "@/components/ui/button";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { download } from "@/lib/download";
import { money } from "@/lib/utils";

type Row = components["schemas"]["RevenueRow"];
type Order = components["schemas"]["OrderOut"];

export function Revenue({ slug }: { slug: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const revenue = useQuery({
    queryKey: ["revenue", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/revenue", { params: { path: { slug } } })) as Promise<Row[]>,
  });
  const orders = useQuery({
    queryKey: ["orders", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/orders", { params: { path: { slug } } })) as Promise<Order[]>,
  });
  const refund = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/courses/{slug}/orders/{order_id}/refund", { params: { path: { slug, order_id: id } }, body: {} })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["orders", slug] });
      void queryClient.invalidateQueries({ queryKey: ["revenue", slug] });
      toast({ title: "Refunded", description: "The learner's access to the course has ended.", tone: "success" });
    },
    onError: (e) => toast({ title: "Couldn't refund", description: e.message, tone: "error" }),
  });
  const failed = revenue.isError ? revenue : orders.isError ? orders : null;
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Revenue</h1>
      <TeachNav slug={slug} here={`/teach/${slug}/revenue`} />
      {failed ? (
        <ErrorState error={failed.error} retry={() => failed.refetch()} />
      ) : !revenue.data || !orders.data ? (
        <Loading />
      ) : (
        <div className="flex flex-col gap-6">
          <RevenueFigure rows={revenue.data} title="Revenue per month" csv={`/api/v1/courses/${slug}/revenue?format=csv`} file={`${slug}-revenue.csv`} testId="chart-revenue" />
          <section aria-labelledby="orders-title">
            <h2 id="orders-title" className="mb-2 text-lg font-semibold">
              Orders
            </h2>
            {orders.data.length === 0 ? (
              <Empty>No orders yet.</Empty>
            ) : (
              <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-muted-fg">
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {orders.data.map((o) => (
                    <tr key={o.id} className="border-t border-border" data-testid="course-order">
                      <td className="py-1">{new Date(o.created_at).toLocaleString()}</td>
                      <td>
                        {money(o.amount_cents, o.currency)}
                        {o.refunded_cents ? ` (refunded ${money(o.refunded_cents, o.currency)})` : ""}
                      </td>
                      <td className="capitalize">{o.status}</td>
                      <td>
                        {o.status === "paid" && (
                          <Button size="sm" variant="outline" disabled={refund.isPending} onClick={() => refund.mutate(o.id)}>
                            Refund {money(o.amount_cents - o.refunded_cents, o.currency)}
                          </Button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            )}
          </section>
        </div>
      )}
    </>
  );
}

/** Revenue per month and currency: a chart (net and refunded), its numbers, and a CSV download. */
export function RevenueFigure({ rows, title, csv, file, testId }: { rows: Row[]; title: string; csv: string; file: string; testId: string }) {
  const toast = useToast();
  return (
    <figure aria-labelledby={`${testId}-title`} className="rounded-lg border border-border p-4" data-testid={testId}>
      <div className="mb-2 flex items-center justify-between gap-2">
        <figcaption id={`${testId}-title`} className="text-lg font-semibold">
          {title}
        </figcaption>
        <Button
          size="sm"
          variant="outline"
          aria-label={`Download ${title.toLowerCase()} as CSV`}
          onClick={() =>
            download(csv, file).catch((e: Error) =>
              toast({ title: "Couldn't download", description: e.message, tone: "error" }),
            )
          }
        >
          CSV
        </Button>
      </div>
      {rows.length === 0 ? (
        <Empty>No sales yet.</Empty>
      ) : (
        <>
          <div className="h-64 w-full" role="group" aria-label="Revenue per month: chart (arrow keys move through the months)">
            <ResponsiveContainer>
              <BarChart
                data={rows.map((r) => ({
                  label: `${new Date(r.bucket).toLocaleDateString(undefined, { month: "short", year: "numeric" })} ${r.currency.toUpperCase()}`,
                  net: r.net_cents / 100,
                  refunded: r.refunded_cents / 100,
                }))}
              >
                <CartesianGrid stroke="var(--border)" />
                <XAxis dataKey="label" tick={{ stroke: "var(--muted-fg)", fontSize: 12 }} />
                <YAxis tick={{ stroke: "var(--muted-fg)", fontSize: 12 }} />
                <Tooltip />
                <Legend />
                <Bar dataKey="net" name="Net" stackId="a" fill="var(--primary)" />
                <Bar dataKey="refunded" name="Refunded" stackId="a" fill="var(--muted-fg)" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-muted-fg">
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Orders</th>
                <th scope="col">Gross</th>
                <th scope="col">Refunded</th>
                <th scope="col">Disputed</th>
                <th scope="col">Net</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.bucket}-${r.currency}`} className="border-t border-border">
                  <td>{new Date(r.bucket).toLocaleDateString(undefined, { month: "long", year: "numeric" })}</td>
                  <td>{r.orders}</td>
                  <td>{money(r.gross_cents, r.currency)}</td>
                  <td>{money(r.refunded_cents, r.currency)}</td>
                  <td>{money(r.disputed_cents, r.currency)}</td>
                  <td className="font-semibold">{money(r.net_cents, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </figure>
  );
}
