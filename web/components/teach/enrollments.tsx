"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { TeachNav } from "@/components/teach/course-editor";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { formatDate, percent } from "@/lib/utils";

type Report = components["schemas"]["ImportOut"];

export function Enrollments({ slug }: { slug: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ["enrollments", slug],
    queryFn: () => unwrap(api.GET("/api/v1/courses/{slug}/enrollments", { params: { path: { slug }, query: { limit: 100 } } })),
  });
  const [email, setEmail] = React.useState("");
  const [role, setRole] = React.useState<"learner" | "instructor" | "ta">("learner");
  const [emailError, setEmailError] = React.useState<string>();
  const add = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{slug}/enrollments", { params: { path: { slug } }, body: { email, role } })),
    onMutate: () => setEmailError(undefined),
    onSuccess: () => {
      setEmail("");
      toast({ title: "Enrolled", tone: "success" });
      void queryClient.invalidateQueries({ queryKey: ["enrollments", slug] });
    },
    onError: (e) => {
      const f = e instanceof ApiError ? e.fields.find((x) => x.field === "email") : undefined;
      if (f) setEmailError(f.message);
      else setEmailError(e.message);
    },
  });
  const [report, setReport] = React.useState<Report | null>(null);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return unwrap(
        api.POST("/api/v1/courses/{slug}/enrollments/import", {
          params: { path: { slug } },
          body: form as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      );
    },
    onSuccess: (r) => {
      setReport(r);
      void queryClient.invalidateQueries({ queryKey: ["enrollments", slug] });
    },
    onError: (e) => toast({ title: "Couldn't import the file", description: e.message, tone: "error" }),
  });
  return (
    <>
      <h1 className="mb-2 text-2xl font-bold">Enrollments</h1>
      <TeachNav slug={slug} here={`/teach/${slug}/enrollments`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">Add someone</h2>
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <Field id="enroll-email" label="Email" error={emailError}>
              <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            </Field>
            <Field id="enroll-role" label="Role">
              <Select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
                <option value="learner">Learner</option>
                <option value="ta">Teaching assistant</option>
                <option value="instructor">Co-instructor</option>
              </Select>
            </Field>
            <div>
              <Button type="submit" disabled={add.isPending || !email}>
                Enroll
              </Button>
            </div>
          </form>
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">Import a CSV file</h2>
          <p className="text-sm text-muted-fg">
            Columns <code>email</code>, <code>role</code>, <code>action</code> (enroll or unenroll), <code>access_ends_at</code>. Valid rows are applied; the others are listed
            below. Importing the same file again changes nothing.
          </p>
          <label htmlFor="csv" className="mt-3 block text-sm font-medium">
            CSV file
          </label>
          <input
            id="csv"
            type="file"
            accept=".csv,text/csv"
            className="mt-1 block text-sm"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
              e.target.value = "";
            }}
          />
          {upload.isPending && <p role="status">Importing…</p>}
          {report && (
            <div className="mt-3" data-testid="import-report" role="status">
              <p className="text-sm">
                {report.enrolled} enrolled, {report.changed} changed, {report.unenrolled} unenrolled, {report.unchanged} unchanged, {report.errors.length} with errors.
              </p>
              {report.errors.length > 0 && (
                <table className="mt-2 w-full text-left text-sm">
                  <caption className="sr-only">Rows with errors</caption>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Field</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.map((r, i) => (
                      <tr key={i} className="border-t border-border" data-testid="import-error">
                        <td>{r.row}</td>
                        <td>{r.field}</td>
                        <td className="text-danger">{r.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </Card>
      </div>
      <h2 className="mb-2 mt-6 text-xl font-semibold">Everyone in the course</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="text-muted-fg">
                <th scope="col" className="py-1">User</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((e) => (
                <tr key={e.id} className="border-t border-border">
                  <td className="py-1">
                    {e.name ?? e.user_id}
                    {e.email && <span className="block text-xs text-muted-fg">{e.email}</span>}
                  </td>
                  <td>{e.role}</td>
                  <td>{e.state}</td>
                  <td>{percent(e.percent)}</td>
                  <td>{formatDate(e.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
