"""Question kinds: what an author writes becomes a public half (`data`) and a private key, an
answer's shape is checked, and an answer is scored as a fraction of the question's points.

Scoring is a pure function of (data, key, response), so regrading after a fixed key is just
scoring again. Short text and blanks compare normalised text (Unicode NFKC, trimmed, inner
whitespace collapsed, case folded unless the author asks otherwise); a regular expression is
validated when written (a pattern that backtracks catastrophically on probe inputs is refused)
and matched with a time bound.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any

import regex

from kit.errors import Unprocessable
from lms.quizzes import schemas

MATCH_TIMEOUT_S = 0.05
PROBE_TIMEOUT_S = 0.05
PROBES = ("a" * 3000 + "!", "ab" * 1500 + "!", "0" * 3000 + "x", " " * 3000 + "x",
          "aaa" * 1000 + "\n", "x" * 3000 + "@" + "x" * 10)
BLANK = re.compile(r"\[\[([A-Za-z0-9_-]{1,40})\]\]")
MAX_RESPONSE_TEXT = 2000


class BadQuestion(Unprocessable):
    title = "Invalid Question"


class BadAnswer(Unprocessable):
    title = "Invalid Answer"


def _ids(items: list[Any]) -> list[str]:
    """Keep the author's ids (answers name them); make unguessable new ones."""
    taken = {x.id for x in items if x.id}
    if len(taken) != len([x for x in items if x.id]):
        raise BadQuestion("two entries share an id", field="id")
    for x in items:
        while not x.id:
            new = secrets.token_hex(4)
            x.id = new if new not in taken else None
        taken.add(x.id)
    return [x.id for x in items]


def normalise(text: str, case_sensitive: bool = False) -> str:
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return text if case_sensitive else text.casefold()


