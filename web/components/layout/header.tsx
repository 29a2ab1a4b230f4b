"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import * as React from "react";
import { useAuth } from "@/components/auth/auth-provider";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { cn } from "@/lib/utils";

export function Header() {
  const { user, signOut } = useAuth();
  const pathname = usePathname();
  const [open, setOpen] = React.useState(false);
  React.useEffect(() => setOpen(false), [pathname]);
  const links = [
    { href: "/courses", label: "Courses" },
    { href: "/memberships", label: "Memberships" },
    ...(user ? [{ href: "/dashboard", label: "My courses" }] : []),
    ...(user && user.role !== "learner" ? [{ href: "/teach", label: "Teach" }] : []),
    ...(user && user.role === "admin" ? [{ href: "/admin/outbox", label: "Outbox" }] : []),
  ];
  return (
    <header className="border-b border-border bg-card">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2">
        Skip to content
      </a>
      <div className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-2">
        <Link href="/" className="mr-4 text-lg font-bold">
          UsefulWriter
        </Link>
        <nav aria-label="Main" className={cn("flex-1", open ? "block" : "hidden sm:block")}>
          <ul className="flex flex-col gap-1 sm:flex-row sm:gap-2">
            {links.map((l) => (
              <li key={l.href}>
                <Link
                  href={l.href}
                  aria-current={pathname.startsWith(l.href) ? "page" : undefined}
                  className="block rounded-md px-3 py-2 hover:bg-muted aria-[current=page]:font-semibold"
                >
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          {user ? (
            <>
              <Link href="/account" className="hidden rounded-md px-2 py-2 text-sm text-muted-fg hover:bg-muted md:inline" data-testid="signed-in-as" title="Your account">
                {user.name}
              </Link>
              <button type="button" className="min-h-10 rounded-md px-3 text-sm hover:bg-muted" onClick={() => signOut(false)}>
                Sign out
              </button>
            </>
          ) : user === null ? (
            <Link href="/signin" className="min-h-10 rounded-md px-3 py-2 text-sm hover:bg-muted">
              Sign in
            </Link>
          ) : null}
          <button
            type="button"
            className="min-h-10 rounded-md px-3 sm:hidden hover:bg-muted"
            aria-expanded={open}
            aria-label="Menu"
            onClick={() => setOpen((o) => !o)}
          >
            ☰
          </button>
        </div>
      </div>
    </header>
  );
}
