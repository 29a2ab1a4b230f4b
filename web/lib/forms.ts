// Problem+json into a form: errors the service names by field go next to those fields; anything
// else becomes one message for the form (or a toast).
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "@/lib/api/problem";

export function applyApiErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  let placed = 0;
  for (const f of error.fields) {
    const name = fields.find((k) => k === f.field || f.field.startsWith(`${k}.`));
    if (name) {
      setError(name, { type: "server", message: f.message }, { shouldFocus: placed === 0 });
      placed += 1;
    }
  }
  // every error found its field: nothing more to say above the form
  return placed > 0 && placed === error.fields.length ? null : error.message;
}
