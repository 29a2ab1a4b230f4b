"""Submissions: accept (commit, then enqueue), apply runner results (first final wins), and
show them (hidden tests redacted for learners).

A submission is judged at least once and recorded at most once per epoch: every runner result
carries the attempt it came from, results older than the submission's epoch (a rejudge started
a new one) are dropped, and a final result is written only while the row is not yet done.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

import protocol
from accounts.service import Principal
from grading import events, languages, webhooks
from grading.challenges import service as challenges
from grading.dispatch import Runners
from grading.submissions.schemas import SubmissionCreate, SubmissionOut
from kit import clock, outbox
from kit.errors import AppError, Conflict, Forbidden, NotFound, PayloadTooLarge, Unprocessable
from kit.settings import Settings
from models import (
    Challenge,
    ChallengeStatus,
    ChallengeVersion,
    Mode,
    Role,
    Submission,
    SubmissionStatus,
    VersionStatus,
)
from protocol import RunRequest
from scoring.package import DEFAULT_OUTPUT_MB

DEFAULT_LIMITS = {"time_s": 2.0, "memory_mb": 256}


class UnknownLanguage(AppError):
    status, title = 422, "Unknown Language"


class ChallengeClosed(Conflict):
    title = "Challenge Closed"


def _check_sizes(body: SubmissionCreate, settings: Settings) -> None:
    size = len(body.source.encode())
    if size > settings.max_source_bytes:
        raise PayloadTooLarge(f"the source is {size} bytes; the limit is "
                              f"{settings.max_source_bytes}", field="source")
    for name in ("stdin", "expected_output"):
        value = getattr(body, name)
        if value is not None and len(value.encode()) > settings.max_stdin_bytes:
            raise PayloadTooLarge(f"{name} is larger than {settings.max_stdin_bytes} bytes",
                                  field=name)


def _language(name: str, allowed: list[str] | None = None) -> languages.Offered:
    offered = languages.get(name)  # by any of its names; results keep ours
    if offered is None or (allowed is not None and offered.name not in allowed):
        choices = allowed if allowed is not None else list(languages.names())
        raise UnknownLanguage(f"language {name!r} is not available here; choose one of "
                              f"{', '.join(choices)}", field="language")
    return offered


def create(s: Session, runners: Runners, who: Principal, body: SubmissionCreate,
           settings: Settings, queue: str | None = None,
           limits: dict[str, Any] | None = None) -> Submission:
    """Accept a submission; it is enqueued once the edge has committed it."""
    _check_sizes(body, settings)
    sub = Submission(id=uuid.uuid4(), user_id=who.user_id,
                     language=languages.canonical(body.language) or body.language,
                     source=body.source, mode=body.mode, stdin=body.stdin,
                     expected_output=body.expected_output,
                     callback_url=str(body.callback_url) if body.callback_url else None,
                     enqueued_at=clock.now())
    if body.challenge_id is None:
        version = None
        _adhoc(sub, body, limits)
    else:
        version = _for_challenge(s, who, sub, body)
    sub.queue = queue or (protocol.QUEUE_INTERACTIVE if body.mode == "run"
                          else protocol.QUEUE_SUBMISSIONS)
    s.add(sub)
    s.flush()
    send(s, runners, sub, version)
    return sub


def _adhoc(sub: Submission, body: SubmissionCreate, limits: dict[str, Any] | None) -> None:
    """Code on stdin, no tests: the caller's limits as given, or the defaults scaled."""
    if body.mode != "run":
        raise Unprocessable("submit mode needs a challenge_id", field="challenge_id")
    lang = _language(body.language)
    sub.kind, sub.stdin = "exec", body.stdin or ""
    sub.limits = _scaled(limits or DEFAULT_LIMITS, lang, scale=limits is None)


