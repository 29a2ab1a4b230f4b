"""The heartbeat record a runner slot keeps in Redis (keys.runner_key), read back by /metrics."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from protocol.events import text as _text


class BadHeartbeat(ValueError):
    """A heartbeat hash that is not a SlotHeartbeat (another version wrote it, or it is torn)."""


@dataclass(frozen=True)
class SlotHeartbeat:
    """What one runner slot says about itself, written by the slot and read by /metrics.

    `slots` is the size of the slot's pool (every slot of a pool repeats it): count heartbeats
    to count slots. `pool_id` names the runner pool process a slot belongs to."""

    runner: str  # "host:pid:start", the owner label of the slot's sandbox containers
    host: str
    pid: int
    parent_pid: int | None  # the runner pool process; None for a slot started on its own
    slot: int  # index within the pool
    slots: int
    queues: tuple[str, ...]
    languages: tuple[str, ...]
    busy: str | None  # the subject being worked on
    jobs: int  # jobs done so far
    pool: dict[str, int]  # warm containers ready per language
    started_at: float
    updated_at: float
    time_factors: dict[str, float] = field(default_factory=dict)  # calibrated on this host

    @property
    def pool_id(self) -> str:
        return f"{self.host}:{self.parent_pid}" if self.parent_pid else self.runner

    def to_hash(self) -> dict[str, str]:
        return {"runner": self.runner, "host": self.host, "pid": str(self.pid),
                "parent_pid": str(self.parent_pid or ""), "slot": str(self.slot),
                "slots": str(self.slots), "queues": ",".join(self.queues),
                "languages": ",".join(self.languages), "busy": self.busy or "",
                "jobs": str(self.jobs), "pool": json.dumps(self.pool, sort_keys=True),
                "started_at": f"{self.started_at:.3f}", "updated_at": f"{self.updated_at:.3f}",
                "time_factors": json.dumps(self.time_factors, sort_keys=True)}

    @classmethod
    def from_hash(cls, fields: dict[bytes | str, bytes | str]) -> SlotHeartbeat:
        flat = {_text(k): _text(v) for k, v in fields.items()}
        try:
            pool = json.loads(flat["pool"])
            return cls(runner=flat["runner"], host=flat["host"], pid=int(flat["pid"]),
                       parent_pid=int(flat["parent_pid"]) if flat["parent_pid"] else None,
                       slot=int(flat["slot"]), slots=int(flat["slots"]),
                       queues=_names(flat["queues"]), languages=_names(flat["languages"]),
                       busy=flat["busy"] or None, jobs=int(flat["jobs"]),
                       pool={str(k): int(v) for k, v in pool.items()},
                       started_at=float(flat["started_at"]),
                       updated_at=float(flat["updated_at"]),
                       time_factors={str(k): float(v) for k, v in
                                     json.loads(flat.get("time_factors") or "{}").items()})
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise BadHeartbeat(f"not a slot heartbeat: {exc!r}") from exc


def _names(joined: str) -> tuple[str, ...]:
    return tuple(n for n in joined.split(",") if n)
