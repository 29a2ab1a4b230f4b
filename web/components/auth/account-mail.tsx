"use client";

// The account flows that arrive by mail (accounts/emails.py): forgot and reset password, the
// links that confirm an address, and the account page (address, confirmation, mail preferences).
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import * as React from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorState, Loading } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { api, ApiError, unwrap } from "@/lib/api/client";
import { applyApiErrors } from "@/lib/forms";

function Notice({ children, tone = "info" }: { children: React.ReactNode; tone?: "info" | "error" }) {
  return (
    <p role={tone === "error" ? "alert" : "status"} className={tone === "error" ? "rounded-md border border-danger p-3 text-sm text-danger" : "rounded-md border border-border bg-muted p-3 text-sm"}>
      {children}
    </p>
  );
}

const emailSchema = z.object({ email: z.string().trim().email("Enter your email address") });

export function ForgotPasswordForm() {
  const [sent, setSent] = React.useState<string | null>(null);
  const [formError, setFormError] = React.useState<string | null>(null);
  const form = useForm<z.infer<typeof emailSchema>>({ resolver: zodResolver(emailSchema), defaultValues: { email: "" } });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const done = (await unwrap(api.POST("/api/v1/auth/password-reset/request", { body: values }))) as { detail: string };
      setSent(done.detail);
    } catch (e) {
      setFormError(applyApiErrors(e, form.setError, ["email"]));
    }
  });
  if (sent) return <Notice>{sent} The link works for 30 minutes.</Notice>;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && <Notice tone="error">{formError}</Notice>}
      <Field id="email" label="Email" error={form.formState.errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register("email")} />
      </Field>
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Send me a link
      </Button>
    </form>
  );
}

const resetSchema = z
  .object({ password: z.string().min(8, "Use at least 8 characters"), again: z.string() })
  .refine((v) => v.password === v.again, { message: "The two passwords differ", path: ["again"] });

export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const [done, setDone] = React.useState(false);
  const [formError, setFormError] = React.useState<string | null>(null);
  const form = useForm<z.infer<typeof resetSchema>>({ resolver: zodResolver(resetSchema), defaultValues: { password: "", again: "" } });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await unwrap(api.POST("/api/v1/auth/password-reset", { body: { token, password: values.password } }));
      setDone(true);
    } catch (e) {
      setFormError(applyApiErrors(e, form.setError, ["password"]));
    }
  });
  if (!token) return <Notice tone="error">This page needs the link from the mail. <Link className="underline" href="/forgot-password">Ask for one</Link>.</Notice>;
  if (done)
    return (
      <Notice>
        Your password is changed, and every device was signed out. <Link className="text-primary underline" href="/signin">Sign in</Link> with the new one.
      </Notice>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && (
        <Notice tone="error">
          {formError} <Link className="underline" href="/forgot-password">Ask for a new link</Link>.
        </Notice>
      )}
      <Field id="password" label="New password" error={form.formState.errors.password?.message} hint="At least 8 characters">
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </Field>
      <Field id="again" label="The same again" error={form.formState.errors.again?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("again")} />
      </Field>
      <Button type="submit" disabled={form.formState.isSubmitting}>
        Change my password
      </Button>
    </form>
  );
}

/** /verify-email and /confirm-email: the link's token is sent once, and the outcome shown. */
export function ConfirmLink({ kind }: { kind: "verify" | "email_change" }) {
  const token = useSearchParams().get("token") ?? "";
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () =>
      kind === "verify"
        ? unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } }))
        : unwrap(api.POST("/api/v1/auth/confirm-email", { body: { token } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["me"] }),
  });
  const sent = React.useRef(false);
  React.useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      confirm.mutate();
    }
  }, [token, confirm]);
  if (!token) return <Notice tone="error">This page needs the link from the mail.</Notice>;
  if (confirm.isError)
    return (
      <Notice tone="error">
        {confirm.error.message} {kind === "verify" ? "Sign in and ask for a new link on your account page." : "Ask again from your account page."}
      </Notice>
    );
  if (!confirm.data) return <Loading label="Confirming" />;
  return (
    <Notice>
      {kind === "verify" ? `${confirm.data.email} is confirmed. Welcome!` : `Your account now uses ${confirm.data.email}.`}{" "}
      <Link className="text-primary underline" href="/courses">
        Browse the courses
      </Link>
    </Notice>
  );
}

const changeSchema = z.object({
  email: z.string().trim().email("Enter the new address"),
  password: z.string().min(1, "Enter your current password"),
});

