"""The challenges service without HTTP (rolled-back transaction, real Redis, local storage):
packages go to storage by content, checks go to the runner pool after the commit, a valid
check makes the newest version current, and only a checked challenge is published."""

from __future__ import annotations

import hashlib

import pytest
import redis
from sqlalchemy.orm import Session

import protocol
from grading.challenges import service as challenges
from grading.dispatch import Runners
from kit import db
from models import ChallengeStatus, Role, VersionStatus
from tests.fixtures import factories as make
from tests.fixtures.api import SUM_TWO, zip_package


def test_an_upload_stores_the_package_by_content_and_checks_it_after_commit(
        session: Session, runners: Runners, redis_client: redis.Redis) -> None:
    owner = make.user(session, Role.INSTRUCTOR)
    challenge = make.challenge(session, owner, ChallengeStatus.DRAFT)
    blob = zip_package(SUM_TWO)
    version = challenges.upload(session, runners, challenge, blob, 10**8, 64.0)
    sha = hashlib.sha256(blob).hexdigest()
    assert (version.sha256, version.number, version.status) == (sha, 1, "checking")
    assert runners.storage.list("packages/") == [f"packages/{sha}"]
    assert runners.package(sha) == blob
    def rejudges() -> list[bytes]:
        return redis_client.lrange(protocol.queue_key(protocol.QUEUE_REJUDGE), 0, -1)

    assert rejudges() == []
    db.commit(session)
    assert rejudges() == [protocol.job_id(protocol.check_subject(version.id), 1).encode()]
    assert redis_client.get(protocol.package_key(sha)) == blob
    again = challenges.upload(session, runners, challenge, blob, 10**8, 64.0)
    assert again.number == 2 and runners.storage.list("packages/") == [f"packages/{sha}"]


def test_a_package_over_the_limit_is_refused_before_storage(session: Session,
                                                           runners: Runners) -> None:
    challenge = make.challenge(session, make.user(session, Role.INSTRUCTOR))
    with pytest.raises(challenges.packages.PayloadTooLarge):
        challenges.upload(session, runners, challenge, zip_package(SUM_TWO), 100, 64.0)
    assert runners.storage.list() == []


def test_a_valid_check_makes_only_a_newer_version_current(session: Session) -> None:
    challenge = make.challenge(session, make.user(session, Role.INSTRUCTOR))
    v1 = make.version(session, challenge, VersionStatus.CHECKING, number=1)
    v2 = make.version(session, challenge, VersionStatus.CHECKING, number=2)
    assert challenges.apply_check(session, v2.id, {"ok": True, "solutions": [{}, {}]})
    assert challenge.current_version_id == v2.id and v2.progress == {"done": 2, "total": 2}
    assert challenges.apply_check(session, v1.id, {"ok": True, "solutions": []})
    assert challenge.current_version_id == v2.id, "an older check never wins"
    assert not challenges.apply_check(session, v1.id, {"ok": False}), "the first result wins"


def test_an_invalid_check_keeps_the_current_version(session: Session) -> None:
    challenge = make.challenge(session, make.user(session, Role.INSTRUCTOR))
    good = make.version(session, challenge, number=1)
    bad = make.version(session, challenge, VersionStatus.CHECKING, number=2)
    challenges.apply_check(session, bad.id, {"ok": False, "solutions": [],
                                             "error": "solution wrong.py: AC, expected WA"})
    assert bad.status == "invalid" and bad.error is not None
    assert challenge.current_version_id == good.id


def test_publishing_needs_a_checked_package(session: Session) -> None:
    challenge = make.challenge(session, make.user(session, Role.INSTRUCTOR),
                               ChallengeStatus.DRAFT)
    with pytest.raises(challenges.NotPublishable):
        challenges.publish(session, challenge)
    make.version(session, challenge)
    assert challenges.publish(session, challenge).status == "published"


def test_slugs_are_unique_and_drafts_are_their_editors_only(session: Session) -> None:
    owner, learner = make.user(session, Role.INSTRUCTOR), make.user(session)
    draft = challenges.create(session, make.principal(owner), "two-sum", "Two sum")
    with pytest.raises(challenges.SlugTaken):
        challenges.create(session, make.principal(owner), "two-sum", "Again")
    assert challenges.get(session, make.principal(owner), "two-sum") is draft
    with pytest.raises(challenges.NotFound):
        challenges.get(session, make.principal(learner), str(draft.id))
    make.version(session, draft)
    challenges.publish(session, draft)  # visible to everyone now, editable by its owner only
    assert challenges.get(session, make.principal(learner), str(draft.id)) is draft
    with pytest.raises(challenges.Forbidden):
        challenges.editable(session, make.principal(make.user(session, Role.INSTRUCTOR)),
                            "two-sum")
