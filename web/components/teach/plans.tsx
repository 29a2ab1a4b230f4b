"use client";

// Selling memberships: the plans an instructor sells (an admin: every plan), each with its price,
// what it includes, whether it is on sale and its revenue; a form for a new plan over courses the
// instructor edits (admins may also sell every course). Admins also read revenue across every
// course and plan here. A new price is a new Stripe Price for new members; members keep what they
// subscribed at.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useAuth } from "@/components/auth/auth-provider";
import { perInterval, type Plan } from "@/components/payments/memberships";
import { RevenueFigure } from "@/components/payments/revenue";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import { applyApiErrors } from "@/lib/forms";
import type { components } from "@/lib/api/schema";
import { money } from "@/lib/utils";

type Row = components["schemas"]["RevenueRow"];

const planSchema = z
  .object({
    title: z.string().trim().min(1, "Give the plan a name").max(200),
    slug: z
      .string()
      .trim()
      .min(2, "Choose a URL name")
      .max(80)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Lowercase letters, digits and dashes"),
    description: z.string().max(5000),
    price: z
      .string()
      .trim()
      .regex(/^\d{1,6}(\.\d{1,2})?$/, "A price like 15 or 15.50"),
    currency: z.string().trim().regex(/^[a-zA-Z]{3}$/, "A three-letter currency code, like USD"),
    interval: z.enum(["month", "year"]),
    all_courses: z.boolean(),
    course_slugs: z.array(z.string()),
  })
  .refine((v) => v.all_courses || v.course_slugs.length > 0, { path: ["course_slugs"], message: "Choose at least one course" });

type PlanValues = z.infer<typeof planSchema>;
const FIELDS = ["title", "slug", "description", "price", "currency", "interval", "all_courses", "course_slugs"] as const;
const EMPTY: PlanValues = { title: "", slug: "", description: "", price: "", currency: "USD", interval: "month", all_courses: false, course_slugs: [] };

