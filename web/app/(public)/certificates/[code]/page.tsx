"use client";

import { useQuery } from "@tanstack/react-query";
import { use } from "react";
import { ErrorState, Loading } from "@/components/ui/states";
import { api, unwrap } from "@/lib/api/client";
import { formatDate } from "@/lib/utils";

/** Anyone with the link can check a certificate: who earned it, for what, when, and whether it still stands. */
export default function CertificatePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = use(params);
  const cert = useQuery({
    queryKey: ["certificate-public", code],
    queryFn: () => unwrap(api.GET("/api/v1/certificates/{code}", { params: { path: { code } } })),
  });
  if (cert.isPending) return <Loading label="Checking the certificate" />;
  if (cert.isError) return <ErrorState error={cert.error} retry={() => cert.refetch()} />;
  const c = cert.data;
  return (
    <article className="mx-auto max-w-2xl rounded-lg border-4 border-double border-border bg-card p-8 text-center">
      <h1 className="text-2xl font-bold">Certificate of completion</h1>
      <p className={`mt-2 font-semibold ${c.revoked ? "text-danger" : "text-success"}`} data-testid="certificate-status">
        {c.revoked ? `Revoked${c.revoked_reason ? `: ${c.revoked_reason}` : ""}` : "Valid: verified by UsefulWriter"}
      </p>
      <p className="mt-6 text-muted-fg">This certifies that</p>
      <p className="text-3xl font-bold" data-testid="certificate-name">{c.learner_name}</p>
      <p className="mt-2 text-muted-fg">completed the course</p>
      <p className="text-xl font-semibold">{c.course_title}</p>
      <p className="mt-6 text-sm text-muted-fg">
        Issued {formatDate(c.issued_at)} · code <code>{c.code}</code>
      </p>
    </article>
  );
}