def _for_challenge(s: Session, who: Principal, sub: Submission,
                   body: SubmissionCreate) -> ChallengeVersion:
    assert body.challenge_id is not None
    challenge, current = challenges.with_current(s, who, body.challenge_id)
    if challenge.status == ChallengeStatus.ARCHIVED:
        raise ChallengeClosed("the challenge is archived; it takes no new submissions")
    if body.version is not None:
        version = challenges.numbered(s, challenge, body.version)
        if version is None or version.status != VersionStatus.VALID:
            raise Unprocessable(f"the challenge has no checked version {body.version}",
                                field="version")
    else:
        version = current
    if version is None:
        raise ChallengeClosed("the challenge has no checked package yet")
    lang = _language(body.language, version.manifest.get("languages"))
    sub.challenge_id, sub.version_id = challenge.id, version.id
    if body.mode == "run" and body.stdin is not None:  # the learner's own input
        sub.kind = "exec"
        manifest = version.manifest
        sub.limits = _scaled({"time_s": manifest.get("time_limit", 2.0),
                              "memory_mb": manifest.get("memory_mb", 256),
                              "output_bytes": int(manifest.get("output_mb", DEFAULT_OUTPUT_MB)
                                                  * 1024 * 1024)},
                             lang)
    else:
        sub.kind = "grade"
    return version


def send(s: Session, runners: Runners, sub: Submission,
         version: ChallengeVersion | None) -> None:
    """The submission's current attempt to its queue, once `s` commits."""
    runners.send(s, sub.queue, RunRequest(
        str(sub.id), sub.attempt, "exec" if sub.kind == "exec" else "grade",
        language=sub.language, source=sub.source,
        package_sha=version.sha256 if version is not None else None,
        samples_only=sub.mode == "run", stdin=sub.stdin, expected_output=sub.expected_output,
        limits=dict(sub.limits or {})))


def _scaled(limits: dict[str, Any], lang: languages.Offered,
            scale: bool = True) -> dict[str, Any]:
    out = dict(limits)
    if scale:
        out["time_s"] = round(float(out.get("time_s", 2.0)) * lang.time_factor, 3)
    return out


def rejudge(s: Session, runners: Runners, challenge_id: uuid.UUID,
            version: ChallengeVersion) -> int:
    """Judge every graded submission of a challenge again against `version`, on the
    low-priority queue (a rejudge storm never delays learners). Returns how many."""
    subs = list(s.scalars(select(Submission).where(
        Submission.challenge_id == challenge_id, Submission.mode == Mode.SUBMIT)
        .with_for_update()))
    now = clock.now()
    for sub in subs:
        sub.status, sub.verdict, sub.points, sub.result = SubmissionStatus.QUEUED, None, None, None
        sub.version_id, sub.attempt, sub.queue = version.id, sub.attempt + 1, protocol.QUEUE_REJUDGE
        sub.epoch = sub.attempt  # results of earlier judgings no longer count
        sub.enqueued_at, sub.started_at, sub.finished_at = now, None, None
        send(s, runners, sub, version)
    s.flush()
    return len(subs)


def retry(s: Session, runners: Runners, sub: Submission, reason: str,
          max_attempts: int) -> bool:
    """Judge again as a new attempt after an infrastructure failure, or give up with an
    internal error after `max_attempts` (returns whether it was enqueued again)."""
    if sub.attempt >= max_attempts:
        fail(s, sub, f"could not be judged: {reason}")
        return False
    sub.attempt += 1
    sub.status, sub.enqueued_at, sub.started_at = SubmissionStatus.QUEUED, clock.now(), None
    version = s.get(ChallengeVersion, sub.version_id) if sub.version_id else None
    send(s, runners, sub, version)
    return True


def apply_started(s: Session, sub_id: uuid.UUID, attempt: int) -> Submission | None:
    sub = s.get(Submission, sub_id, with_for_update=True)
    if sub is None or sub.status == SubmissionStatus.DONE or attempt < sub.epoch:
        return None
    sub.status = SubmissionStatus.RUNNING
    sub.started_at = sub.started_at or clock.now()
    return sub


def apply_final(s: Session, sub_id: uuid.UUID, attempt: int,
                data: dict[str, Any]) -> Submission | None:
    """Record a final result unless one is recorded already (returns the row if applied): one
    UPDATE ... RETURNING, whose row lock and re-checked condition make the first final win."""
    now = clock.now()
    sub: Submission | None = s.scalars(
        update(Submission)
        .where(Submission.id == sub_id, Submission.status != SubmissionStatus.DONE,
               Submission.epoch <= attempt)
        .values(**_final_fields(data, now), result=data,
                started_at=func.coalesce(Submission.started_at, now))
        .returning(Submission)
        .execution_options(synchronize_session=False, populate_existing=True)).one_or_none()
    if sub is None:
        return None
    outbox.add(s, events.SUBMISSION_JUDGED, events.judged(sub))  # for other contexts
    if sub.callback_url:
        outbox.add(s, webhooks.TOPIC, {"submission_id": str(sub.id)})
    return sub


