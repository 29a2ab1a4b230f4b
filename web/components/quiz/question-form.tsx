"use client";

// Writing a question of any kind: the common fields (prompt, points, feedback) and each kind's own
// (options with the right ones marked, a value with a tolerance or a range, accepted answers and a
// pattern, items in order, pairs and distractors, a sentence with blanks, a challenge). The
// service checks what a form cannot (a pattern that backtracks, blanks without answers) and its
// answer lands next to the field it names.
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";

// the API's question input (a union on `kind`), edited loosely and sent as it is
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the union's fields, by kind
export type Spec = Record<string, any> & { kind: string };
type Row = { id?: string | null; text: string; correct?: boolean; feedback?: string };

export const KINDS: { kind: string; label: string }[] = [
  { kind: "single_choice", label: "Single choice" },
  { kind: "multiple_choice", label: "Multiple choice" },
  { kind: "true_false", label: "True or false" },
  { kind: "numeric", label: "Number" },
  { kind: "short_text", label: "Short text" },
  { kind: "ordering", label: "Ordering" },
  { kind: "matching", label: "Matching" },
  { kind: "fill_blanks", label: "Fill in the blanks" },
  { kind: "code", label: "Code (a challenge)" },
];

export function blank(kind: string): Spec {
  const base = { kind, prompt: "", points: 1, feedback: "" };
  switch (kind) {
    case "single_choice":
    case "multiple_choice":
      return { ...base, options: [{ text: "", correct: true, feedback: "" }, { text: "", correct: false, feedback: "" }] };
    case "true_false":
      return { ...base, correct: true, feedback_true: "", feedback_false: "" };
    case "numeric":
      return { ...base, value: 0, tolerance: 0 };
    case "short_text":
      return { ...base, answers: [""], case_sensitive: false, regex: null };
    case "ordering":
      return { ...base, items: [{ text: "" }, { text: "" }] };
    case "matching":
      return { ...base, pairs: [{ prompt: "", answer: "" }, { prompt: "", answer: "" }], distractors: [] };
    case "fill_blanks":
      return { ...base, text: "", blanks: {} };
    default:
      return { ...base, challenge: "" };
  }
}

/** The field a problem names, as this form calls it (schema errors say `body.numeric.tolerance`). */
export function fieldOf(name: string): string {
  const parts = name.split(".");
  const i = parts.findIndex((p) => p === "options" || p === "items" || p === "pairs" || p === "blanks" || p === "answers");
  if (i >= 0) return parts.slice(i).join(".");
  return parts[parts.length - 1] ?? name;
}

