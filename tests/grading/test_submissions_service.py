"""The submissions service on the real PostgreSQL (a rolled-back transaction per test), a real
Redis and the frozen clock, without HTTP: acceptance, hand-over after commit, rejudge epochs,
retries, first-final-wins, visibility and redaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import protocol
from grading import events, webhooks
from grading.dispatch import Runners
from grading.submissions import service as submissions
from grading.submissions.schemas import SubmissionCreate
from kit import clock, db, outbox
from kit.errors import NotFound, Unprocessable
from kit.settings import Settings
from kit.tasks import Registry
from models import ChallengeVersion, Mode, Role, Submission, SubmissionStatus, VersionStatus
from tests.fixtures import factories as make

SETTINGS = Settings()


def queued(client: redis.Redis, queue: str) -> list[str]:
    return [j.decode() for j in client.lrange(protocol.queue_key(queue), 0, -1)]


def test_a_submission_is_handed_over_only_after_the_commit(
        session: Session, runners: Runners, redis_client: redis.Redis,
        frozen_clock: clock.FrozenClock) -> None:
    learner, owner = make.user(session), make.user(session, Role.INSTRUCTOR)
    version = make.version(session, make.challenge(session, owner))
    runners.storage.put(f"packages/{version.sha256}", b"the package")
    body = SubmissionCreate(challenge_id=str(version.challenge_id), language="py",
                            source="print(3)")
    sub = submissions.create(session, runners, make.principal(learner), body, SETTINGS)
    assert (sub.language, sub.kind, sub.queue) == ("python3", "grade", protocol.QUEUE_SUBMISSIONS)
    assert sub.enqueued_at == frozen_clock.now()
    assert queued(redis_client, protocol.QUEUE_SUBMISSIONS) == []
    db.commit(session)
    assert queued(redis_client, protocol.QUEUE_SUBMISSIONS) == [
        protocol.job_id(str(sub.id), 1)]
    assert redis_client.get(protocol.package_key(version.sha256)) == b"the package"
    [(_, fields)] = redis_client.xrange(protocol.events_key(str(sub.id)))
    assert protocol.decode_event(fields).type == protocol.EventType.QUEUED


def test_a_rolled_back_submission_leaves_no_job(session: Session, runners: Runners,
                                                redis_client: redis.Redis) -> None:
    learner = make.user(session)
    body = SubmissionCreate(language="python3", source="print(1)", mode="run", stdin="")
    submissions.create(session, runners, make.principal(learner), body, SETTINGS)
    db.rollback(session)
    db.commit(session)
    assert queued(redis_client, protocol.QUEUE_INTERACTIVE) == []


def test_a_rejudge_starts_a_new_epoch_on_the_low_priority_queue(
        session: Session, runners: Runners, redis_client: redis.Redis,
        frozen_clock: clock.FrozenClock) -> None:
    owner, learner = make.user(session, Role.INSTRUCTOR), make.user(session)
    old = make.version(session, make.challenge(session, owner))
    judged = make.submission(session, learner, old, status=SubmissionStatus.DONE,
                             verdict="WA", points=0.0)
    make.submission(session, learner, old, mode=Mode.RUN)  # runs are not rejudged
    new = make.version(session, session.get(make.Challenge, old.challenge_id))
    runners.storage.put(f"packages/{new.sha256}", b"the new package")
    frozen_clock.advance(60)
    assert submissions.rejudge(session, runners, old.challenge_id, new) == 1
    assert (judged.status, judged.verdict, judged.attempt, judged.epoch) == ("queued", None, 2, 2)
    assert (judged.version_id, judged.queue) == (new.id, protocol.QUEUE_REJUDGE)
    assert judged.enqueued_at == frozen_clock.now()
    db.commit(session)
    assert queued(redis_client, protocol.QUEUE_REJUDGE) == [protocol.job_id(str(judged.id), 2)]
    assert submissions.apply_final(session, judged.id, 1, {"verdict": "AC"}) is None, "stale"
    assert submissions.apply_final(session, judged.id, 2, {"verdict": "AC"}) is judged


def test_first_final_wins_and_a_callback_goes_to_the_outbox(
        session: Session, frozen_clock: clock.FrozenClock) -> None:
    sub = make.submission(session, make.user(session), callback_url="https://example.com/h")
    frozen_clock.advance(2)
    done = submissions.apply_final(session, sub.id, 1, {"verdict": "AC", "points": 1.0,
                                                        "max_points": 1.0, "tests": []})
    assert done is sub and sub.finished_at == frozen_clock.now()
    assert submissions.apply_final(session, sub.id, 1, {"verdict": "WA"}) is None
    assert sub.verdict == "AC"
    messages = {m.topic: m.payload for m in session.scalars(select(make.OutboxMessage))}
    assert messages == {webhooks.TOPIC: {"submission_id": str(sub.id)},
                        events.SUBMISSION_JUDGED: events.judged(sub)}
    assert events.judged(sub)["verdict"] == "AC"


def test_retries_end_in_an_internal_error(session: Session, runners: Runners) -> None:
    sub = make.submission(session, make.user(session), kind="exec", limits={"time_s": 1})
    assert submissions.retry(session, runners, sub, "lost: runner died", max_attempts=2)
    assert (sub.attempt, sub.status) == (2, "queued")
    assert not submissions.retry(session, runners, sub, "lost: runner died", max_attempts=2)
    assert (sub.status, sub.verdict) == ("done", "IE")
    assert "runner died" in (sub.result or {})["error"]


def test_learners_see_their_own_and_staff_see_their_challenges(session: Session) -> None:
    owner, other = make.user(session, Role.INSTRUCTOR), make.user(session, Role.INSTRUCTOR)
    learner, stranger = make.user(session), make.user(session)
    sub = make.submission(session, learner, make.version(session, make.challenge(session, owner)))
    for who in (learner, owner, make.user(session, Role.ADMIN)):
        assert submissions.visible(session, make.principal(who), sub.id) is sub
    for who in (stranger, other):
        with pytest.raises(NotFound):
            submissions.visible(session, make.principal(who), sub.id)


def test_hidden_tests_are_redacted_for_learners(session: Session) -> None:
    owner, learner = make.user(session, Role.INSTRUCTOR), make.user(session)
    sub = make.submission(session, learner, make.version(session, make.challenge(session, owner)))
    sub.result = {"verdict": "WA", "tests": [
        {"name": "1", "sample": True, "feedback": "expected 3", "private_feedback": "p"},
        {"name": "2", "sample": False, "feedback": "expected 42", "private_feedback": "q"}]}
    seen = submissions.render(session, make.principal(learner), sub).result
    assert seen is not None and [t["feedback"] for t in seen["tests"]] == ["expected 3", ""]
    assert all("private_feedback" not in t for t in seen["tests"])
    staff = submissions.render(session, make.principal(owner), sub).result
    assert staff is not None and staff["tests"][1]["private_feedback"] == "q"


def test_an_unchecked_challenge_takes_no_submissions(session: Session,
                                                    runners: Runners) -> None:
    owner = make.user(session, Role.INSTRUCTOR)
    challenge = make.challenge(session, owner)
    make.version(session, challenge, status=VersionStatus.CHECKING)
    body = SubmissionCreate(challenge_id=challenge.slug, language="python3", source="x")
    with pytest.raises(submissions.ChallengeClosed):
        submissions.create(session, runners, make.principal(make.user(session)), body, SETTINGS)


def test_the_frozen_clock_dates_what_the_service_writes(session: Session,
                                                        frozen_clock: clock.FrozenClock) -> None:
    sub = make.submission(session, make.user(session), enqueued_at=frozen_clock.now())
    frozen_clock.advance(5)
    assert submissions.apply_started(session, sub.id, 1) is sub
    assert sub.started_at is not None and sub.started_at - sub.enqueued_at == timedelta(seconds=5)


def test_submission_judged_reaches_every_subscriber_and_no_subscriber_is_fine(
        sessions: sessionmaker[Session]) -> None:
    """Grading publishes without knowing who listens; each subscriber gets its own outbox row
    (retried and failing on its own)."""
    seen: dict[str, list[dict[str, object]]] = {"progress": [], "badges": []}
    registry = Registry()
    registry.event(events.SUBMISSION_JUDGED)
    with db.unit_of_work(sessions) as s:
        sub = make.submission(s, make.user(s))
        submissions.apply_final(s, sub.id, 1, {"verdict": "WA", "tests": []})
    assert outbox.drain(sessions, registry.topics) == 1  # nobody listens: delivered, no copies
    for name in seen:
        registry.subscribe(events.SUBMISSION_JUDGED, f"test.{name}",
                           lambda s, payload, name=name: seen[name].append(payload))
    with db.unit_of_work(sessions) as s:
        sub = make.submission(s, make.user(s))
        submissions.apply_final(s, sub.id, 1, {"verdict": "AC", "tests": []})
    # the event, fanned out, then one copy per subscriber (due at once: the same drain)
    assert outbox.drain(sessions, registry.topics) == 3
    assert outbox.drain(sessions, registry.topics) == 0
    assert [p["verdict"] for p in seen["progress"]] == ["AC"] == \
        [p["verdict"] for p in seen["badges"]]



def steady_and_flaky(seen: list[str]) -> Registry:
    """`submission judged` with two atomic subscribers noting what they saw in `seen`: a
    steady one, and a flaky one that fails its first two calls (the first event's, in the
    careless pass and in the careful one)."""
    failures = {"left": 2}

    def flaky(s: Session, payload: dict[str, object]) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("not now")
        seen.append(f"flaky:{payload['verdict']}")

    registry = Registry()
    registry.event(events.SUBMISSION_JUDGED)
    registry.subscribe(events.SUBMISSION_JUDGED, "test.steady",
                       lambda s, payload: seen.append(f"steady:{payload['verdict']}"),
                       atomic=True)
    registry.subscribe(events.SUBMISSION_JUDGED, "test.flaky", flaky, atomic=True)
    return registry


def test_atomic_subscribers_run_in_the_events_transaction_and_fail_on_their_own(
        sessions: sessionmaker[Session]) -> None:
    """A subscriber that only writes the database runs inside the event's transaction (no row
    of its own); one that fails gets a row of its own, retried without the others, and the
    batch's other work stands."""
    seen: list[str] = []  # Python's list is not rolled back: compared as a set
    registry = steady_and_flaky(seen)
    with db.unit_of_work(sessions) as s:
        for verdict in ("AC", "WA"):
            sub = make.submission(s, make.user(s))
            submissions.apply_final(s, sub.id, 1, {"verdict": verdict, "tests": []})
    # both events in one transaction, their subscribers inline: the flaky one fails the
    # careless pass, then fails again in the careful one and gets a row of its own
    assert outbox.drain(sessions, registry.topics) == 2
    assert set(seen) == {"flaky:WA", "steady:AC", "steady:WA"}
    with db.unit_of_work(sessions) as s:
        rows = list(s.scalars(outbox.listing(topic="test.flaky")))
        assert [(r.state, r.attempts, r.payload["verdict"], r.last_error) for r in rows] == [
            ("pending", 1, "AC", "RuntimeError: not now")]  # due after the topic's backoff
        assert list(s.scalars(outbox.listing(topic="test.steady"))) == []
    assert outbox.drain(sessions, registry.topics) == 0
    with db.unit_of_work(sessions) as s:
        outbox.retry(s, rows[0].id)  # as an admin would, rather than wait for the backoff
    assert outbox.drain(sessions, registry.topics) == 1  # its retry, on its own
    assert set(seen) == {"flaky:AC", "flaky:WA", "steady:AC", "steady:WA"}
    assert outbox.drain(sessions, registry.topics) == 0


