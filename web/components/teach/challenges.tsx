"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Version = components["schemas"]["VersionOut"];

/** A package's check, followed until it ends: the solutions run against the tests, one by one. */
function PackageCheck({ slug, initial }: { slug: string; initial: Version }) {
  const queryClient = useQueryClient();
  const version = useQuery({
    queryKey: ["version", slug, initial.number],
    queryFn: () =>
      unwrap(api.GET("/api/v1/challenges/{ref}/versions/{number}", { params: { path: { ref: slug, number: initial.number } } })),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === "checking" ? 700 : false),
  });
  const v = version.data;
  React.useEffect(() => {
    if (v.status !== "checking") void queryClient.invalidateQueries({ queryKey: ["challenges"] });
  }, [v.status, queryClient]);
  const progress = v.progress as { done?: number; total?: number };
  const total = progress.total ?? 0;
  const done = progress.done ?? 0;
  return (
    <div className="mt-3 rounded-md border border-border p-3" role="status" aria-live="polite" data-testid="package-check">
      <p className="text-sm font-medium">
        Version {v.number}: <span data-testid="package-status">{v.status}</span>
      </p>
      {v.status === "checking" && (
        <>
          <p className="text-xs text-muted-fg">
            Checking the reference solutions: {done} of {total || "?"}
          </p>
          <ProgressBar value={total ? (100 * done) / total : 5} label="Package check" />
        </>
      )}
      {v.error && <p className="mt-1 text-sm text-danger">{v.error}</p>}
    </div>
  );
}

/** Hints on this challenge: on or off, and the words a hint must never use. */
function HintSettings({ challenge }: { challenge: components["schemas"]["ChallengeOut"] }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = React.useState(challenge.hints_enabled ?? true);
  const [avoid, setAvoid] = React.useState((challenge.hint_avoid ?? []).join(", "));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/challenges/{ref}", {
          params: { path: { ref: challenge.slug } },
          body: { hints_enabled: enabled, hint_avoid: avoid.split(",").map((w) => w.trim()).filter(Boolean) },
        }),
      ),
    onSuccess: () => {
      toast({ title: "Hint settings saved" });
      void queryClient.invalidateQueries({ queryKey: ["challenges"] });
    },
    onError: (e) => toast({ title: "Couldn't save the hint settings", description: e.message, tone: "error" }),
  });
  const id = `hints-${challenge.slug}`;
  return (
    <details className="w-full text-sm">
      <summary className="cursor-pointer text-primary">Hints {challenge.hints_enabled === false ? "(off)" : ""}</summary>
      <div className="mt-2 flex flex-col gap-2">
        <div className="flex items-center gap-2">
          <input id={`${id}-on`} type="checkbox" className="h-4 w-4" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <label htmlFor={`${id}-on`}>Learners may ask for hints</label>
        </div>
        <Field id={`${id}-avoid`} label="Words a hint must never use (comma-separated)" hint="The trick's name, a library call that gives it away…">
          <Input value={avoid} onChange={(e) => setAvoid(e.target.value)} />
        </Field>
        <div>
          <Button size="sm" onClick={() => save.mutate()} disabled={save.isPending}>
            Save hint settings
          </Button>
        </div>
      </div>
    </details>
  );
}

export function Challenges() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ["challenges"],
    queryFn: () => unwrap(api.GET("/api/v1/challenges", { params: { query: { mine: true, limit: 100 } } })),
  });
  const [slug, setSlug] = React.useState("");
  const [title, setTitle] = React.useState("");
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [file, setFile] = React.useState<File | null>(null);
  const [checking, setChecking] = React.useState<{ slug: string; version: Version } | null>(null);

  const upload = useMutation({
    mutationFn: async () => {
      setErrors({});
      const existing = list.data?.items.find((c) => c.slug === slug);
      if (!existing) await unwrap(api.POST("/api/v1/challenges", { body: { slug, title } }));
      if (!file) throw new ApiError(422, { detail: "Choose a package file", field: "file" });
      const form = new FormData();
      form.append("file", file);
      const version = await unwrap(
        api.PUT("/api/v1/challenges/{ref}/package", {
          params: { path: { ref: slug } },
          body: form as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      );
      return { slug, version };
    },
    onSuccess: (r) => {
      setChecking(r);
      void queryClient.invalidateQueries({ queryKey: ["challenges"] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      toast({ title: "Couldn't upload the package", description: e.message, tone: "error" });
    },
  });
  const publish = useMutation({
    mutationFn: (ref: string) => unwrap(api.POST("/api/v1/challenges/{ref}/publish", { params: { path: { ref } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["challenges"] }),
    onError: (e) => toast({ title: "Couldn't publish", description: e.message, tone: "error" }),
  });

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <section aria-labelledby="upload-title">
        <h2 id="upload-title" className="text-xl font-semibold">
          Upload a package
        </h2>
        <Card className="mt-3">
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              upload.mutate();
            }}
          >
            <Field id="challenge-slug" label="URL name" error={errors.slug} hint="A new name creates the challenge; an existing one gets a new version">
              <Input value={slug} onChange={(e) => setSlug(e.target.value)} />
            </Field>
            <Field id="challenge-title" label="Title (new challenges)" error={errors.title} hint="Until a package gives its own title">
              <Input value={title} onChange={(e) => setTitle(e.target.value)} />
            </Field>
            <Field id="challenge-file" label="Package (.zip)" error={errors.file ?? errors.package}>
              <input type="file" accept=".zip,application/zip" className="text-sm" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </Field>
            <div>
              <Button type="submit" disabled={upload.isPending || !slug || !file}>
                {upload.isPending ? "Uploading…" : "Upload and check"}
              </Button>
            </div>
          </form>
          {checking && <PackageCheck key={`${checking.slug}:${checking.version.number}`} slug={checking.slug} initial={checking.version} />}
        </Card>
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title" className="text-xl font-semibold">
          Your challenges
        </h2>
        <div className="mt-3">
          {list.isPending ? (
            <Loading />
          ) : list.isError ? (
            <ErrorState error={list.error} retry={() => list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <Empty>No challenges yet.</Empty>
          ) : (
            <ul className="flex flex-col gap-2">
              {list.data.items.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2 rounded-md border border-border p-2">
                  <span className="flex-1">
                    <span className="font-medium">{c.title}</span> <code className="text-xs">{c.slug}</code>
                    <span className="block text-xs text-muted-fg">
                      {c.version ? `version ${c.version} live` : "no version live yet"}
                      {c.latest_version && c.latest_version.number !== c.version ? ` · v${c.latest_version.number} ${c.latest_version.status}` : ""}
                    </span>
                  </span>
                  <span className="rounded bg-muted px-2 text-xs">{c.status}</span>
                  {c.status !== "published" && c.version && (
                    <Button size="sm" variant="outline" onClick={() => publish.mutate(c.slug)}>
                      Publish
                    </Button>
                  )}
                  <HintSettings challenge={c} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
    </div>
  );
}
