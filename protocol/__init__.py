"""The wire contract between the api/worker (database side) and the runner pool (sandbox side).

Plain data only (no Docker, no database): the api enqueues `GRADE_FUNC` by dotted path with a
`RunRequest.to_dict()` payload (RQ, JSON serializer) and reads everything back from Redis.

Redis keys:
- `uw:package:<sha256>`  the zipped challenge package, put there before a job that needs it is
  enqueued (runners hold no database credentials and cache packages on disk by hash);
- `uw:events:<subject>`  a stream of progress events for one submission or package check, read
  by server-sent events and `wait=true` from any offset (no pub/sub race);
- `uw:results`           a stream of `started`/`final`/`error` reports read by the persisting
  worker through a consumer group, acknowledged only after the database commit (at least once);
- `uw:lease:<subject>`   refreshed by the runner while it works on a subject, so the reconciler
  can tell a running job from a lost one;
- `uw:runner:<runner id>` a heartbeat hash per runner slot, a `SlotHeartbeat` (a runner id is
  "host:pid:start" of the slot process, also the owner label of its sandbox containers).

Event types, in order: queued, started, compiling, compiled, test (one per test), final; or
error (the run failed for infrastructure reasons and will be retried).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QUEUE_INTERACTIVE = "uw-interactive"  # the "Run" button, ad-hoc runs, Judge0 submissions
QUEUE_SUBMISSIONS = "uw-submissions"  # graded submissions
QUEUE_REJUDGE = "uw-rejudge"  # rejudges and package checks: never ahead of a learner
QUEUES = (QUEUE_INTERACTIVE, QUEUE_SUBMISSIONS, QUEUE_REJUDGE)  # dequeue priority order

GRADE_FUNC = "judge.jobs.run_request"
RESULTS_STREAM = "uw:results"
RESULTS_GROUP = "persisters"
EVENTS_TTL_S = 3600
PACKAGE_TTL_S = 7 * 24 * 3600
LEASE_TTL_S = 10
EVENTS_MAXLEN = 10_000

Kind = Literal["grade", "exec", "check"]
FINAL_EVENTS = frozenset({"final"})


def package_key(sha256: str) -> str:
    return f"uw:package:{sha256}"


def events_key(subject: str) -> str:
    return f"uw:events:{subject}"


def lease_key(subject: str) -> str:
    return f"uw:lease:{subject}"


def job_id(subject: str, attempt: int) -> str:
    """One RQ job per attempt: a re-enqueued subject never collides with its lost job.

    RQ (3.x) accepts only letters, digits, "_" and "-" in job ids: so must subjects."""
    return f"{subject}_{attempt}"


@dataclass
class RunRequest:
    """What a runner needs for one piece of work; everything else stays in the database.

    kind "grade": `source` against the package `package_sha` (`samples_only` for the Run button).
    kind "exec": `source` run once on `stdin` (ad-hoc runs, Judge0), compared with
    `expected_output` when given, under `limits` (sandbox.contract.Limits fields).
    kind "check": every reference solution of package `package_sha` (package upload).
    """

    subject: str  # submission id, or "check-<version id>"
    attempt: int
    kind: Kind
    language: str = ""
    source: str = ""  # text; learner sources are UTF-8 (the api refuses anything else)
    package_sha: str | None = None
    samples_only: bool = False
    stdin: str | None = None
    expected_output: str | None = None
    limits: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunRequest:
        return cls(**data)


def encode_event(subject: str, attempt: int, type_: str, data: dict[str, Any]) -> dict[str, str]:
    """Stream entries are flat string maps; the payload travels as one JSON field."""
    return {"subject": subject, "attempt": str(attempt), "type": type_,
            "data": json.dumps(data, separators=(",", ":"))}


def decode_event(fields: dict[bytes | str, bytes | str]) -> dict[str, Any]:
    flat = {_text(k): _text(v) for k, v in fields.items()}
    return {"subject": flat["subject"], "attempt": int(flat["attempt"]), "type": flat["type"],
            "data": json.loads(flat["data"])}


RUNNER_PREFIX = "uw:runner:"
RUNNER_TTL_S = 15  # a runner slot's heartbeat hash outlives a few missed beats, no more


def runner_key(runner_id: str) -> str:
    """Heartbeat hash of one runner slot (a SlotHeartbeat), TTL RUNNER_TTL_S."""
    return f"{RUNNER_PREFIX}{runner_id}"


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

    @property
    def pool_id(self) -> str:
        return f"{self.host}:{self.parent_pid}" if self.parent_pid else self.runner

    def to_hash(self) -> dict[str, str]:
        return {"runner": self.runner, "host": self.host, "pid": str(self.pid),
                "parent_pid": str(self.parent_pid or ""), "slot": str(self.slot),
                "slots": str(self.slots), "queues": ",".join(self.queues),
                "languages": ",".join(self.languages), "busy": self.busy or "",
                "jobs": str(self.jobs), "pool": json.dumps(self.pool, sort_keys=True),
                "started_at": f"{self.started_at:.3f}", "updated_at": f"{self.updated_at:.3f}"}

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
                       updated_at=float(flat["updated_at"]))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise BadHeartbeat(f"not a slot heartbeat: {exc!r}") from exc


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _names(joined: str) -> tuple[str, ...]:
    return tuple(n for n in joined.split(",") if n)
