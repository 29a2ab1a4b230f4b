"""Following events live: a stream that stays quiet longer than redis-py's default read timeout
(5 s) is kept alive, not cut (a Python TLE on a loaded machine is quiet for that long)."""

from __future__ import annotations

import asyncio
import uuid

from api.state import AppState
from lms.settings import Settings
from lms.submissions import live


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
