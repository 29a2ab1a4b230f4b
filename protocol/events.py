"""Progress events, written by runners (and `queued` by the dispatcher) to a subject's stream.

In order: queued, started, compiling, compiled, test (one per test), final; or error (the run
failed for infrastructure reasons and will be retried). started, final and error also go to the
results stream, which the worker persists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    COMPILING = "compiling"
    COMPILED = "compiled"
    TEST = "test"
    FINAL = "final"
    ERROR = "error"


FINAL_EVENTS = frozenset({EventType.FINAL})
REPORTED = frozenset({EventType.STARTED, EventType.FINAL, EventType.ERROR})  # + results stream


class BadEvent(ValueError):
    """A stream entry that is not an event (another version wrote it, or it is torn)."""


@dataclass(frozen=True)
class Event:
    subject: str
    attempt: int
    type: EventType
    data: dict[str, Any] = field(default_factory=dict)

    def encode(self) -> dict[str, str]:
        """Stream entries are flat string maps; the payload travels as one JSON field."""
        return {"subject": self.subject, "attempt": str(self.attempt), "type": str(self.type),
                "data": json.dumps(self.data, separators=(",", ":"))}

    @classmethod
    def decode(cls, fields: dict[bytes | str, bytes | str]) -> Event:
        flat = {text(k): text(v) for k, v in fields.items()}
        try:
            return cls(flat["subject"], int(flat["attempt"]), EventType(flat["type"]),
                       json.loads(flat["data"]))
        except (KeyError, ValueError, TypeError) as exc:
            raise BadEvent(f"not an event: {exc!r}") from exc

    @property
    def final(self) -> bool:
        return self.type in FINAL_EVENTS


def encode_event(subject: str, attempt: int, type_: EventType,
                 data: dict[str, Any]) -> dict[str, str]:
    return Event(subject, attempt, type_, data).encode()


def decode_event(fields: dict[bytes | str, bytes | str]) -> Event:
    return Event.decode(fields)


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
