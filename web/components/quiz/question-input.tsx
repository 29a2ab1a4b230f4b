"use client";

// One answer control per question kind, all operable from the keyboard: radios and checkboxes,
// a number, text, an ordering with move buttons, a select per matching prompt, inline blanks,
// and an embedded challenge for code questions.
import * as React from "react";
import { ChallengeWorkspace } from "@/components/lesson/challenge-workspace";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { components } from "@/lib/api/schema";
import { cn } from "@/lib/utils";

export type QuestionView = components["schemas"]["QuestionView"];
type Part = { id: string; text: string };
export type Response = unknown;

interface Props {
  q: QuestionView;
  value: Response;
  onChange: (value: Response) => void;
  disabled: boolean;
  slug: string;
  /** part id -> right or wrong, once the review is shown */
  marks?: Record<string, boolean>;
}

function mark(marks: Record<string, boolean> | undefined, id: string): React.ReactNode {
  if (!marks || !(id in marks)) return null;
  return marks[id] ? (
    <span className="ml-2 text-success">✓<span className="sr-only"> right</span></span>
  ) : (
    <span className="ml-2 text-danger">✗<span className="sr-only"> wrong</span></span>
  );
}

export function QuestionInput({ q, value, onChange, disabled, slug, marks }: Props) {
  const name = `q-${q.id}`;
  switch (q.kind) {
    case "single_choice":
    case "multiple_choice": {
      const chosen = q.multiple ? ((value as string[] | null) ?? []) : [];
      return (
        <fieldset className="flex flex-col gap-2" disabled={disabled}>
          <legend className="sr-only">{q.multiple ? "Choose every right option" : "Choose one option"}</legend>
          {(q.options as Part[]).map((o) => (
            <label key={o.id} className="flex min-h-10 items-center gap-3 rounded-md border border-border px-3 py-2 has-[:checked]:border-primary">
              <input
                type={q.multiple ? "checkbox" : "radio"}
                name={name}
                value={o.id}
                checked={q.multiple ? chosen.includes(o.id) : value === o.id}
                onChange={(e) =>
                  onChange(q.multiple ? (e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id)) : o.id)
                }
              />
              <span>{o.text}</span>
              {mark(marks, o.id)}
            </label>
          ))}
        </fieldset>
      );
    }
    case "true_false":
      return (
        <fieldset className="flex gap-3" disabled={disabled}>
          <legend className="sr-only">True or false</legend>
          {[true, false].map((v) => (
            <label key={String(v)} className="flex min-h-10 items-center gap-2 rounded-md border border-border px-4 py-2 has-[:checked]:border-primary">
              <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
              {v ? "True" : "False"}
            </label>
          ))}
        </fieldset>
      );
    case "numeric":
      return (
        <Input
          aria-label="Your answer (a number)"
          inputMode="decimal"
          className="max-w-xs"
          disabled={disabled}
          value={value === null || value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
        />
      );
    case "short_text":
      return (
        <Input
          aria-label="Your answer"
          className="max-w-md"
          disabled={disabled}
          value={(value as string | null) ?? ""}
          onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
        />
      );
    case "ordering":
      return <Ordering q={q} value={value as string[] | null} onChange={onChange} disabled={disabled} marks={marks} />;
    case "matching": {
      const pairs = (value as Record<string, string> | null) ?? {};
      return (
        <div className="flex flex-col gap-2">
          {(q.prompts as Part[]).map((p) => (
            <label key={p.id} className="grid items-center gap-2 sm:grid-cols-[12rem_1fr]">
              <span>
                {p.text}
                {mark(marks, p.id)}
              </span>
              <Select
                disabled={disabled}
                value={pairs[p.id] ?? ""}
                onChange={(e) => {
                  const next = { ...pairs };
                  if (e.target.value) next[p.id] = e.target.value;
                  else delete next[p.id];
                  onChange(next);
                }}
              >
                <option value="">Choose…</option>
                {(q.choices as Part[]).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.text}
                  </option>
                ))}
              </Select>
            </label>
          ))}
        </div>
      );
    }
    case "fill_blanks":
      return <Blanks q={q} value={value as Record<string, string> | null} onChange={onChange} disabled={disabled} marks={marks} />;
    case "code":
      return <CodeAnswer q={q} value={value as { submission_id: string } | null} onChange={onChange} disabled={disabled} slug={slug} />;
    default:
      return <p className="text-muted-fg">This kind of question ({q.kind}) cannot be answered here.</p>;
  }
}

