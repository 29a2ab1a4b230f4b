"""The transactional outbox on the real database, with time moved by the frozen clock."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

import protocol
from kit import clock, db, outbox
from kit.models import OutboxMessage
from kit.settings import Settings
from kit.tasks import Registry


@pytest.fixture
def sessions(settings: Settings) -> Any:
    engine = db.make_engine(settings.worker_db, pool_size=1)
    yield db.make_sessionmaker(engine)
    engine.dispose()


def state(sessions: sessionmaker[Session], message_id: Any) -> OutboxMessage:
    with db.unit_of_work(sessions) as s:
        row = s.get(OutboxMessage, message_id)
        assert row is not None
        return row


def test_a_rolled_back_cause_sends_nothing_and_a_committed_one_is_carried_out(
        sessions: sessionmaker[Session], frozen_clock: clock.FrozenClock) -> None:
    seen: list[dict[str, Any]] = []
    registry = Registry()
    registry.topic("t.ok", lambda s, payload: seen.append(payload))
    s = sessions()
    outbox.add(s, "t.ok", {"n": 1})
    db.rollback(s)
    s.close()
    with db.unit_of_work(sessions) as s:
        message_id = outbox.add(s, "t.ok", {"n": 2}).id
    assert outbox.drain(sessions, registry.topics) == 1
    assert seen == [{"n": 2}]
    row = state(sessions, message_id)
    assert row.state == outbox.DELIVERED and row.delivered_at == frozen_clock.now()
    assert outbox.drain(sessions, registry.topics) == 0, "delivered once"


def test_failures_back_off_then_fail_visibly_and_an_admin_can_retry(
        sessions: sessionmaker[Session], frozen_clock: clock.FrozenClock) -> None:
    calls: list[int] = []

    def flaky(s: Session, payload: dict[str, Any]) -> None:
        calls.append(1)
        raise outbox.Retry("receiver down")

    registry = Registry()
    registry.topic("t.flaky", flaky, attempts=3, backoff_s=10)
    with db.unit_of_work(sessions) as s:
        message_id = outbox.add(s, "t.flaky", {}).id
    assert outbox.drain(sessions, registry.topics) == 1
    assert outbox.drain(sessions, registry.topics) == 0, "not due during the backoff"
    frozen_clock.advance(10)
    assert outbox.drain(sessions, registry.topics) == 1
    frozen_clock.advance(19)
    assert outbox.drain(sessions, registry.topics) == 0, "the backoff doubles"
    frozen_clock.advance(1)
    assert outbox.drain(sessions, registry.topics) == 1
    row = state(sessions, message_id)
    assert (row.state, row.attempts, len(calls)) == (outbox.FAILED, 3, 3)
    assert "receiver down" in (row.last_error or "")
    with db.unit_of_work(sessions) as s:
        assert [m.id for m in s.scalars(outbox.listing(state=outbox.FAILED))] == [message_id]
        outbox.retry(s, message_id)
    assert outbox.drain(sessions, registry.topics) == 1 and len(calls) == 4


def test_give_up_fails_at_once_and_one_bad_handler_does_not_stop_the_others(
        sessions: sessionmaker[Session], frozen_clock: clock.FrozenClock) -> None:
    def refuse(s: Session, payload: dict[str, Any]) -> None:
        raise outbox.GiveUp("never")

    done: list[int] = []
    registry = Registry()
    registry.topic("t.refuse", refuse)
    registry.topic("t.ok", lambda s, p: done.append(p["n"]))
    with db.unit_of_work(sessions) as s:
        bad = outbox.add(s, "t.refuse", {}).id
        outbox.add(s, "t.ok", {"n": 7})
    assert outbox.drain(sessions, registry.topics) == 2
    assert state(sessions, bad).state == outbox.FAILED and done == [7]


def test_a_topic_is_registered_once() -> None:
    registry = Registry()
    registry.topic("t", lambda s, p: None)
    with pytest.raises(ValueError, match="twice"):
        registry.topic("t", lambda s, p: None)


def test_periodic_jobs_run_when_due(frozen_clock: clock.FrozenClock) -> None:
    registry = Registry()
    registry.every("job", 5, lambda: None)
    assert [j.name for j in registry.due()] == ["job"]
    assert registry.due() == []
    frozen_clock.advance(5)
    assert [j.name for j in registry.due()] == ["job"]


def test_delivered_messages_are_purged_after_a_week_failed_ones_stay(
        sessions: sessionmaker[Session], frozen_clock: clock.FrozenClock) -> None:
    registry = Registry()
    registry.topic("t.ok", lambda s, payload: None)
    with db.unit_of_work(sessions) as s:
        delivered = outbox.add(s, "t.ok", {}).id
        failed = outbox.add(s, "t.gone", {})
        failed.state = outbox.FAILED
        failed_id = failed.id
    outbox.drain(sessions, registry.topics)
    frozen_clock.advance(6 * 86400)
    assert outbox.purge(sessions, keep_days=7) == 0
    frozen_clock.advance(2 * 86400)
    assert outbox.purge(sessions, keep_days=7) == 1
    with db.unit_of_work(sessions) as s:
        assert s.get(OutboxMessage, delivered) is None
        assert s.get(OutboxMessage, failed_id) is not None


def test_a_worker_busy_with_results_looks_at_the_outbox_every_so_often(
        settings: Settings, sessions: sessionmaker[Session],
        frozen_clock: clock.FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a flow of results the worker's loop skips the outbox for `drain_every_s` after a
    look that found nothing, unless it added a message itself or another process's commit
    announced one; a quiet round always looks."""
    import redis

    from app.worker import Worker

    seen: list[int] = []
    results = {"n": 0}
    registry = Registry()
    registry.consumer("t.results", lambda block_ms: results["n"])
    registry.topic("t.mail", lambda s, payload: seen.append(payload["n"]))
    client = redis.Redis.from_url(settings.redis_url)
    worker = Worker(settings, sessions, client, registry)
    drains = {"n": 0}
    real_drain = outbox.drain

    def counted(*args: Any, **kwargs: Any) -> int:
        drains["n"] += 1
        return real_drain(*args, **kwargs)

    def mail(n: int) -> None:  # not this process's doing, and not announced
        with db.unit_of_work(sessions) as s:
            s.add(OutboxMessage(topic="t.mail", payload={"n": n}, next_at=clock.now()))

    # the api's sessions announce what their commits add (they have a Redis client)
    api_sessions = db.make_sessionmaker(sessions.kw["bind"], streams=client)

    def announced_mail(n: int) -> None:
        made = outbox.made()
        with db.unit_of_work(api_sessions) as s:
            outbox.add(s, "t.mail", {"n": n})
            outbox.add(s, "t.mail", {"n": n + 100})  # one announcement per commit
        worker._made += outbox.made() - made  # as if another process had added them

    monkeypatch.setattr(outbox, "drain", counted)
    every = 0.1
    try:
        results["n"] = 3
        worker.tick(drain_every_s=every)
        assert drains["n"] == 1  # the first round looks
        mail(1)
        worker.tick(drain_every_s=every)
        assert drains["n"] == 1 and seen == []  # results came, and the last look was empty
        frozen_clock.advance(every)
        worker.tick(drain_every_s=every)
        assert drains["n"] == 2 and seen == [1]
        worker.tick(drain_every_s=every)
        assert drains["n"] == 3  # that look found something: look again at once
        with db.unit_of_work(sessions) as s:  # this process adds one: looked at at once
            outbox.add(s, "t.mail", {"n": 2})
        worker.tick(drain_every_s=every)
        assert drains["n"] == 4 and seen == [1, 2]
        frozen_clock.advance(every)
        worker.tick(drain_every_s=every)
        assert drains["n"] == 5  # found nothing: the next look is `every` away
        announced_mail(7)
        worker.tick(drain_every_s=every)
        assert drains["n"] == 6 and sorted(seen) == [1, 2, 7, 107]  # announced: looked at once
        worker.tick(drain_every_s=every)
        worker.tick(drain_every_s=every)
        assert drains["n"] == 7  # the look that found them, then the announcement is spent
        with db.unit_of_work(api_sessions) as s:  # a rolled-back add announces nothing
            outbox.add(s, "t.mail", {"n": 8})
            db.rollback(s)
        assert client.get(protocol.OUTBOX_DUE) is None
        results["n"] = 0
        mail(3)
        worker.tick(drain_every_s=every)  # quiet: always looks
        assert drains["n"] == 8 and seen[-1] == 3
        results["n"] = 3
        mail(4)
        worker.tick()  # without drain_every_s (tests, tools): every round looks
        assert drains["n"] == 9 and seen[-2:] == [3, 4] and len(seen) == 6
    finally:
        client.close()
