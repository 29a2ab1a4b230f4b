"use client";

// The gradebook: staff see every learner by graded lesson with category averages and the
// weighted total, manage the weighted categories, and download it as CSV; a learner sees their
// own row.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import * as React from "react";
import { TeachNav } from "@/components/teach/course-editor";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { download } from "@/lib/download";
import { percent } from "@/lib/utils";

type Book = components["schemas"]["GradebookOut"];

function useBook(slug: string) {
  return useQuery({
    queryKey: ["gradebook", slug],
    // JSON here (the same endpoint answers CSV with ?format=csv)
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/gradebook", { params: { path: { slug } } })) as Promise<Book>,
  });
}

function score(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : percent(value);
}

function Table({ book, caption }: { book: Book; caption: string }) {
  const cats = book.categories;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="gradebook">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-muted-fg">
          <tr>
            <th scope="col" className="py-1 pr-3">Learner</th>
            {book.items.map((i) => (
              <th key={i.lesson_id} scope="col" className="pr-3">
                {i.title}
                <span className="block text-xs font-normal">{i.kind}{i.category_id ? ` · ${cats.find((c) => c.id === i.category_id)?.name ?? ""}` : ""}</span>
              </th>
            ))}
            {cats.map((c) => (
              <th key={c.id} scope="col" className="pr-3">
                {c.name} <span className="text-xs font-normal">×{c.weight}</span>
              </th>
            ))}
            <th scope="col" className="pr-3">Total</th>
            <th scope="col">Course</th>
          </tr>
        </thead>
        <tbody>
          {book.rows.map((r) => (
            <tr key={r.user_id} className="border-t border-border" data-testid="grade-row">
              <th scope="row" className="py-1 pr-3 font-normal">
                {r.name || r.email}
                <span className="block text-xs text-muted-fg">{r.email}</span>
              </th>
              {book.items.map((i) => (
                <td key={i.lesson_id} className="pr-3">
                  {score(r.scores[i.lesson_id])}
                  {r.completed[i.lesson_id] ? <span className="ml-1 text-success" aria-label="completed">✓</span> : null}
                </td>
              ))}
              {cats.map((c) => (
                <td key={c.id} className="pr-3">{score(r.categories[c.id])}</td>
              ))}
              <td className="pr-3 font-semibold">{score(r.total)}</td>
              <td>{r.course_completed_at ? "Completed" : percent(r.course_percent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Gradebook({ slug }: { slug: string }) {
  const book = useBook(slug);
  const toast = useToast();
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Gradebook</h1>
      <TeachNav slug={slug} here={`/teach/${slug}/gradebook`} />
      {book.isPending ? (
        <Loading />
      ) : book.isError ? (
        <ErrorState error={book.error} retry={() => book.refetch()} />
      ) : (
        <div className="flex flex-col gap-6">
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="outline"
              onClick={() =>
                download(`/api/v1/courses/${slug}/gradebook?format=csv`, `${slug}-gradebook.csv`).catch((e: Error) =>
                  toast({ title: "Couldn't download the gradebook", description: e.message, tone: "error" }),
                )
              }
            >
              Download CSV
            </Button>
            <p className="text-sm text-muted-fg">
              Scores are percents; a category is the mean of its lessons, the total their weighted mean.
            </p>
          </div>
          {book.data.rows.length === 0 ? <Empty>No learners yet.</Empty> : <Table book={book.data} caption="Learners by graded lesson" />}
          <Categories slug={slug} book={book.data} />
        </div>
      )}
    </>
  );
}

function Categories({ slug, book }: { slug: string; book: Book }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = React.useState("");
  const [weight, setWeight] = React.useState("1");
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["gradebook", slug] });
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/courses/{slug}/grade-categories", { params: { path: { slug } }, body: { name, weight: Number(weight) } })),
    onMutate: () => setErrors({}),
    onSuccess: () => {
      setName("");
      refresh();
      toast({ title: "Category added", tone: "success" });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      else toast({ title: "Couldn't add the category", description: e.message, tone: "error" });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/courses/{slug}/grade-categories/{category_id}", { params: { path: { slug, category_id: id } } })),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="categories-title" className="rounded-lg border border-border p-4">
      <h2 id="categories-title" className="text-lg font-semibold">
        Weighted categories
      </h2>
      <p className="text-sm text-muted-fg">Put a lesson in a category from its editor. Lessons without one count as one group of weight 1.</p>
      <ul className="my-3 flex flex-col gap-1">
        {book.categories.map((c) => (
          <li key={c.id} className="flex items-center gap-3">
            <span>
              {c.name} (weight {c.weight})
            </span>
            <Button size="sm" variant="ghost" onClick={() => remove.mutate(c.id)} aria-label={`Delete category ${c.name}`}>
              Delete
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Field id="category-name" label="Category name" error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </Field>
        <Field id="category-weight" label="Weight" error={errors.weight}>
          <Input type="number" min={0.01} step="any" value={weight} onChange={(e) => setWeight(e.target.value)} className="w-28" />
        </Field>
        <Button type="submit" disabled={add.isPending}>
          Add category
        </Button>
      </form>
    </section>
  );
}

export function MyGrades({ slug }: { slug: string }) {
  const book = useBook(slug);
  if (book.isPending) return <Loading label="Loading your grades" />;
  if (book.isError) return <ErrorState error={book.error} retry={() => book.refetch()} />;
  const row = book.data.rows[0];
  return (
    <>
      <p>
        <Link href={`/courses/${slug}`} className="text-sm text-primary underline">
          ← Back to the course
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-bold">Your grades</h1>
      {!row || book.data.items.length === 0 ? (
        <Empty>This course has no graded lessons yet.</Empty>
      ) : (
        <>
          <p className="mb-3 text-lg" data-testid="my-total">
            Total: <strong>{score(row.total)}</strong>
          </p>
          <Table book={book.data} caption="Your score in each graded lesson" />
        </>
      )}
    </>
  );
}