function Ordering({
  q,
  value,
  onChange,
  disabled,
  marks,
}: {
  q: QuestionView;
  value: string[] | null;
  onChange: (v: string[]) => void;
  disabled: boolean;
  marks?: Record<string, boolean>;
}) {
  const items = q.items as Part[];
  const order = value && value.length === items.length ? value : items.map((x) => x.id);
  const text = Object.fromEntries(items.map((x) => [x.id, x.text]));
  const [said, setSaid] = React.useState("");
  const move = (i: number, by: number) => {
    const next = [...order];
    const [it] = next.splice(i, 1);
    if (it === undefined) return;
    next.splice(i + by, 0, it);
    onChange(next);
    setSaid(`${text[it]} moved to place ${i + by + 1}.`);
  };
  return (
    <>
      <ol className="flex flex-col gap-2" aria-label="Your order">
        {order.map((id, i) => (
          <li key={id} className="flex items-center gap-2 rounded-md border border-border px-3 py-1">
            <span className="w-6 text-muted-fg">{i + 1}.</span>
            <span className="flex-1">
              {text[id]}
              {mark(marks, id)}
            </span>
            <Button type="button" size="sm" variant="ghost" disabled={disabled || i === 0} onClick={() => move(i, -1)} aria-label={`Move ${text[id]} up`}>
              ↑
            </Button>
            <Button
              type="button"
              size="sm"
              variant="ghost"
              disabled={disabled || i === order.length - 1}
              onClick={() => move(i, 1)}
              aria-label={`Move ${text[id]} down`}
            >
              ↓
            </Button>
          </li>
        ))}
      </ol>
      <p className="sr-only" aria-live="polite">
        {said}
      </p>
    </>
  );
}

function Blanks({
  q,
  value,
  onChange,
  disabled,
  marks,
}: {
  q: QuestionView;
  value: Record<string, string> | null;
  onChange: (v: Record<string, string>) => void;
  disabled: boolean;
  marks?: Record<string, boolean>;
}) {
  const parts = (q.text ?? "").split(/\[\[([A-Za-z0-9_-]{1,40})\]\]/);
  const filled = value ?? {};
  let n = 0;
  return (
    <p className="leading-10">
      {parts.map((part, i) => {
        if (i % 2 === 0) return <React.Fragment key={i}>{part}</React.Fragment>;
        n += 1;
        return (
          <span key={i} className="inline-flex items-center">
            <Input
              aria-label={`Blank ${n}`}
              className="inline-block w-40"
              disabled={disabled}
              value={filled[part] ?? ""}
              onChange={(e) => onChange({ ...filled, [part]: e.target.value })}
            />
            {mark(marks, part)}
          </span>
        );
      })}
    </p>
  );
}

function CodeAnswer({
  q,
  value,
  onChange,
  disabled,
  slug,
}: {
  q: QuestionView;
  value: { submission_id: string } | null;
  onChange: (v: { submission_id: string }) => void;
  disabled: boolean;
  slug: string;
}) {
  if (!q.challenge_id) return null;
  return (
    <div className={cn("rounded-md border border-border p-3", disabled && "opacity-80")}>
      {!disabled && (
        <ChallengeWorkspace
          challengeRef={q.challenge_id}
          version={null}
          lessonKey={`${slug}:quiz:${q.id}`}
          courseSlug={slug}
          onSubmitted={(id) => onChange({ submission_id: id })}
        />
      )}
      <p className="mt-2 text-sm text-muted-fg" data-testid="code-answer">
        {value ? "Your latest submission is your answer." : "Submit your code: your latest submission is your answer."}
      </p>
    </div>
  );
}
