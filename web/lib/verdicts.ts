// Verdicts in words: what happened and what to try next.
export const VERDICTS: Record<string, { name: string; explain: string; good?: boolean }> = {
  AC: { name: "Accepted", explain: "Every test passed.", good: true },
  WA: { name: "Wrong answer", explain: "Your program ran, but its output differs from the expected output. Check the first difference below and the edge cases of the statement." },
  TLE: { name: "Time limit exceeded", explain: "Your program took longer than the limit. Look for an infinite loop, or a faster algorithm for large inputs." },
  MLE: { name: "Memory limit exceeded", explain: "Your program used more memory than the limit. Avoid keeping everything in memory at once." },
  RE: { name: "Runtime error", explain: "Your program crashed or exited with an error. Read its error output, and check indexes, divisions and input parsing." },
  CE: { name: "Compilation error", explain: "Your code did not compile. The compiler's messages say where." },
  OLE: { name: "Output limit exceeded", explain: "Your program printed far more than expected. Look for a print inside a loop that never ends." },
  PE: { name: "Presentation error", explain: "The right answer, but formatted differently (spaces or line breaks)." },
  IE: { name: "Internal error", explain: "Something went wrong on our side, not in your code. Try again shortly." },
  PA: { name: "Partially accepted", explain: "Some tests passed and some did not." },
  SK: { name: "Skipped", explain: "Not run, because an earlier test decided the result." },
};

export function verdictName(code: string | null | undefined): string {
  if (!code) return "";
  return VERDICTS[code]?.name ?? code;
}
