"use client";

import { ApiError } from "@/lib/api/problem";
import { Button } from "@/components/ui/button";

export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 py-10 text-muted-fg">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-border border-t-primary" aria-hidden />
      <span>{label}…</span>
    </div>
  );
}

/** What went wrong, in words, with a way to try again: never a blank page. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const api = error instanceof ApiError ? error : null;
  const title = api?.unavailable
    ? "We can't reach UsefulWriter right now"
    : api?.status === 404
      ? "Not found"
      : api?.status === 403
        ? "You don't have access to this"
        : "Something went wrong";
  const detail = api?.problem.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <div role="alert" className="my-8 rounded-lg border border-danger/50 bg-card p-6">
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mt-1 text-muted-fg">{detail}</p>
      {retry && (
        <Button className="mt-4" variant="outline" onClick={retry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-lg border border-dashed border-border p-6 text-center text-muted-fg">{children}</p>;
}
