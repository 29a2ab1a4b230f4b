"""What a hint is grounded in, gathered from the grader's records: the challenge's statement,
the learner's latest code and its verdict, the *visible* tests it failed with the grader's
first-difference feedback and error output, and the learner's recent attempts.

Hidden tests contribute only their verdicts (and, for a time limit, the size of the input that
timed out, which the grader records for every test): never an input, an expected output or
feedback. The accepted solutions are read
to check hints against (`references`) and never enter a prompt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from grading.challenges.package import references
from kit.storage import Storage
from models import Challenge, ChallengeVersion, Mode, Submission, SubmissionStatus

RECENT = 5  # attempts shown to the model


@dataclass(frozen=True)
class Failed:
    """A visible test the code did not pass."""

    name: str
    verdict: str
    feedback: str
    input: str | None
    expected: str | None
    stderr: str


@dataclass
class Context:
    title: str
    statement: str
    kind: str  # io | function
    language: str | None = None
    code: str | None = None
    verdict: str | None = None
    compile_output: str = ""
    failed: list[Failed] = field(default_factory=list)  # visible tests only
    hidden_failed: list[str] = field(default_factory=list)  # verdicts, nothing else
    attempts: list[str] = field(default_factory=list)  # recent verdicts, newest first
    time_limit: float | None = None
    memory_mb: int | None = None
    timed_out_input: tuple[int | None, int | None] = (None, None)  # bytes, tokens
    submission_id: uuid.UUID | None = None
    # for the guard, never for a prompt
    references: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)


def _sample(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    return next((x for x in manifest.get("samples", []) if x.get("name") == name), {})


def latest_graded(s: Session, user_id: uuid.UUID, challenge: Challenge) -> Submission | None:
    """The learner's latest graded submission to `challenge`: what hints are about, and what
    the ladder counts on (a new one starts it again)."""
    return s.scalar(select(Submission).where(
        Submission.user_id == user_id, Submission.challenge_id == challenge.id,
        Submission.mode == Mode.SUBMIT, Submission.status == SubmissionStatus.DONE)
        .order_by(Submission.created_at.desc()).limit(1))


def gather(s: Session, storage: Storage, challenge: Challenge, user_id: uuid.UUID,
           submission: Submission | None = None) -> Context:
    """The context for `user_id`'s next hint on `challenge` (their latest graded submission,
    or `submission` when they name one of theirs)."""
    mine = list(s.scalars(select(Submission).where(
        Submission.user_id == user_id, Submission.challenge_id == challenge.id,
        Submission.mode == Mode.SUBMIT).order_by(Submission.created_at.desc()).limit(RECENT)))
    latest = submission or latest_graded(s, user_id, challenge)
    version_id = latest.version_id if latest and latest.version_id \
        else challenge.current_version_id
    version = s.get(ChallengeVersion, version_id) if version_id else None
    manifest = version.manifest if version else {}
    ctx = Context(title=challenge.title, statement=str(manifest.get("statement") or ""),
                  kind=str(manifest.get("type") or "io"),
                  time_limit=manifest.get("time_limit"), memory_mb=manifest.get("memory_mb"),
                  attempts=[x.verdict or x.status for x in mine],
                  avoid=list(challenge.hint_avoid or []))
    if latest is not None:
        read_result(ctx, manifest, latest.result or {}, latest.source, latest.language)
        ctx.verdict, ctx.submission_id = latest.verdict, latest.id
    if version is not None:
        ctx.references = _references(storage, version)
    return ctx


def _references(storage: Storage, version: ChallengeVersion) -> list[str]:
    from grading.dispatch import package_key

    try:
        return references(storage.get(package_key(version.sha256)))
    except Exception:  # noqa: BLE001 - a missing or unreadable package: hints still work
        return []


def read_result(ctx: Context, manifest: dict[str, Any], result: dict[str, Any], code: str,
                language: str) -> None:
    """Fill `ctx` from a grader's result (of a hidden test: its verdict, and the size of its
    input when it timed out)."""
    ctx.language, ctx.code = language, code
    ctx.verdict = result.get("verdict")
    ctx.compile_output = str(result.get("compile_output") or "")[-4000:]
    for test in result.get("tests", []):
        verdict = str(test.get("verdict"))
        if verdict in ("AC", "SK", "None"):
            continue
        if test.get("sample"):
            sample = _sample(manifest, str(test.get("name")))
            ctx.failed.append(Failed(
                str(test.get("name")), verdict, str(test.get("feedback") or ""),
                sample.get("input") if "input" in sample else sample.get("case"),
                sample.get("output"), str(test.get("stderr") or "")[-1500:]))
        else:
            ctx.hidden_failed.append(verdict)
        if verdict == "TLE" and ctx.timed_out_input == (None, None):
            ctx.timed_out_input = (test.get("input_bytes"), test.get("input_tokens"))