# -- authoring: spec -> (data, key) ---------------------------------------------------------------
def build(spec: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The public half and the key of a question as written; BadQuestion names the field."""
    data, key = BUILDERS[spec.kind](spec)
    key["feedback_general"] = spec.feedback
    key["spec"] = spec.model_dump(mode="json")  # as written, ids filled in: the editors' copy
    return data, key


def _choices(spec: schemas.SingleChoice | schemas.MultipleChoice,
             ) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = _ids(spec.options)
    correct = [i for i, o in zip(ids, spec.options, strict=True) if o.correct]
    if not correct:
        raise BadQuestion("mark at least one option correct", field="options")
    if spec.kind == "single_choice" and len(correct) != 1:
        raise BadQuestion("a single-choice question has exactly one correct option",
                          field="options")
    if len({normalise(o.text) for o in spec.options}) != len(spec.options):
        raise BadQuestion("two options read the same", field="options")
    data: dict[str, Any] = {"options": [{"id": i, "text": o.text}
                                        for i, o in zip(ids, spec.options, strict=True)]}
    if isinstance(spec, schemas.MultipleChoice):
        data.update(partial_credit=spec.partial_credit, penalty=spec.penalty)
    feedback = {i: o.feedback for i, o in zip(ids, spec.options, strict=True) if o.feedback}
    return data, {"correct": correct, "option_feedback": feedback}


def _true_false(spec: schemas.TrueFalse) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"correct": spec.correct, "option_feedback": {
        k: v for k, v in (("true", spec.feedback_true), ("false", spec.feedback_false)) if v}}


def _numeric(spec: schemas.Numeric) -> tuple[dict[str, Any], dict[str, Any]]:
    if spec.value is None and (spec.min is None or spec.max is None):
        raise BadQuestion("give a value (with a tolerance) or a range (min and max)",
                          field="value")
    if spec.value is not None and (spec.min is not None or spec.max is not None):
        raise BadQuestion("give a value or a range, not both", field="min")
    if spec.value is None and spec.min is not None and spec.max is not None \
            and spec.min > spec.max:
        raise BadQuestion("min is above max", field="min")
    if spec.value is not None:
        return {}, {"value": spec.value, "tolerance": spec.tolerance}
    return {}, {"min": spec.min, "max": spec.max}


def check_regex(pattern: str, field: str = "regex") -> None:
    """Refuse what does not compile and what backtracks catastrophically on probe inputs."""
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise BadQuestion(f"the regular expression does not compile: {exc}", field=field) from None
    for probe in PROBES:
        try:
            compiled.fullmatch(probe, timeout=PROBE_TIMEOUT_S)
        except TimeoutError:
            raise BadQuestion("the regular expression backtracks catastrophically (it took too "
                              "long on a probe input); simplify nested repetition",
                              field=field) from None


def _short_text(spec: schemas.ShortText) -> tuple[dict[str, Any], dict[str, Any]]:
    answers = [a for a in spec.answers if normalise(a)]
    if len(answers) != len(spec.answers):
        raise BadQuestion("an accepted answer is empty (only whitespace)", field="answers")
    if not answers and not spec.regex:
        raise BadQuestion("give at least one accepted answer or a regular expression",
                          field="answers")
    if spec.regex is not None:
        check_regex(spec.regex)
    return {}, {"answers": answers, "case_sensitive": spec.case_sensitive, "regex": spec.regex}


def _ordering(spec: schemas.Ordering) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = _ids(spec.items)
    items = sorted(({"id": i, "text": x.text} for i, x in zip(ids, spec.items, strict=True)),
                   key=lambda x: x["id"])  # stored in no telling order
    return {"items": items}, {"order": ids}


def _matching(spec: schemas.Matching) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = _ids(spec.pairs)
    answers = list(dict.fromkeys([p.answer for p in spec.pairs] + spec.distractors))
    if len({normalise(a) for a in answers}) != len(answers):
        raise BadQuestion("two answers or distractors read the same", field="distractors")
    choice_ids = {a: f"c{secrets.token_hex(4)}" for a in answers}
    prompts = [{"id": i, "text": p.prompt} for i, p in zip(ids, spec.pairs, strict=True)]
    choices = sorted(({"id": c, "text": a} for a, c in choice_ids.items()), key=lambda x: x["id"])
    pairs = {i: choice_ids[p.answer] for i, p in zip(ids, spec.pairs, strict=True)}
    return {"prompts": prompts, "choices": choices}, {"pairs": pairs}


def _fill_blanks(spec: schemas.FillBlanks) -> tuple[dict[str, Any], dict[str, Any]]:
    named = BLANK.findall(spec.text)
    if not named:
        raise BadQuestion("write at least one blank as [[name]] in the text", field="text")
    if len(set(named)) != len(named):
        raise BadQuestion("each blank appears once in the text", field="text")
    missing = [n for n in named if n not in spec.blanks]
    if missing:
        raise BadQuestion(f"no accepted answers for blank {missing[0]!r}", field="blanks")
    extra = [n for n in spec.blanks if n not in named]
    if extra:
        raise BadQuestion(f"blank {extra[0]!r} is not in the text", field="blanks")
    for name, blank in spec.blanks.items():
        if not all(normalise(a) for a in blank.answers):
            raise BadQuestion(f"blank {name!r} has an empty answer", field=f"blanks.{name}")
    return {"text": spec.text, "blanks": named}, {"blanks": {
        n: {"answers": b.answers, "case_sensitive": b.case_sensitive}
        for n, b in spec.blanks.items()}}


BUILDERS: dict[str, Callable[[Any], tuple[dict[str, Any], dict[str, Any]]]] = {
    "single_choice": _choices, "multiple_choice": _choices, "true_false": _true_false,
    "numeric": _numeric, "short_text": _short_text, "ordering": _ordering,
    "matching": _matching, "fill_blanks": _fill_blanks,
    "code": lambda spec: ({}, {}),  # the challenge is linked by the service
}


# -- answers: shape -----------------------------------------------------------------------------
def check_response(kind: str, data: dict[str, Any], response: Any) -> Any:
    """The response, if it has the kind's shape (None clears an answer); BadAnswer otherwise."""
    if response is None:
        return None
    return SHAPES[kind](data, response)


def _bad(expected: str) -> BadAnswer:
    return BadAnswer(f"this question takes {expected}", field="response")


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_RESPONSE_TEXT:
        raise _bad(f"text of at most {MAX_RESPONSE_TEXT} characters")
    return value


def _one_of(data: dict[str, Any], value: Any) -> str:
    ids = {o["id"] for o in data["options"]}
    if not isinstance(value, str) or value not in ids:
        raise _bad("one option id")
    return value


def _some_of(data: dict[str, Any], value: Any) -> list[str]:
    ids = {o["id"] for o in data["options"]}
    if not isinstance(value, list) or not all(isinstance(v, str) and v in ids for v in value) \
            or len(set(value)) != len(value):
        raise _bad("a list of distinct option ids")
    return value


def _boolean(data: dict[str, Any], value: Any) -> bool:
    if not isinstance(value, bool):
        raise _bad("true or false")
    return value


def _number(data: dict[str, Any], value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace("\u2212", "-"))
        except ValueError:
            raise _bad("a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise _bad("a finite number")
    return float(value)


def _permutation(data: dict[str, Any], value: Any) -> list[str]:
    ids = sorted(x["id"] for x in data["items"])
    if not isinstance(value, list) or sorted(map(str, value)) != ids:
        raise _bad("every item id, once each, in your order")
    return value


def _pairs(data: dict[str, Any], value: Any) -> dict[str, str]:
    prompts = {p["id"] for p in data["prompts"]}
    choices = {c["id"] for c in data["choices"]}
    if not isinstance(value, dict) or not set(value) <= prompts \
            or not all(isinstance(v, str) and v in choices for v in value.values()):
        raise _bad("an object from prompt ids to choice ids")
    return value


def _blanks(data: dict[str, Any], value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not set(value) <= set(data["blanks"]):
        raise _bad("an object from blank names to text")
    return {k: _text(v) for k, v in value.items()}


def _submission(data: dict[str, Any], value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"submission_id"} \
            or not isinstance(value["submission_id"], str):
        raise _bad('{"submission_id": ...} naming your submission to the challenge')
    return value


SHAPES: dict[str, Callable[[dict[str, Any], Any], Any]] = {
    "single_choice": _one_of, "multiple_choice": _some_of, "true_false": _boolean,
    "numeric": _number, "short_text": lambda d, v: _text(v), "ordering": _permutation,
    "matching": _pairs, "fill_blanks": _blanks, "code": _submission,
}


# -- scoring ------------------------------------------------------------------------------------
def score(kind: str, data: dict[str, Any], key: dict[str, Any], response: Any,
          ) -> tuple[float, dict[str, Any]]:
    """The fraction of the points (0 to 1) and what was right, part by part. Code questions
    are scored by the grading service (the caller passes the submission's fraction)."""
    if response is None:
        return 0.0, {}
    return SCORERS[kind](data, key, response)


def _single(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    ok = r in key["correct"]
    return float(ok), {r: ok}


def _multiple(data: dict[str, Any], key: dict[str, Any],
              r: Any) -> tuple[float, dict[str, Any]]:
    correct = set(key["correct"])
    right, wrong = len(correct & set(r)), len(set(r) - correct)
    detail = {x: x in correct for x in r}
    if not data.get("partial_credit", True):
        return float(set(r) == correct), detail
    fraction = (right - data.get("penalty", 1.0) * wrong) / len(correct)
    return max(0.0, min(1.0, fraction)), detail


def _tf(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    return float(r is bool(key["correct"])), {}


def _close(r: float, key: dict[str, Any]) -> bool:
    if "value" in key:
        # the tolerance, plus a hair for binary floats (0.1 + 0.2 is 0.30000000000000004)
        slack = key["tolerance"] + 1e-9 * max(1.0, abs(key["value"]))
        return bool(abs(r - key["value"]) <= slack)
    return bool(key["min"] <= r <= key["max"])


def _num(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    return float(_close(float(r), key)), {}


def accepts(text: str, answers: list[str], case_sensitive: bool,
            pattern: str | None = None) -> bool:
    given = normalise(text, case_sensitive)
    if not given:
        return False
    if any(given == normalise(a, case_sensitive) for a in answers):
        return True
    if pattern:
        flags = 0 if case_sensitive else regex.IGNORECASE
        try:
            return regex.fullmatch(pattern, given, flags=flags,
                                   timeout=MATCH_TIMEOUT_S) is not None
        except TimeoutError:
            return False  # out of time: not a match (authoring refuses such patterns)
    return False


def _short(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    return float(accepts(r, key["answers"], key["case_sensitive"], key.get("regex"))), {}


def _order(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    """A share for each item in its right place."""
    detail = {x: x == y for x, y in zip(r, key["order"], strict=False)}
    return sum(detail.values()) / len(key["order"]), detail


def _match(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    detail = {p: r.get(p) == c for p, c in key["pairs"].items()}
    return sum(detail.values()) / len(detail), detail


def _fill(data: dict[str, Any], key: dict[str, Any], r: Any) -> tuple[float, dict[str, Any]]:
    detail = {n: accepts(r.get(n, ""), b["answers"], b["case_sensitive"])
              for n, b in key["blanks"].items()}
    return sum(detail.values()) / len(detail), detail


SCORERS: dict[str, Callable[[dict[str, Any], dict[str, Any], Any],
                            tuple[float, dict[str, Any]]]] = {
    "single_choice": _single, "multiple_choice": _multiple, "true_false": _tf,
    "numeric": _num, "short_text": _short, "ordering": _order, "matching": _match,
    "fill_blanks": _fill,
}


# -- the learner's view -------------------------------------------------------------------------
def public(kind: str, data: dict[str, Any], order: list[str] | None) -> dict[str, Any]:
    """What a learner sees of a question, options in the attempt's order (`order`)."""
    out: dict[str, Any] = {}
    if kind in ("single_choice", "multiple_choice"):
        out["options"] = _ordered(data["options"], order)
        out["multiple"] = kind == "multiple_choice"
    elif kind == "ordering":
        out["items"] = _ordered(data["items"], order)
    elif kind == "matching":
        out["prompts"] = data["prompts"]
        out["choices"] = _ordered(data["choices"], order)
    elif kind == "fill_blanks":
        out["text"], out["blanks"] = data["text"], data["blanks"]
    elif kind == "code":
        out["challenge_id"], out["challenge_slug"] = data["challenge_id"], data["challenge_slug"]
    return out


def _ordered(rows: list[dict[str, str]], order: list[str] | None) -> list[dict[str, str]]:
    if not order:
        return list(rows)
    by_id = {r["id"]: r for r in rows}
    return [by_id[i] for i in order if i in by_id] + [r for r in rows if r["id"] not in order]


def shuffled_parts(kind: str, data: dict[str, Any]) -> list[str]:
    """The ids an attempt shuffles for this kind (none for kinds without parts)."""
    return [x["id"] for x in data.get({"single_choice": "options", "multiple_choice": "options",
                                       "ordering": "items", "matching": "choices"}
                                      .get(kind, ""), [])]


def review(kind: str, key: dict[str, Any], response: Any) -> dict[str, Any]:
    """The key and the feedback, for learners once the quiz's feedback policy allows."""
    out: dict[str, Any] = {"feedback": key.get("feedback_general", "")}
    if kind in ("single_choice", "multiple_choice", "true_false"):
        out["correct"] = key["correct"]
        chosen = response if isinstance(response, list) else [response]
        out["option_feedback"] = {str(c).lower() if isinstance(c, bool) else c: text
                                  for c in chosen
                                  for k, text in key.get("option_feedback", {}).items()
                                  if k == (str(c).lower() if isinstance(c, bool) else c)}
    elif kind == "numeric":
        out.update({k: key[k] for k in ("value", "tolerance", "min", "max") if k in key})
    elif kind == "short_text":
        out["answers"] = key["answers"]
    elif kind == "ordering":
        out["order"] = key["order"]
    elif kind == "matching":
        out["pairs"] = key["pairs"]
    elif kind == "fill_blanks":
        out["blanks"] = {n: b["answers"] for n, b in key["blanks"].items()}
    return out
