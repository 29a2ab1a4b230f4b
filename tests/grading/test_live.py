"""Following events live: a stream that stays quiet longer than redis-py's default read timeout
(5 s) is kept alive, not cut (a Python TLE on a loaded machine is quiet for that long)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import redis

import protocol
from grading.submissions import live
from judge.emit import Emitter
from kit.settings import Settings
from kit.web.state import AppState
from protocol import Event, EventType


def test_a_quiet_stream_yields_keep_alives_instead_of_breaking(settings: Settings) -> None:
    async def follow_quiet_stream() -> list[object]:
        state = AppState.from_settings(settings)
        try:  # one XREAD blocking 6 s on a stream nobody writes to
            return [item async for item in live.follow(state.aredis, str(uuid.uuid4()),
                                                       timeout_s=6.0)]
        finally:
            await state.aredis.aclose()
            state.close()

    assert asyncio.run(follow_quiet_stream()) == [None]


def test_waiting_for_the_answer_wakes_once_not_once_per_event(settings: Settings) -> None:
    """`wait=true` reads the subject's final events alone: twenty progress events written
    while it waits cost it no wake-up, and the final ends its one XREAD."""
    subject = str(uuid.uuid4())
    runner = redis.Redis.from_url(settings.redis_url)
    emitter = Emitter(runner, subject, 1)

    async def wait_while_the_runner_works() -> tuple[Event | None, int, Event | None]:
        state = AppState.from_settings(settings)
        reads = [0]
        xread = state.aredis.xread

        async def counted(*args: Any, **kwargs: Any) -> Any:
            reads[0] += 1
            return await xread(*args, **kwargs)

        state.aredis.xread = counted  # type: ignore[method-assign]
        try:
            waiting = asyncio.create_task(live.wait_final(state.aredis, subject, 20.0))
            await asyncio.sleep(0.3)  # it is blocked in its XREAD
            emitter.emit(EventType.STARTED, {})
            for index in range(20):
                emitter.emit(EventType.TEST, {"index": index})
            emitter.emit(EventType.FINAL, {"verdict": "AC"})
            final = await waiting
            later = await live.wait_final(state.aredis, subject, 1.0)  # already there
            return final, reads[0], later
        finally:
            await state.aredis.aclose()
            state.close()

    try:
        final, reads, later = asyncio.run(wait_while_the_runner_works())
        assert final is not None and final.type == EventType.FINAL
        assert final.data == {"verdict": "AC"} and final.attempt == 1
        assert reads == 2  # one wake-up each: the waiter's, and the latecomer's
        assert later == final
        assert len(runner.xrange(protocol.events_key(subject))) == 22  # SSE still sees all
        assert 0 < runner.ttl(protocol.final_key(subject)) <= protocol.EVENTS_TTL_S
    finally:
        runner.delete(protocol.events_key(subject), protocol.final_key(subject))
        runner.close()