def test_an_event_published_inline_is_fanned_out_in_its_causes_transaction(
        sessions: sessionmaker[Session]) -> None:
    """Inside `outbox.inline` (the worker's results batch), `submission judged` leaves no
    message of its own: its atomic subscribers run in the batch's transaction; one that
    fails fails the careless pass, and in the careful pass gets a message of its own; a
    subscriber that reaches outside the database gets its message as usual."""
    seen: list[str] = []
    registry = steady_and_flaky(seen)
    registry.subscribe(events.SUBMISSION_JUDGED, "test.mail", lambda s, payload: None)
    with db.unit_of_work(sessions) as s:
        subs = [make.submission(s, make.user(s)) for _ in range(2)]
    passes: list[bool] = []

    def batch(s: Session, careful: bool) -> None:
        passes.append(careful)
        with outbox.inline(registry.fan_outs(), careful):
            for sub, verdict in zip(subs, ("AC", "WA"), strict=True):
                assert submissions.apply_final(s, sub.id, 1, {"verdict": verdict,
                                                              "tests": []}) is not None

    db.in_one_go(sessions, batch)
    assert passes == [False, True]  # the flaky subscriber failed the careless pass
    assert set(seen) == {"flaky:WA", "steady:AC", "steady:WA"}
    with db.unit_of_work(sessions) as s:
        assert list(s.scalars(outbox.listing(topic=events.SUBMISSION_JUDGED))) == []
        assert [(r.state, r.payload["verdict"]) for r in
                s.scalars(outbox.listing(topic="test.flaky"))] == [("pending", "AC")]
        assert sorted(r.payload["verdict"] for r in
                      s.scalars(outbox.listing(topic="test.mail"))) == ["AC", "WA"]
        assert all(x.status == SubmissionStatus.DONE
                   for x in s.scalars(select(Submission).where(
                       Submission.id.in_([sub.id for sub in subs]))))
    with db.unit_of_work(sessions) as s:  # outside `inline`: a message, as before
        sub = make.submission(s, make.user(s))
        submissions.apply_final(s, sub.id, 1, {"verdict": "TLE", "tests": []})
        assert [r.payload["verdict"] for r in
                s.scalars(outbox.listing(topic=events.SUBMISSION_JUDGED))] == ["TLE"]


def test_a_submission_names_a_checked_version_or_gets_the_current_one(
        session: Session, runners: Runners) -> None:
    owner, learner = make.user(session, Role.INSTRUCTOR), make.user(session)
    challenge = make.challenge(session, owner)
    first = make.version(session, challenge, number=1)
    make.version(session, challenge, number=2)
    make.version(session, challenge, number=3, status=VersionStatus.INVALID, current=False)
    for v in (first, *session.scalars(select(ChallengeVersion))):
        runners.storage.put(f"packages/{v.sha256}", b"zip")

    def submit(version: int | None) -> Submission:
        body = SubmissionCreate(challenge_id=challenge.slug, language="python3",
                                source="print(3)", version=version)
        return submissions.create(session, runners, make.principal(learner), body, SETTINGS)

    assert submit(1).version_id == first.id
    assert submit(None).version_id == challenge.current_version_id != first.id
    assert events.judged(submit(1))["version_id"] == str(first.id)
    for bad in (3, 9):  # not checked, not there
        with pytest.raises(Unprocessable) as e:
            submit(bad)
        assert e.value.extra["field"] == "version"
