"""Challenges: create, edit, upload packages as versions (checked by the runner pool), publish,
archive, rejudge. Services never commit; jobs are enqueued after the edge commits."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

import protocol
from accounts.service import Principal
from grading.challenges import package as packages
from grading.dispatch import Runners
from kit import db
from kit.errors import Conflict, Forbidden, NotFound
from models import (
    Challenge,
    ChallengeStatus,
    ChallengeVersion,
    Role,
    VersionStatus,
)
from protocol import RunRequest, check_subject


class SlugTaken(Conflict):
    title = "Slug Already Used"


class NotPublishable(Conflict):
    title = "Challenge Not Publishable"


def can_edit(who: Principal, challenge: Challenge) -> bool:
    return who.role == Role.ADMIN or (who.role == Role.INSTRUCTOR
                                      and challenge.owner_id == who.user_id)


def get(s: Session, who: Principal, ref: str) -> Challenge:
    """By id or slug; drafts and archives are visible to their editors only (archived ones
    stay readable to learners who have submissions, through those submissions)."""
    return _visible(who, ref, s.scalar(select(Challenge).where(_named(ref))))


def with_current(s: Session, who: Principal,
                 ref: str) -> tuple[Challenge, ChallengeVersion | None]:
    """`get` and its current version, in one query (a submission's path)."""
    row = s.execute(select(Challenge, ChallengeVersion).outerjoin(
        ChallengeVersion, ChallengeVersion.id == Challenge.current_version_id)
        .where(_named(ref))).first()
    return _visible(who, ref, row[0] if row else None), row[1] if row else None


def _named(ref: str) -> ColumnElement[bool]:
    try:
        return Challenge.id == uuid.UUID(ref)
    except ValueError:
        return Challenge.slug == ref


def _visible(who: Principal, ref: str, challenge: Challenge | None) -> Challenge:
    if challenge is None or (challenge.status != ChallengeStatus.PUBLISHED
                             and not can_edit(who, challenge)):
        raise NotFound(f"no challenge {ref}")
    return challenge


def editable(s: Session, who: Principal, ref: str) -> Challenge:
    challenge = get(s, who, ref)
    if not can_edit(who, challenge):
        raise Forbidden("only the challenge's owner (or an admin) can change it")
    return challenge


def create(s: Session, who: Principal, slug: str, title: str) -> Challenge:
    challenge = Challenge(slug=slug, title=title, owner_id=who.user_id)
    db.flush_unique(s, SlugTaken(f"the slug {slug!r} is already used", field="slug"), challenge)
    return challenge


def update_fields(s: Session, challenge: Challenge, fields: dict[str, Any]) -> Challenge:
    for name, value in fields.items():
        setattr(challenge, name, value)
    db.flush_unique(s, SlugTaken(f"the slug {fields.get('slug')!r} is already used",
                                 field="slug"))
    return challenge


def upload(s: Session, runners: Runners, challenge: Challenge, blob: bytes,
           max_bytes: int, max_output_mb: float) -> ChallengeVersion:
    """A new version; it becomes current once the runner pool has checked every solution. The
    blob goes to storage by content before the row refers to it (a rolled-back upload leaves
    an unreferenced blob, never a row without its blob)."""
    manifest = packages.read(blob, max_bytes, max_output_mb)
    sha = runners.put_package(blob)
    number = (s.scalar(select(func.max(ChallengeVersion.number))
                       .where(ChallengeVersion.challenge_id == challenge.id)) or 0) + 1
    version = ChallengeVersion(challenge_id=challenge.id, number=number,
                               sha256=sha, manifest=manifest,
                               status=VersionStatus.CHECKING,
                               progress={"done": 0, "total": manifest["solutions"]})
    s.add(version)
    s.flush()
    enqueue_check(s, runners, version)
    return version


def enqueue_check(s: Session, runners: Runners, version: ChallengeVersion) -> None:
    """Check every solution of the version on the runner pool, once `s` commits."""
    runners.send(s, protocol.QUEUE_REJUDGE, RunRequest(
        check_subject(version.id), version.attempt, "check", package_sha=version.sha256))


def apply_check(s: Session, version_id: uuid.UUID, data: dict[str, Any]) -> bool:
    """Persist a package check (first result wins); a valid version becomes current."""
    version = s.get(ChallengeVersion, version_id, with_for_update=True)
    if version is None or version.status != VersionStatus.CHECKING:
        return False
    version.report = data
    version.error = data.get("error")
    version.status = VersionStatus.VALID if data.get("ok") else VersionStatus.INVALID
    total = len(data.get("solutions", []))
    version.progress = {"done": total, "total": total}
    if version.status == VersionStatus.VALID:
        challenge = s.get(Challenge, version.challenge_id, with_for_update=True)
        current = s.get(ChallengeVersion, challenge.current_version_id) \
            if challenge and challenge.current_version_id else None
        if challenge is not None and (current is None or current.number < version.number):
            challenge.current_version_id = version.id
            challenge.title = version.manifest.get("title") or challenge.title
    return True


def current_version(s: Session, challenge: Challenge) -> ChallengeVersion | None:
    if challenge.current_version_id is None:
        return None
    return s.get(ChallengeVersion, challenge.current_version_id)


MAX_NUMBER = 2**31 - 1  # the column's range: a larger number names no version


def numbered(s: Session, challenge: Challenge, number: int) -> ChallengeVersion | None:
    if not 1 <= number <= MAX_NUMBER:
        return None
    return s.scalar(select(ChallengeVersion).where(ChallengeVersion.challenge_id == challenge.id,
                                                   ChallengeVersion.number == number))


def latest_version(s: Session, challenge: Challenge) -> ChallengeVersion | None:
    return s.scalar(select(ChallengeVersion).where(ChallengeVersion.challenge_id == challenge.id)
                    .order_by(ChallengeVersion.number.desc()).limit(1))


def publish(s: Session, challenge: Challenge) -> Challenge:
    if current_version(s, challenge) is None:
        raise NotPublishable("upload a package whose check passed before publishing")
    challenge.status = ChallengeStatus.PUBLISHED
    return challenge


def archive(challenge: Challenge) -> Challenge:
    challenge.status = ChallengeStatus.ARCHIVED
    return challenge


def rejudge_target(s: Session, challenge: Challenge) -> ChallengeVersion:
    """The version a rejudge judges against (the submissions service does the rejudge)."""
    version = current_version(s, challenge)
    if version is None:
        raise NotPublishable("the challenge has no checked package to rejudge against")
    return version


def live_progress(runners: Runners, version: ChallengeVersion) -> dict[str, Any] | None:
    """The newest progress event of a running package check, straight from Redis."""
    entries = runners.redis.xrevrange(protocol.events_key(check_subject(version.id)), count=1)
    if not entries:
        return None
    event = protocol.decode_event(entries[0][1])
    data = event.data
    if event.type == protocol.EventType.TEST:
        return {"done": data.get("index", 0) + 1, "total": data.get("total", 0),
                "solution": data.get("solution"), "verdict": data.get("verdict")}
    return {"stage": str(event.type)}
