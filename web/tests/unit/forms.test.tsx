// The sign-up form: Zod catches what it can before a request; what the service refuses comes back
// as problem+json and shows next to the field it names.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/api/problem";

vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  useSearchParams: () => new URLSearchParams(),
  usePathname: () => "/signup",
}));

const register = vi.fn();
vi.mock("@/lib/api/client", async (original) => {
  const actual = await original<typeof import("@/lib/api/client")>();
  return { ...actual, api: { ...actual.api, POST: (...args: unknown[]) => register(...args) } };
});

const { SignUpForm } = await import("@/components/auth/auth-forms");

afterEach(cleanup);

function renderForm() {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <SignUpForm />
    </QueryClientProvider>,
  );
}

describe("the sign-up form", () => {
  it("checks fields before sending anything", async () => {
    renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Enter your name")).toBeTruthy();
    expect(screen.getByText("Enter a valid email address")).toBeTruthy();
    expect(screen.getByText("Use at least 8 characters")).toBeTruthy();
    expect(screen.getByLabelText("Email").getAttribute("aria-invalid")).toBe("true");
    expect(register).not.toHaveBeenCalled();
  });

  it("shows the service's field errors next to the fields", async () => {
    register.mockResolvedValueOnce({
      error: { title: "Conflict", status: 409, detail: "this email is registered already", field: "email" },
      response: new Response(null, { status: 409 }),
    });
    renderForm();
    await userEvent.type(screen.getByLabelText("Name"), "Ada");
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText(/^Password/), "long enough pw");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() => expect(register).toHaveBeenCalledTimes(1));
    // at the field, and only there (no second copy above the form)
    expect(await screen.findAllByText("this email is registered already")).toHaveLength(1);
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(email.getAttribute("aria-describedby")).toContain("email-error");
    expect(new ApiError(409, { field: "email", detail: "x" }).fields).toEqual([{ field: "email", message: "x" }]);
  });
});
