"""The second pass over every AI hint before a learner sees it:

- code blocks longer than `max_code_lines` are removed (a hint points the way; it does not
  write the solution);
- a hint whose token 5-grams are mostly found in one of the challenge's accepted solutions is
  rejected (it *is* the solution, fenced or not);
- a hint that names a term from the instructor's avoid list is rejected.

A rejected hint is asked for again once, with the reason; a second rejection falls back to the
offline engine (lms.hints.service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"```[^\n]*\n(.*?)(?:```|\Z)", re.S)
TOKEN = re.compile(r"[A-Za-z_]\w*|\d+(?:\.\d+)?|[^\s\w]")
SHINGLE = 5
REMOVED = "(A longer piece of code was left out: hints point the way, they don't write it.)"


@dataclass(frozen=True)
class Verdict:
    text: str  # the hint as the learner may see it
    rejected: str | None = None  # why it must not be shown at all
    notes: tuple[str, ...] = ()


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return {tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def similarity(hint: str, reference: str) -> float:
    """The share of the hint's token 5-grams that occur in `reference` (0 when the hint is
    shorter than one): high when the hint reproduces the solution's code, in or out of a
    fence, whatever the prose around it."""
    mine = shingles(hint)
    return len(mine & shingles(reference)) / len(mine) if mine else 0.0


def strip_code(text: str, max_lines: int) -> tuple[str, int]:
    removed = 0

    def cut(block: re.Match[str]) -> str:
        nonlocal removed
        lines = [line for line in block.group(1).splitlines() if line.strip()]
        if len(lines) <= max_lines:
            return block.group(0)
        removed += 1
        return REMOVED
    return FENCE.sub(cut, text), removed


def check(text: str, references: list[str], avoid: list[str], max_code_lines: int,
          threshold: float) -> Verdict:
    notes: list[str] = []
    shown, removed = strip_code(text.strip(), max_code_lines)
    if removed:
        notes.append(f"removed {removed} code block(s) longer than {max_code_lines} lines")
    for term in avoid:
        if term.strip() and re.search(rf"(?<!\w){re.escape(term.strip())}(?!\w)", text, re.I):
            return Verdict(shown, f"it names {term.strip()!r}, which the instructor asked "
                                  "hints to avoid", tuple(notes))
    # the whole reply, code included: a solution is rejected even when its block was cut
    worst = max((similarity(text, ref) for ref in references), default=0.0)
    if worst >= threshold:
        return Verdict(shown, f"it is too close to a reference solution ({worst:.0%} of its "
                              "token 5-grams)", tuple(notes))
    if not shown.strip() or shown.strip() == REMOVED:
        return Verdict(shown, "nothing was left once code was removed", tuple(notes))
    return Verdict(shown, None, tuple(notes))