function PlanForm({ onDone }: { onDone: () => void }) {
  const { user } = useAuth();
  const [formError, setFormError] = React.useState<string | null>(null);
  const courses = useQuery({
    queryKey: ["teach-courses"],
    queryFn: () => unwrap(api.GET("/api/v1/courses", { params: { query: { mine: true, limit: 100 } } })),
  });
  const form = useForm<PlanValues>({ resolver: zodResolver(planSchema), defaultValues: EMPTY });
  const { errors, isSubmitting } = form.formState;
  const all = form.watch("all_courses");
  const submit = form.handleSubmit(async ({ price, currency, ...v }) => {
    setFormError(null);
    try {
      await unwrap(
        api.POST("/api/v1/plans", {
          body: { ...v, amount_cents: Math.round(Number(price) * 100), currency: currency.toLowerCase(), course_slugs: v.all_courses ? [] : v.course_slugs },
        }),
      );
      form.reset(EMPTY);
      onDone();
    } catch (e) {
      const message = applyApiErrors(e, form.setError, FIELDS);
      setFormError(message);
    }
  });
  const paid = (courses.data?.items ?? []).filter((c) => c.price_cents > 0);
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-labelledby="new-plan-title">
      <h2 id="new-plan-title" className="text-xl font-semibold">
        New plan
      </h2>
      {formError && (
        <p role="alert" className="rounded-md border border-danger p-2 text-sm text-danger">
          {formError}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="plan-title" label="Name" error={errors.title?.message}>
          <Input {...form.register("title")} />
        </Field>
        <Field id="plan-slug" label="URL name" error={errors.slug?.message} hint="Lowercase letters, digits and dashes">
          <Input {...form.register("slug")} />
        </Field>
      </div>
      <Field id="plan-description" label="Description" error={errors.description?.message}>
        <Textarea rows={2} {...form.register("description")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="plan-price" label="Price" error={errors.price?.message}>
          <Input inputMode="decimal" {...form.register("price")} />
        </Field>
        <Field id="plan-currency" label="Currency" error={errors.currency?.message}>
          <Input maxLength={3} {...form.register("currency")} />
        </Field>
        <Field id="plan-interval" label="Billed every" error={errors.interval?.message}>
          <Select {...form.register("interval")}>
            <option value="month">Month</option>
            <option value="year">Year</option>
          </Select>
        </Field>
      </div>
      {user?.role === "admin" && (
        <div className="flex items-center gap-2">
          <input id="plan-all" type="checkbox" className="h-4 w-4" {...form.register("all_courses")} />
          <label htmlFor="plan-all" className="text-sm">
            Every paid course, including new ones
          </label>
        </div>
      )}
      {!all && (
        <fieldset className="flex flex-col gap-1" aria-describedby={errors.course_slugs ? "plan-courses-error" : undefined}>
          <legend className="text-sm font-medium">Courses it includes</legend>
          {courses.isPending ? (
            <Loading label="Loading your courses" />
          ) : paid.length === 0 ? (
            <p className="text-sm text-muted-fg">Set a price on a course first: memberships sell paid courses.</p>
          ) : (
            paid.map((c) => (
              <label key={c.slug} className="flex items-center gap-2 text-sm">
                <input type="checkbox" value={c.slug} className="h-4 w-4" {...form.register("course_slugs")} />
                {c.title} <span className="text-muted-fg">({money(c.price_cents, c.currency)})</span>
              </label>
            ))
          )}
          {errors.course_slugs && (
            <p id="plan-courses-error" className="text-sm text-danger">
              {errors.course_slugs.message}
            </p>
          )}
        </fieldset>
      )}
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Creating…" : "Create plan"}
        </Button>
      </div>
    </form>
  );
}

function PlanRevenue({ slug }: { slug: string }) {
  const rows = useQuery({
    queryKey: ["plan-revenue", slug],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{slug}/revenue", { params: { path: { slug } } })) as Promise<Row[]>,
  });
  if (!rows.data) return null;
  const byCurrency = new Map<string, { gross: number; net: number; orders: number }>();
  for (const r of rows.data) {
    const t = byCurrency.get(r.currency) ?? { gross: 0, net: 0, orders: 0 };
    byCurrency.set(r.currency, { gross: t.gross + r.gross_cents, net: t.net + r.net_cents, orders: t.orders + r.orders });
  }
  if (byCurrency.size === 0) return <p className="text-sm text-muted-fg">No payments yet.</p>;
  return (
    <p className="text-sm" data-testid="plan-revenue">
      {[...byCurrency].map(([c, t]) => `${t.orders} ${t.orders === 1 ? "payment" : "payments"} · ${money(t.gross, c)} gross · ${money(t.net, c)} net`).join("; ")} (last 12 months)
    </p>
  );
}

/** Admins: revenue across every course and plan. */
function AllRevenue() {
  const rows = useQuery({
    queryKey: ["all-revenue"],
    queryFn: () => unwrap(api.GET("/api/v1/payments/revenue")) as Promise<Row[]>,
  });
  if (rows.isError) return <ErrorState error={rows.error} retry={() => rows.refetch()} />;
  if (!rows.data) return <Loading label="Loading revenue" />;
  return <RevenueFigure rows={rows.data} title="All revenue per month" csv="/api/v1/payments/revenue?format=csv" file="revenue.csv" testId="chart-all-revenue" />;
}

export function Plans() {
  const { user } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const plans = useQuery({
    queryKey: ["my-plans"],
    queryFn: () => unwrap(api.GET("/api/v1/plans", { params: { query: { mine: true } } })),
  });
  const toggle = useMutation({
    mutationFn: (p: Plan) => unwrap(api.PATCH("/api/v1/plans/{slug}", { params: { path: { slug: p.slug } }, body: { active: !p.active } })),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ["my-plans"] });
      toast({ title: p.active ? "Back on sale" : "Off sale", description: p.active ? undefined : "Members keep their subscriptions.", tone: "success" });
    },
    onError: (e) => toast({ title: "Couldn't change the plan", description: e.message, tone: "error" }),
  });
  return (
    <div className="grid gap-8 lg:grid-cols-[3fr_2fr]">
      {user?.role === "admin" && (
        <div className="lg:col-span-2">
          <AllRevenue />
        </div>
      )}
      <section aria-labelledby="plans-title">
        <h2 id="plans-title" className="mb-3 text-xl font-semibold">
          Your plans
        </h2>
        {plans.isPending ? (
          <Loading label="Loading your plans" />
        ) : plans.isError ? (
          <ErrorState error={plans.error} retry={() => plans.refetch()} />
        ) : plans.data.length === 0 ? (
          <Empty>You don&apos;t sell a membership yet.</Empty>
        ) : (
          <ul className="flex flex-col gap-3">
            {plans.data.map((p) => (
              <li key={p.id} className="rounded-lg border border-border p-4" data-testid="seller-plan">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="text-lg font-semibold">{p.title}</h3>
                  <span className="font-medium">{perInterval(p)}</span>
                </div>
                <p className="text-sm text-muted-fg">{p.all_courses ? "Every paid course" : p.courses.map((c) => c.title).join(", ")}</p>
                <PlanRevenue slug={p.slug} />
                <div className="mt-2 flex items-center gap-3">
                  <span className={`text-sm ${p.active ? "text-success" : "text-muted-fg"}`}>{p.active ? "On sale" : "Off sale"}</span>
                  <Button size="sm" variant="outline" onClick={() => toggle.mutate(p)} disabled={toggle.isPending}>
                    {p.active ? "Stop selling" : "Sell again"}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rounded-lg border border-border p-4">
        <PlanForm
          onDone={() => {
            void queryClient.invalidateQueries({ queryKey: ["my-plans"] });
            toast({ title: "Plan created", description: "It is on sale on the memberships page.", tone: "success" });
          }}
        />
      </section>
    </div>
  );
}
