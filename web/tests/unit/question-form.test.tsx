// The question form: each kind starts from a valid shape, a sentence's [[blanks]] each get their
// answers field, and the service's field names (schema errors say `body.numeric.tolerance`) land
// on the form's fields.
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { blank, fieldOf, KINDS, QuestionForm } from "@/components/quiz/question-form";

afterEach(cleanup);

describe("question form", () => {
  it("maps the service's field names onto the form's", () => {
    expect(fieldOf("body.numeric.tolerance")).toBe("tolerance");
    expect(fieldOf("regex")).toBe("regex");
    expect(fieldOf("blanks.animal")).toBe("blanks.animal");
    expect(fieldOf("body.single_choice.options.1.text")).toBe("options.1.text");
  });

  it("starts every kind from a shape with its own fields", () => {
    expect(KINDS).toHaveLength(9);
    expect(blank("single_choice").options.filter((o: { correct: boolean }) => o.correct)).toHaveLength(1);
    expect(blank("numeric")).toMatchObject({ value: 0, tolerance: 0 });
    expect(blank("code")).toMatchObject({ challenge: "" });
  });

  it("gives each blank in the sentence its answers field and sends them", async () => {
    const save = vi.fn();
    render(<QuestionForm initial={blank("fill_blanks")} errors={{ "blanks.pet": "give an answer" }} busy={false} onSave={save} />);
    await userEvent.click(screen.getByLabelText(/^Sentence/));
    await userEvent.paste("A [[pet]] says [[sound]]");
    expect(screen.getByLabelText("Accepted answers for [[pet]] (separate with |)")).toBeTruthy();
    expect(screen.getByText("give an answer")).toBeTruthy();
    await userEvent.type(screen.getByLabelText("Accepted answers for [[pet]] (separate with |)"), "cat | kitten");
    await userEvent.type(screen.getByLabelText("Accepted answers for [[sound]] (separate with |)"), "meow");
    await userEvent.click(screen.getByRole("button", { name: "Save question" }));
    expect(save).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: "fill_blanks",
        text: "A [[pet]] says [[sound]]",
        blanks: { pet: { answers: ["cat", "kitten"] }, sound: { answers: ["meow"] } },
      }),
    );
  });

  it("keeps one right option in a single-choice question", async () => {
    const save = vi.fn();
    render(<QuestionForm initial={blank("single_choice")} errors={{}} busy={false} onSave={save} />);
    await userEvent.click(screen.getByRole("radio", { name: "Right answer (option 2)" }));
    await userEvent.click(screen.getByRole("button", { name: "Save question" }));
    const options = save.mock.calls[0]?.[0].options as { correct: boolean }[];
    expect(options.map((o) => o.correct)).toEqual([false, true]);
  });
});