export function AccountSettings() {
  const toast = useToast();
  const me = useQuery({ queryKey: ["me"], queryFn: () => unwrap(api.GET("/api/v1/users/me")) });
  const resend = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/users/me/verify-email")),
    onSuccess: () => toast({ title: "Link sent", description: "Look in your inbox.", tone: "success" }),
    onError: (e) => toast({ title: "Couldn't send the link", description: e.message, tone: "error" }),
  });
  const [changed, setChanged] = React.useState<string | null>(null);
  const form = useForm<z.infer<typeof changeSchema>>({ resolver: zodResolver(changeSchema), defaultValues: { email: "", password: "" } });
  const [formError, setFormError] = React.useState<string | null>(null);
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const done = (await unwrap(api.POST("/api/v1/users/me/email", { body: values }))) as { detail: string };
      setChanged(done.detail);
      form.reset();
    } catch (e) {
      setFormError(applyApiErrors(e, form.setError, ["email", "password"]));
    }
  });
  if (me.isPending) return <Loading label="Loading your account" />;
  if (me.isError) return <ErrorState error={me.error} retry={() => me.refetch()} />;
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <section aria-labelledby="address-title">
        <h2 id="address-title" className="text-xl font-semibold">
          Email address
        </h2>
        <Card className="mt-3 flex flex-col gap-3">
          <p data-testid="my-address">
            {me.data.email} {me.data.email_verified_at ? <span className="text-success">· confirmed</span> : <span className="text-warning">· not confirmed yet</span>}
          </p>
          {!me.data.email_verified_at && (
            <div>
              <Button type="button" variant="secondary" onClick={() => resend.mutate()} disabled={resend.isPending}>
                Send the confirmation link again
              </Button>
            </div>
          )}
          <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-2 sm:items-end">
            {formError && <div className="sm:col-span-2"><Notice tone="error">{formError}</Notice></div>}
            {changed && <div className="sm:col-span-2"><Notice>{changed}</Notice></div>}
            <Field id="new-email" label="New address" error={form.formState.errors.email?.message}>
              <Input type="email" autoComplete="email" {...form.register("email")} />
            </Field>
            <Field id="current-password" label="Current password" error={form.formState.errors.password?.message}>
              <Input type="password" autoComplete="current-password" {...form.register("password")} />
            </Field>
            <div>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                Change address
              </Button>
            </div>
          </form>
        </Card>
      </section>
      <MailPreferences />
    </div>
  );
}

function MailPreferences() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const prefs = useQuery({ queryKey: ["mail-preferences"], queryFn: () => unwrap(api.GET("/api/v1/users/me/mail-preferences")) });
  // the boxes as the learner set them, until the server has answered: they change in the click
  // itself (a controlled box re-rendered later flickers back first), and a refusal puts them back
  const [pending, setPending] = React.useState<Record<string, boolean> | null>(null);
  const save = useMutation({
    mutationFn: (categories: Record<string, boolean>) => unwrap(api.PUT("/api/v1/users/me/mail-preferences", { body: { categories } })),
    onError: (e) => {
      setPending(null);
      toast({ title: "Couldn't save", description: e instanceof ApiError ? e.message : String(e), tone: "error" });
    },
    onSuccess: (saved, change) => {
      queryClient.setQueryData(["mail-preferences"], saved);
      setPending((p) => {
        // what this answer settled; a later click still on its way stays as set
        const rest = Object.fromEntries(Object.entries(p ?? {}).filter(([k, v]) => !(k in change) || v !== change[k]));
        return Object.keys(rest).length ? rest : null;
      });
      toast({ title: "Preferences saved", tone: "success" });
    },
  });
  if (prefs.isPending) return <Loading label="Loading your mail preferences" />;
  if (prefs.isError) return <ErrorState error={prefs.error} retry={() => prefs.refetch()} />;
  return (
    <section aria-labelledby="mail-title">
      <h2 id="mail-title" className="text-xl font-semibold">
        Mail we send you
      </h2>
      <Card className="mt-3">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm text-muted-fg">Every optional mail also has an unsubscribe link.</legend>
          {Object.entries({ ...prefs.data.categories, ...pending }).map(([name, on]) => (
            <label key={name} className="flex items-center gap-2">
              <input
                type="checkbox"
                className="h-4 w-4"
                checked={on}
                disabled={name === "account"}
                onChange={(e) => {
                  const change = { [name]: e.target.checked };
                  setPending((p) => ({ ...p, ...change }));
                  save.mutate(change);
                }}
              />
              <span>
                {prefs.data.labels?.[name] ?? name}
                {name === "account" && <span className="text-muted-fg"> (always sent)</span>}
              </span>
            </label>
          ))}
        </fieldset>
      </Card>
    </section>
  );
}