def finished(out: SubmissionOut, data: dict[str, Any], staff: bool,
             at: datetime) -> SubmissionOut:
    """A rendering with the final result on it, as `apply_final` records it (at `at`, where
    the worker records it within milliseconds): the api answers a waiting client with this,
    and the worker, which reads the same final from the results stream, writes the row."""
    return out.model_copy(update={**_final_fields(data, at), "result": redact(data, staff),
                                  "started_at": out.started_at or at})


def _final_fields(data: dict[str, Any], at: datetime) -> dict[str, Any]:
    """What a final result sets, on the row and on its rendering alike."""
    return {"status": SubmissionStatus.DONE, "verdict": data.get("verdict") or "IE",
            "points": data.get("points"), "max_points": data.get("max_points"),
            "finished_at": at}


def fail(s: Session, sub: Submission, reason: str) -> None:
    """Give up after too many infrastructure failures: an internal error, never a silent loss."""
    apply_final(s, sub.id, sub.attempt, {"verdict": "IE", "error": reason, "tests": []})


def visible(s: Session, who: Principal, sub_id: uuid.UUID) -> Submission:
    sub = s.get(Submission, sub_id)
    if sub is None or not can_see(s, who, sub):
        raise NotFound(f"no submission {sub_id}")
    return sub


def can_see(s: Session, who: Principal, sub: Submission) -> bool:
    return sub.user_id == who.user_id or is_staff_for(s, who, sub)


def is_staff_for(s: Session, who: Principal, sub: Submission) -> bool:
    if who.role == Role.ADMIN:
        return True
    if who.role != Role.INSTRUCTOR or sub.challenge_id is None:
        return False
    challenge = s.get(Challenge, sub.challenge_id)
    return challenge is not None and challenge.owner_id == who.user_id


def redact(result: dict[str, Any] | None, staff: bool) -> dict[str, Any] | None:
    """Learners see hidden tests' verdicts and resource use, nothing of their content."""
    if result is None or staff:
        return result
    out = dict(result)
    out["tests"] = [redact_test(t) for t in result.get("tests", [])]
    return out


def redact_test(test: dict[str, Any]) -> dict[str, Any]:
    out = dict(test)
    out.pop("private_feedback", None)
    if not test.get("sample", True):
        out["feedback"] = out["stderr"] = ""
    return out


def render(s: Session, who: Principal, sub: Submission, with_source: bool = False,
           ) -> SubmissionOut:
    version = s.get(ChallengeVersion, sub.version_id) if sub.version_id else None
    return SubmissionOut(
        id=sub.id, user_id=sub.user_id, challenge_id=sub.challenge_id,
        version=version.number if version else None, language=sub.language, mode=sub.mode,
        status=sub.status, verdict=sub.verdict, points=sub.points, max_points=sub.max_points,
        result=redact(sub.result, is_staff_for(s, who, sub)), created_at=sub.created_at,
        started_at=sub.started_at, finished_at=sub.finished_at,
        source=sub.source if with_source else None)


def listing(s: Session, who: Principal, challenge_id: uuid.UUID | None, verdict: str | None,
            user_id: uuid.UUID | None, everyone: bool) -> Any:
    """The caller's submissions; staff of a challenge may list everyone's (or one user's)."""
    query = select(Submission)
    if everyone or (user_id is not None and user_id != who.user_id):
        if who.role != Role.ADMIN:
            if challenge_id is None or who.role != Role.INSTRUCTOR:
                raise Forbidden("listing other users' submissions needs the admin role, or "
                                "the instructor role and a challenge_id you own")
            challenge = s.get(Challenge, challenge_id)
            if challenge is None or challenge.owner_id != who.user_id:
                raise Forbidden("you do not own this challenge")
        if user_id is not None:
            query = query.where(Submission.user_id == user_id)
    else:
        query = query.where(Submission.user_id == who.user_id)
    if challenge_id is not None:
        query = query.where(Submission.challenge_id == challenge_id)
    if verdict is not None:
        query = query.where(Submission.verdict == verdict.upper())
    return query
