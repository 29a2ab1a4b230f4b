"use client";

// Back from Stripe Checkout: the order is applied now (the webhook may be slower), and the page
// shows access as soon as fulfilment lands, asking again for a little while if the payment is
// still being confirmed.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";

export function CheckoutSuccess() {
  const session = useSearchParams().get("session_id") ?? "";
  const order = useQuery({
    queryKey: ["checkout", session],
    queryFn: () =>
      unwrap(api.POST("/api/v1/payments/checkout-sessions/{session_id}/fulfil", { params: { path: { session_id: session } } })),
    enabled: !!session,
    refetchInterval: (q) => (q.state.data?.status === "pending" ? 2000 : false),
  });
  if (!session) return <ErrorState error={new Error("This page needs the checkout it came back from.")} />;
  if (order.isPending) return <Loading label="Confirming your payment" />;
  if (order.isError) return <ErrorState error={order.error} retry={() => order.refetch()} />;
  const o = order.data;
  return (
    <section aria-labelledby="checkout-title" className="mx-auto max-w-lg rounded-lg border border-border p-6">
      <h1 id="checkout-title" className="text-2xl font-bold" data-testid="checkout-status">
        {o.status === "paid" ? "Payment received" : o.status === "pending" ? "Confirming your payment…" : `Payment ${o.status}`}
      </h1>
      <p className="mt-2 text-muted-fg">
        {o.status === "paid"
          ? o.plan_title
            ? `Your ${o.plan_title} membership is active: its courses are yours while it lasts.`
            : `You're enrolled in ${o.course_title}.`
          : o.status === "pending"
            ? "This can take a few seconds. This page updates by itself."
            : "Nothing was charged for this order. You can try again."}
      </p>
      {o.plan_slug && (
        <Button asChild className="mt-4">
          <Link href={o.status === "paid" ? "/dashboard" : "/memberships"}>{o.status === "paid" ? "Go to my courses" : "Back to memberships"}</Link>
        </Button>
      )}
      {o.course_slug && (
        <Button asChild className="mt-4">
          <Link href={`/courses/${o.course_slug}`}>{o.status === "paid" ? "Go to the course" : "Back to the course"}</Link>
        </Button>
      )}
    </section>
  );
}
