"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import * as React from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { MarkdownEditor } from "@/components/teach/markdown-editor";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { components } from "@/lib/api/schema";
import { applyApiErrors } from "@/lib/forms";

export const courseSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(1, "Choose a URL name")
    .max(80)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Lowercase letters, digits and dashes"),
  title: z.string().trim().min(1, "Give the course a title").max(200),
  summary: z.string().max(500),
  description: z.string().max(200_000),
  level: z.enum(["", "beginner", "intermediate", "advanced"]),
  category: z.string().max(80),
  require_sequential_progress: z.boolean(),
  hints_enabled: z.boolean(),
  // in the currency's units, as instructors think of prices ("49.00"); empty or 0 is free
  price: z
    .string()
    .trim()
    .regex(/^(\d{1,6}(\.\d{1,2})?)?$/, "A price like 49 or 49.99 (empty: free)"),
  currency: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{3}$/, "A three-letter currency code, like USD"),
});

export type CourseValues = z.infer<typeof courseSchema>;
type Course = components["schemas"]["CourseOut"];

export function valuesOf(course?: Course): CourseValues {
  return {
    slug: course?.slug ?? "",
    title: course?.title ?? "",
    summary: course?.summary ?? "",
    description: course?.description ?? "",
    level: (course?.level as CourseValues["level"]) ?? "",
    category: course?.category ?? "",
    require_sequential_progress: course?.require_sequential_progress ?? false,
    hints_enabled: course?.hints_enabled ?? true,
    price: course?.price_cents ? (course.price_cents / 100).toFixed(2) : "",
    currency: (course?.currency ?? "usd").toUpperCase(),
  };
}

export function toBody({ price, currency, ...v }: CourseValues) {
  return {
    ...v,
    price_cents: price ? Math.round(Number(price) * 100) : 0,
    currency: currency.toLowerCase(),
    level: v.level === "" ? null : v.level,
    category: v.category.trim() === "" ? null : v.category.trim(),
  };
}

const FIELDS = ["slug", "title", "summary", "description", "level", "category", "require_sequential_progress", "hints_enabled", "price", "currency"] as const;

export function CourseForm({
  course,
  submitLabel,
  onSubmit,
}: {
  course?: Course;
  submitLabel: string;
  onSubmit: (values: CourseValues) => Promise<unknown>;
}) {
  const [formError, setFormError] = React.useState<string | null>(null);
  const form = useForm<CourseValues>({ resolver: zodResolver(courseSchema), defaultValues: valuesOf(course) });
  React.useEffect(() => form.reset(valuesOf(course)), [course, form]);
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      setFormError(applyApiErrors(e, form.setError, FIELDS));
    }
  });
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {formError && (
        <p role="alert" className="rounded-md border border-danger p-2 text-sm text-danger">
          {formError}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="title" label="Title" error={errors.title?.message}>
          <Input {...form.register("title")} />
        </Field>
        <Field id="slug" label="URL name" error={errors.slug?.message} hint="Lowercase letters, digits and dashes">
          <Input {...form.register("slug")} />
        </Field>
      </div>
      <Field id="summary" label="Summary" error={errors.summary?.message}>
        <Textarea rows={2} {...form.register("summary")} />
      </Field>
      <Controller
        control={form.control}
        name="description"
        render={({ field }) => (
          <MarkdownEditor id="description" label="Description" value={field.value} onChange={field.onChange} error={errors.description?.message} rows={8} />
        )}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="level" label="Level" error={errors.level?.message}>
          <Select {...form.register("level")}>
            <option value="">Not set</option>
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </Select>
        </Field>
        <Field id="category" label="Category" error={errors.category?.message}>
          <Input {...form.register("category")} />
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="price" label="Price" error={errors.price?.message} hint="Empty or 0: free. Learners pay through Stripe Checkout.">
          <Input inputMode="decimal" {...form.register("price")} />
        </Field>
        <Field id="currency" label="Currency" error={errors.currency?.message}>
          <Input maxLength={3} {...form.register("currency")} />
        </Field>
      </div>
      <div className="flex items-center gap-2">
        <input id="sequential" type="checkbox" className="h-4 w-4" {...form.register("require_sequential_progress")} />
        <label htmlFor="sequential" className="text-sm">
          Learners take lessons in order
        </label>
      </div>
      <div className="flex items-center gap-2">
        <input id="hints-enabled" type="checkbox" className="h-4 w-4" {...form.register("hints_enabled")} />
        <label htmlFor="hints-enabled" className="text-sm">
          Learners may ask for hints on challenges
        </label>
      </div>
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
