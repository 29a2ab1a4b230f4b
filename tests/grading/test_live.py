"""Following events live: a stream that stays quiet longer than redis-py's default read timeout
(5 s) is kept alive, not cut (a Python TLE on a loaded machine is quiet for that long)."""

from __future__ import annotations

import asyncio
import uuid

from grading.submissions import live
from kit.settings import Settings
from kit.web.state import AppState


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
