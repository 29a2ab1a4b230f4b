"use client";

import * as Tabs from "@radix-ui/react-tabs";
import { useMutation } from "@tanstack/react-query";
import * as React from "react";
import { Textarea } from "@/components/ui/input";
import { api, unwrap } from "@/lib/api/client";

/** Markdown with a preview rendered by the service itself: exactly what learners will see. */
export function MarkdownEditor({
  id,
  value,
  onChange,
  label,
  error,
  rows = 12,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  label: string;
  error?: string;
  rows?: number;
}) {
  const preview = useMutation({
    mutationFn: (markdown: string) => unwrap(api.POST("/api/v1/courses/markdown-preview", { body: { markdown } })),
  });
  return (
    <Tabs.Root defaultValue="write" onValueChange={(tab) => tab === "preview" && preview.mutate(value)}>
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <Tabs.List aria-label={`${label}: write or preview`} className="flex gap-1">
          <Tabs.Trigger value="write" className="rounded px-3 py-1 text-sm data-[state=active]:bg-muted data-[state=active]:font-semibold">
            Write
          </Tabs.Trigger>
          <Tabs.Trigger value="preview" className="rounded px-3 py-1 text-sm data-[state=active]:bg-muted data-[state=active]:font-semibold">
            Preview
          </Tabs.Trigger>
        </Tabs.List>
      </div>
      <Tabs.Content value="write" className="mt-1">
        <Textarea
          id={id}
          rows={rows}
          className="font-mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <p className="text-xs text-muted-fg">Markdown: **bold**, _italic_, `code`, lists, tables, links.</p>
      </Tabs.Content>
      <Tabs.Content value="preview" className="mt-1 min-h-24 rounded-md border border-border p-3" data-testid="markdown-preview">
        {preview.isPending ? (
          <p className="text-muted-fg">Rendering…</p>
        ) : preview.isError ? (
          <p className="text-danger">{preview.error.message}</p>
        ) : (
          <div className="prose-uw" dangerouslySetInnerHTML={{ __html: preview.data?.html ?? "" }} />
        )}
      </Tabs.Content>
    </Tabs.Root>
  );
}