export function QuestionForm({
  initial,
  errors,
  busy,
  onSave,
  onCancel,
}: {
  initial: Spec;
  errors: Record<string, string>;
  busy: boolean;
  onSave: (spec: Spec) => void;
  onCancel?: () => void;
}) {
  const [spec, setSpec] = React.useState<Spec>(initial);
  const set = (patch: Partial<Spec>) => setSpec((s) => ({ ...s, ...patch }));
  // a field's own error, or (not `exact`) the first of its parts' (`options.1.text`)
  const err = (name: string, exact = false) =>
    errors[name] ?? (exact ? undefined : Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1]);
  const id = (name: string) => `question-${name}`;
  return (
    <form
      className="flex flex-col gap-4"
      aria-label="Question"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(clean(spec));
      }}
    >
      {errors._ && (
        <p role="alert" className="text-sm text-danger">
          {errors._}
        </p>
      )}
      <Field id={id("prompt")} label="Question (Markdown)" error={err("prompt")}>
        <Textarea rows={3} value={spec.prompt} onChange={(e) => set({ prompt: e.target.value })} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={id("points")} label="Points" error={err("points")}>
          <Input type="number" min={0.01} step="any" value={spec.points} onChange={(e) => set({ points: e.target.value === "" ? "" : Number(e.target.value) })} />
        </Field>
        <Field id={id("feedback")} label="Feedback shown with the answers" error={err("feedback")}>
          <Input value={spec.feedback ?? ""} onChange={(e) => set({ feedback: e.target.value })} />
        </Field>
      </div>
      <KindFields spec={spec} set={set} err={err} id={id} />
      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save question"}
        </Button>
        {onCancel && (
          <Button type="button" variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

/** What the form holds, as the API takes it. */
function clean(spec: Spec): Spec {
  const out: Spec = { ...spec };
  if (spec.kind === "short_text") {
    out.answers = (spec.answers as string[]).filter((a) => a !== "");
    out.regex = spec.regex ? spec.regex : null;
  }
  if (spec.kind === "matching") out.distractors = (spec.distractors as string[]).filter((d) => d.trim() !== "");
  if (spec.kind === "numeric") {
    for (const k of ["value", "min", "max"]) if (out[k] === "" || out[k] === undefined) out[k] = null;
  }
  return out;
}

type KindProps = {
  spec: Spec;
  set: (patch: Partial<Spec>) => void;
  err: (name: string, exact?: boolean) => string | undefined;
  id: (name: string) => string;
};

function KindFields({ spec, set, err, id }: KindProps) {
  switch (spec.kind) {
    case "single_choice":
    case "multiple_choice":
      return <Choices spec={spec} set={set} err={err} id={id} />;
    case "true_false":
      return (
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id={id("correct")} label="The statement is" error={err("correct")}>
            <Select value={spec.correct ? "true" : "false"} onChange={(e) => set({ correct: e.target.value === "true" })}>
              <option value="true">True</option>
              <option value="false">False</option>
            </Select>
          </Field>
          <Field id={id("feedback-true")} label="Feedback for “True”">
            <Input value={spec.feedback_true} onChange={(e) => set({ feedback_true: e.target.value })} />
          </Field>
          <Field id={id("feedback-false")} label="Feedback for “False”">
            <Input value={spec.feedback_false} onChange={(e) => set({ feedback_false: e.target.value })} />
          </Field>
        </div>
      );
    case "numeric":
      return <NumericFields spec={spec} set={set} err={err} id={id} />;
    case "short_text":
      return (
        <div className="flex flex-col gap-4">
          <Field id={id("answers")} label="Accepted answers (one per line)" error={err("answers")} hint="Compared without case, extra spaces or Unicode look-alikes">
            <Textarea rows={3} value={(spec.answers as string[]).join("\n")} onChange={(e) => set({ answers: e.target.value.split("\n") })} />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={!!spec.case_sensitive} onChange={(e) => set({ case_sensitive: e.target.checked })} />
            Case matters
          </label>
          <Field id={id("regex")} label="Also accept a regular expression (optional)" error={err("regex")} hint="The whole answer must match">
            <Input value={spec.regex ?? ""} onChange={(e) => set({ regex: e.target.value })} className="font-mono" />
          </Field>
        </div>
      );
    case "ordering":
      return (
        <Rows
          legend="Items, in the right order"
          error={err("items")}
          rows={spec.items as Row[]}
          onChange={(items) => set({ items })}
          make={() => ({ text: "" })}
          render={(row, i, change) => (
            <Field id={id(`item-${i}`)} label={`Item ${i + 1}`}>
              <Input value={row.text} onChange={(e) => change({ text: e.target.value })} />
            </Field>
          )}
        />
      );
    case "matching":
      return (
        <div className="flex flex-col gap-4">
          <Rows
            legend="Pairs"
            error={err("pairs")}
            rows={spec.pairs as { id?: string; prompt: string; answer: string }[]}
            onChange={(pairs) => set({ pairs })}
            make={() => ({ prompt: "", answer: "" })}
            render={(row, i, change) => (
              <div className="grid gap-2 sm:grid-cols-2">
                <Field id={id(`pair-${i}-prompt`)} label={`Prompt ${i + 1}`}>
                  <Input value={row.prompt} onChange={(e) => change({ prompt: e.target.value })} />
                </Field>
                <Field id={id(`pair-${i}-answer`)} label={`Matches ${i + 1}`}>
                  <Input value={row.answer} onChange={(e) => change({ answer: e.target.value })} />
                </Field>
              </div>
            )}
          />
          <Field id={id("distractors")} label="Wrong answers to choose from too (one per line)" error={err("distractors")}>
            <Textarea rows={2} value={(spec.distractors as string[]).join("\n")} onChange={(e) => set({ distractors: e.target.value.split("\n") })} />
          </Field>
        </div>
      );
    case "fill_blanks":
      return <BlankFields spec={spec} set={set} err={err} id={id} />;
    default:
      return (
        <Field id={id("challenge")} label="Challenge (URL name)" error={err("challenge")} hint="Scored by the grading service, like a challenge lesson">
          <Input value={spec.challenge ?? ""} onChange={(e) => set({ challenge: e.target.value })} />
        </Field>
      );
  }
}

function Choices({ spec, set, err, id }: KindProps) {
  const multiple = spec.kind === "multiple_choice";
  return (
    <div className="flex flex-col gap-4">
      <Rows
        legend={multiple ? "Options (mark every right one)" : "Options (mark the right one)"}
        error={err("options")}
        rows={spec.options as Row[]}
        onChange={(options) => set({ options })}
        make={() => ({ text: "", correct: false, feedback: "" })}
        render={(row, i, change) => (
          <div className="grid items-end gap-2 sm:grid-cols-[1fr_auto_1fr]">
            <Field id={id(`option-${i}`)} label={`Option ${i + 1}`}>
              <Input value={row.text} onChange={(e) => change({ text: e.target.value })} />
            </Field>
            <label className="flex min-h-10 items-center gap-2 text-sm">
              <input
                type={multiple ? "checkbox" : "radio"}
                name="correct-option"
                checked={!!row.correct}
                onChange={(e) =>
                  multiple
                    ? change({ correct: e.target.checked })
                    : set({ options: (spec.options as Row[]).map((o, j) => ({ ...o, correct: j === i })) })
                }
              />
              Right answer
              <span className="sr-only"> (option {i + 1})</span>
            </label>
            <Field id={id(`option-${i}-feedback`)} label={`Feedback for option ${i + 1}`}>
              <Input value={row.feedback ?? ""} onChange={(e) => change({ feedback: e.target.value })} />
            </Field>
          </div>
        )}
      />
      {multiple && (
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={spec.partial_credit ?? true} onChange={(e) => set({ partial_credit: e.target.checked })} />
            Partial credit for each right pick
          </label>
          <Field id={id("penalty")} label="Each wrong pick takes away (share of a right pick)" error={err("penalty")}>
            <Input type="number" min={0} max={1} step={0.05} value={spec.penalty ?? 1} onChange={(e) => set({ penalty: Number(e.target.value) })} />
          </Field>
        </div>
      )}
    </div>
  );
}

function NumericFields({ spec, set, err, id }: KindProps) {
  const range = spec.value === null || spec.value === undefined;
  const num = (v: string) => (v === "" ? "" : Number(v));
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Field id={id("numeric-mode")} label="The answer is">
        <Select
          value={range ? "range" : "value"}
          onChange={(e) =>
            e.target.value === "range" ? set({ value: null, tolerance: 0, min: 0, max: 1 }) : set({ value: 0, tolerance: 0, min: null, max: null })
          }
        >
          <option value="value">a value (with a tolerance)</option>
          <option value="range">in a range</option>
        </Select>
      </Field>
      {range ? (
        <>
          <Field id={id("min")} label="From" error={err("min")}>
            <Input type="number" step="any" value={spec.min ?? ""} onChange={(e) => set({ min: num(e.target.value) })} />
          </Field>
          <Field id={id("max")} label="To" error={err("max")}>
            <Input type="number" step="any" value={spec.max ?? ""} onChange={(e) => set({ max: num(e.target.value) })} />
          </Field>
        </>
      ) : (
        <>
          <Field id={id("value")} label="Value" error={err("value")}>
            <Input type="number" step="any" value={spec.value ?? ""} onChange={(e) => set({ value: num(e.target.value) })} />
          </Field>
          <Field id={id("tolerance")} label="Tolerance (±)" error={err("tolerance")} hint="0: exact">
            <Input type="number" step="any" value={spec.tolerance ?? 0} onChange={(e) => set({ tolerance: num(e.target.value) })} />
          </Field>
        </>
      )}
    </div>
  );
}

function BlankFields({ spec, set, err, id }: KindProps) {
  const names = Array.from(new Set(Array.from((spec.text as string).matchAll(/\[\[([A-Za-z0-9_-]{1,40})\]\]/g), (m) => m[1] as string)));
  const blanks = spec.blanks as Record<string, { answers: string[]; case_sensitive?: boolean }>;
  const setText = (text: string) => {
    const found = Array.from(text.matchAll(/\[\[([A-Za-z0-9_-]{1,40})\]\]/g), (m) => m[1] as string);
    set({ text, blanks: Object.fromEntries(found.map((n) => [n, blanks[n] ?? { answers: [""] }])) });
  };
  return (
    <div className="flex flex-col gap-4">
      <Field id={id("text")} label="Sentence, with each blank written [[name]]" error={err("text")} hint="For example: The capital of France is [[capital]].">
        <Textarea rows={2} value={spec.text} onChange={(e) => setText(e.target.value)} />
      </Field>
      {err("blanks", true) && (
        <p role="alert" className="text-sm text-danger">
          {err("blanks", true)}
        </p>
      )}
      {names.map((n) => (
        <Field key={n} id={id(`blank-${n}`)} label={`Accepted answers for [[${n}]] (separate with |)`} error={err(`blanks.${n}`)}>
          <Input
            value={(blanks[n]?.answers ?? []).join(" | ")}
            onChange={(e) => set({ blanks: { ...blanks, [n]: { ...blanks[n], answers: e.target.value.split("|").map((a) => a.trim()) } } })}
          />
        </Field>
      ))}
    </div>
  );
}

function Rows<T>({
  legend,
  rows,
  onChange,
  make,
  render,
  error,
}: {
  legend: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  make: () => T;
  render: (row: T, i: number, change: (patch: Partial<T>) => void) => React.ReactNode;
  error?: string;
}) {
  return (
    <fieldset className="flex flex-col gap-3 rounded-md border border-border p-3">
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {rows.map((row, i) => (
        <div key={i} className="flex items-end gap-2">
          <div className="flex-1">{render(row, i, (patch) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))))}</div>
          <Button type="button" variant="ghost" size="sm" disabled={rows.length <= 2} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove row ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, make()])}>
          Add a row
        </Button>
      </div>
    </fieldset>
  );
}
