// RFC 9457 problem+json, as the service sends it, turned into one error type the UI understands:
// a message for a toast, and messages per form field (the service names fields as paths such as
// "body.email"; forms know them as "email").

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  field?: string;
  errors?: { field?: string; message?: string; type?: string }[];
  request_id?: string | null;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly fields: FieldError[];

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.fields = fieldErrors(problem);
  }

  /** No answer from the service at all (down, offline, or a gateway error). */
  get unavailable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

const LOCATIONS = new Set(["body", "query", "path", "header"]);

/** "body.email" -> "email"; "body.sections.0.title" -> "sections.0.title". */
export function formField(path: string): string {
  const parts = path.split(".");
  if (parts.length > 1 && LOCATIONS.has(parts[0] ?? "")) parts.shift();
  return parts.join(".");
}

export function fieldErrors(problem: Problem): FieldError[] {
  const out: FieldError[] = [];
  for (const e of problem.errors ?? []) {
    if (e.field) out.push({ field: formField(e.field), message: cleanMessage(e.message ?? "") });
  }
  if (problem.field && !out.some((e) => e.field === problem.field)) {
    out.push({ field: formField(problem.field), message: problem.detail ?? problem.title ?? "invalid" });
  }
  return out;
}

function cleanMessage(message: string): string {
  // pydantic prefixes some messages with "Value error, "; people don't need it
  return message.replace(/^Value error, /, "");
}

/** Read a failed response as a problem, whatever its body turns out to be. */
export async function toApiError(response: Response): Promise<ApiError> {
  let problem: Problem = { status: response.status, title: response.statusText };
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      problem = { ...problem, ...((await response.json()) as Problem) };
    } catch {
      /* a body that is not JSON: keep the status line */
    }
  }
  if (!problem.detail && response.status >= 500) {
    problem.detail = "The service is unavailable right now. Try again in a moment.";
  }
  return new ApiError(response.status, problem);
}

export function networkError(cause: unknown): ApiError {
  const err = new ApiError(0, {
    title: "Network error",
    detail: "Can't reach UsefulWriter. Check your connection and try again.",
  });
  (err as { cause?: unknown }).cause = cause;
  return err;
}
