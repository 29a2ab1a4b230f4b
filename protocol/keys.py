"""Every Redis key the deployables share, with how long it lives.

- `uw:package:<sha256>`   the zipped challenge package, put there before a job that needs it is
  enqueued (runners hold no database credentials and cache packages on disk by hash);
- `uw:events:<subject>`   a stream of progress events for one subject, read by server-sent
  events from any offset (no pub/sub race);
- `uw:final:<subject>`    the subject's final events alone (a stream, as long-lived as its
  events), read by `wait=true`: one wake-up for the answer instead of one per event;
- `uw:results`            a stream of `started`/`final`/`error` reports read by the persisting
  worker through a consumer group, acknowledged only after the database commit (at least once);
- `uw:lease:<subject>`    refreshed by the runner while it works on a subject, so the reconciler
  can tell a running job from a lost one;
- `uw:runner:<runner id>` a heartbeat hash per runner slot (protocol.heartbeat);
- `uw:metrics:h:<name>`, `uw:metrics:c:<name>` fleet-wide histograms and counters (kit.telemetry);
- `uw:rl:<bucket>:<who>:<window>` fixed-window rate-limit counters (kit.web.ratelimit);
- `uw:outbox:due`         set after a commit that added outbox messages (kit.outbox): the
  worker, busy with results, looks at the outbox when it is there instead of every round;
- `uw:progress:<course id>:<user id>` a learner's live progress in a course (kit.streams),
  announced after each commit that changes it, followed over server-sent events.
"""

from __future__ import annotations

RESULTS_STREAM = "uw:results"
RESULTS_GROUP = "persisters"
EVENTS_TTL_S = 3600
EVENTS_MAXLEN = 10_000
PACKAGE_TTL_S = 7 * 24 * 3600
LEASE_TTL_S = 10
RUNNER_PREFIX = "uw:runner:"
RUNNER_TTL_S = 15  # a runner slot's heartbeat hash outlives a few missed beats, no more
RATE_LIMIT_PREFIX = "uw:rl:"
OUTBOX_DUE = "uw:outbox:due"


def package_key(sha256: str) -> str:
    return f"uw:package:{sha256}"


def events_key(subject: str) -> str:
    return f"uw:events:{subject}"


def final_key(subject: str) -> str:
    return f"uw:final:{subject}"


def progress_key(course_id: str, user_id: str) -> str:
    return f"uw:progress:{course_id}:{user_id}"


def lease_key(subject: str) -> str:
    return f"uw:lease:{subject}"


def runner_key(runner_id: str) -> str:
    """Heartbeat hash of one runner slot (a SlotHeartbeat), TTL RUNNER_TTL_S."""
    return f"{RUNNER_PREFIX}{runner_id}"


def histogram_key(name: str) -> str:
    return f"uw:metrics:h2:{name}"  # h: held cumulative buckets, one command per bucket


def counter_key(name: str) -> str:
    return f"uw:metrics:c:{name}"


def rate_limit_key(bucket: str, who: str, window: int) -> str:
    return f"{RATE_LIMIT_PREFIX}{bucket}:{who}:{window}"


def video_key(asset_id: str) -> str:
    """A video asset's state while it is uploaded and processed (followed over SSE)."""
    return f"uw:video:{asset_id}"
