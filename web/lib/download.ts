// Files the service makes for signed-in people (CSV exports): fetched with the session's token
// (a plain link would carry none) and handed to the browser as a download.
import { authFetch } from "@/lib/api/client";
import { toApiError } from "@/lib/api/problem";

export async function download(path: string, filename: string): Promise<void> {
  const response = await authFetch(new Request(new URL(path, window.location.origin)));
  if (!response.ok) throw await toApiError(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
