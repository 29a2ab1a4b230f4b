"""The grading service's worker side, registered with the app worker (kit.tasks):

- persists what runners report on the results stream (consumer group: an entry is acknowledged
  only after its transaction commits, so a crash re-delivers it; applying twice is harmless);
- retries work that failed for infrastructure reasons, then gives up with an internal error;
- reconciles: any accepted submission or package check whose job Redis no longer has (Redis
  restarted) or whose runner died (no lease) is enqueued again, as a new attempt;
- delivers callback webhooks from the outbox (grading.webhooks);
- publishes `submission judged` for other contexts (grading.events), without knowing them.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import redis
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import protocol
from accounts.service import Principal
from grading import events, webhooks
from grading.challenges import service as challenges
from grading.dispatch import Runners
from grading.submissions import service as submissions
from kit import clock, db, http, outbox, telemetry
from kit.settings import Settings
from kit.tasks import Registry
from models import ChallengeVersion, Role, Submission, SubmissionStatus, VersionStatus
from protocol import ALIVE, Event, EventType, JobState, Subject, SubjectKind

log = logging.getLogger(__name__)
CLAIM_IDLE_MS = 30_000
CLAIM_EVERY_S = 5.0  # how often to look for entries another consumer left pending
HOLD_STARTED_S = 0.25  # how long a job's `started` waits for its `final` before it is written
TELEMETRY_EVERY_S = 1.0  # while results keep coming, their telemetry is written this often


@dataclass(frozen=True)
class _Entry:
    """A results stream entry: its event (None when it is not one), and when it was written
    (the stream id's milliseconds: the runner's moment, not the worker's)."""

    id: bytes | str
    event: Event | None
    at: datetime
    error: str = ""

    @classmethod
    def read(cls, entry_id: bytes | str, fields: dict[Any, Any] | None) -> _Entry:
        ms = (entry_id.decode() if isinstance(entry_id, bytes) else entry_id).split("-")[0]
        at = datetime.fromtimestamp(int(ms) / 1000, UTC)
        try:
            return cls(entry_id, protocol.decode_event(fields or {}), at)
        except protocol.BadEvent as exc:
            return cls(entry_id, None, at, str(exc))

    @property
    def job(self) -> tuple[str, int]:
        return (self.event.subject, self.event.attempt) if self.event else ("", 0)


class Grading:
    """What the worker does for the grading service; `register` hands it to the registry."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session],
                 client: redis.Redis) -> None:
        self.settings, self.sessions, self.redis = settings, sessions, client
        self.runners = Runners.from_settings(settings, client)
        self.consumer = f"{socket.gethostname()}:{os.getpid()}"
        self._held: dict[bytes | str, tuple[float, _Entry]] = {}  # starts awaiting their end
        self._claim_at = 0.0
        self._tally, self._tally_at = telemetry.Tally(), 0.0  # not yet written, last written
        self._fan_outs: Callable[[], Mapping[str, outbox.Handler]] = dict

    def register(self, registry: Registry) -> None:
        registry.consumer("grading.results", self.consume)
        registry.every("grading.reconcile", self.settings.reconcile_every_s, self.reconcile)
        registry.topic(webhooks.TOPIC, self.deliver_webhook, self.settings.webhook_attempts,
                       self.settings.webhook_backoff_s)
        registry.event(events.SUBMISSION_JUDGED)
        self._fan_outs = registry.fan_outs  # read at each batch: others subscribe later

    # -- results ------------------------------------------------------------------------------
    def _ensure_group(self) -> None:
        try:
            self.redis.xgroup_create(protocol.RESULTS_STREAM, protocol.RESULTS_GROUP, id="0",
                                     mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def consume(self, block_ms: int = 0) -> int:
        """Persist what runners reported: the entries read, and those another consumer left
        pending too long, in one transaction, acknowledged in one round trip after it
        commits. A job's `started` waits up to HOLD_STARTED_S for its `final`: when
        both are in hand only the final is written, so a quick job costs one write, not two.
        Telemetry is written at most every TELEMETRY_EVERY_S while results keep coming, and
        before the consumer waits for more. Returns how many entries were settled or, newly
        read, held (for the worker's loop, a round that only held a `started` was busy)."""
        try:
            found = self.redis.xreadgroup(protocol.RESULTS_GROUP, self.consumer,
                                          {protocol.RESULTS_STREAM: ">"}, count=100,
                                          block=None if self._tally else
                                          self._block(block_ms) or None)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            self._ensure_group()  # first start, or Redis lost its data
            return 0
        entries = list(found[0][1]) if found else []
        now = clock.monotonic()
        if now >= self._claim_at:  # what a consumer that died left pending
            self._claim_at = now + CLAIM_EVERY_S
            claimed = self.redis.xautoclaim(protocol.RESULTS_STREAM, protocol.RESULTS_GROUP,
                                            self.consumer, CLAIM_IDLE_MS, count=100)
            entries += list(claimed[1])
        ready: list[_Entry] = []
        held = 0
        for entry_id, fields in entries:
            entry = _Entry.read(entry_id, fields)
            if entry.event is not None and entry.event.type == EventType.STARTED:
                self._held.setdefault(entry.id, (now + HOLD_STARTED_S, entry))
                held += 1
            else:
                ready.append(entry)
        ends = {entry.job for entry in ready
                if entry.event is not None and entry.event.type in (EventType.FINAL,
                                                                    EventType.ERROR)}
        starts: dict[tuple[str, int], _Entry] = {}  # held starts whose end is in hand
        for key, (deadline, entry) in list(self._held.items()):
            if entry.job in ends:
                starts[entry.job] = self._held.pop(key)[1]
            elif deadline <= now:
                ready.insert(0, self._held.pop(key)[1])
        if not ready:
            if not held:
                self._write_tally()  # quiet: nothing tallied waits
            return held
        self._tally.merge(self._settle_all(ready, starts))
        done = [entry.id for entry in (*ready, *starts.values())]
        pipe = self.redis.pipeline(transaction=False)
        pipe.xack(protocol.RESULTS_STREAM, protocol.RESULTS_GROUP, *done)
        pipe.xdel(protocol.RESULTS_STREAM, *done)
        pipe.execute()
        if clock.monotonic() - self._tally_at >= TELEMETRY_EVERY_S:
            self._write_tally()
        return len(done) + held

    def _write_tally(self) -> None:
        """Observations of settled results, summed in memory: one pipeline a second under
        load instead of one per batch (a crash loses at most that second's metrics)."""
        if self._tally:
            self._tally.flush(self.redis)
        self._tally_at = clock.monotonic()

    def _block(self, block_ms: int) -> int:
        """Block no longer than the earliest held `started` may wait."""
        if not self._held or not block_ms:
            return block_ms
        due = min(deadline for deadline, _ in self._held.values()) - clock.monotonic()
        return max(1, min(block_ms, int(due * 1000) + 1))

    def _settle_all(self, ready: list[_Entry],
                    starts: dict[tuple[str, int], _Entry]) -> telemetry.Tally:
        """The batch in one transaction (`db.in_one_go`: without a savepoint per entry first).
        An outage (database, Redis) propagates, so nothing of the batch is acknowledged and all
        of it comes back; an entry that cannot be handled at all is logged and dropped, so one
        bad entry never blocks the results behind it."""
        def batch(s: Session, careful: bool) -> telemetry.Tally:
            tally = telemetry.Tally()
            with outbox.inline(self._fan_outs(), careful):  # `submission judged`, here
                for entry in ready:
                    self._settle(s, entry, starts.get(entry.job), tally, careful)
            return tally

        return db.in_one_go(self.sessions, batch,
                            outages=(OperationalError, InterfaceError, redis.RedisError))

    def _settle(self, s: Session, entry: _Entry, start: _Entry | None, tally: telemetry.Tally,
                careful: bool) -> None:
        if entry.event is None:
            log.error("dropping results entry %r: %s", entry.id, entry.error)
            return
        if not careful:
            self._apply(s, entry.event, start or entry, tally)
            return
        try:
            with s.begin_nested():
                self._apply(s, entry.event, start or entry, tally)
        except (OperationalError, InterfaceError, redis.RedisError):
            raise
        except Exception:  # noqa: BLE001 - a poison entry: drop it, loudly
            log.exception("dropping results entry %r that cannot be handled", entry.id)

    def _apply(self, s: Session, event: Event, start: _Entry, tally: telemetry.Tally) -> None:
        subject = Subject.parse(event.subject)
        if subject.kind == SubjectKind.CHECK:
            self._check_event(s, subject.id, event)
        else:
            self._submission_event(s, subject.id, event, start, tally)

    def _submission_event(self, s: Session, sub_id: uuid.UUID, event: Event, start: _Entry,
                          tally: telemetry.Tally) -> None:
        """`start`: the entry of the job's `started` (this one, or the one held for it)."""
        sub: Submission | None = None
        if event.type == EventType.STARTED:
            sub = submissions.apply_started(s, sub_id, event.attempt)
        elif event.type == EventType.FINAL:
            # recorded here (or already, by a Judge0 client's wait): observed once either way,
            # as this entry is settled once
            sub = submissions.apply_final(s, sub_id, event.attempt, event.data) \
                or s.get(Submission, sub_id)  # recorded already (or stale): as it stands
            if sub is not None and sub.attempt == event.attempt \
                    and sub.status == SubmissionStatus.DONE:
                self._observe_final(sub, event.data, tally)
        elif event.type == EventType.ERROR:
            self._retry_submission(s, sub_id, event.attempt, event.data.get("message", ""))
        if sub is not None and sub.enqueued_at is not None and start.event is not None \
                and start.event.type == EventType.STARTED:
            tally.observe("queue_wait_seconds",
                          max(0.0, (start.at - sub.enqueued_at).total_seconds()))

    def _check_event(self, s: Session, version_id: uuid.UUID, event: Event) -> None:
        if event.type == EventType.FINAL:
            challenges.apply_check(s, version_id, event.data)
        elif event.type == EventType.ERROR:
            version = s.get(ChallengeVersion, version_id, with_for_update=True)
            if version is not None and version.status == VersionStatus.CHECKING \
                    and version.attempt == event.attempt:
                self._requeue_version(s, version, event.data.get("message", "runner error"))

    @staticmethod
    def _observe_final(sub: Submission, data: dict[str, Any], tally: telemetry.Tally) -> None:
        tally.count("verdicts", sub.verdict or "IE")
        if sub.enqueued_at is not None and sub.finished_at is not None:
            tally.observe("judge_seconds", (sub.finished_at - sub.enqueued_at).total_seconds())
        timings = data.get("timings") or {}
        for name in ("container", "compile", "checker"):
            if timings.get(name) is not None:
                tally.observe(f"{name}_seconds", float(timings[name]) / 1000)
        tally.observe_many("test_seconds", [float(t.get("wall_time") or 0)
                                            for t in data.get("tests", [])
                                            if t.get("verdict") != "SK"])

    # -- retries and reconciliation -----------------------------------------------------------
    def _retry_submission(self, s: Session, sub_id: uuid.UUID, attempt: int,
                          reason: str) -> None:
        sub = s.get(Submission, sub_id, with_for_update=True)
        if sub is None or sub.status == SubmissionStatus.DONE or sub.attempt != attempt:
            return
        self._requeue_submission(s, sub, reason)

    def _requeue_submission(self, s: Session, sub: Submission, reason: str) -> None:
        telemetry.count(self.redis, "retries", reason.split(":")[0][:40] or "lost")
        if submissions.retry(s, self.runners, sub, reason, self.settings.max_attempts):
            log.warning("re-enqueued submission %s as attempt %d (%s)", sub.id, sub.attempt,
                        reason)
        else:
            log.error("submission %s failed %d times (%s); internal error", sub.id,
                      sub.attempt, reason)

    def _requeue_version(self, s: Session, version: ChallengeVersion, reason: str) -> None:
        if version.attempt >= self.settings.max_attempts:
            challenges.apply_check(s, version.id, {"ok": False, "solutions": [],
                                                   "error": f"could not be checked: {reason}"})
            return
        version.attempt += 1
        challenges.enqueue_check(s, self.runners, version)

    def _lost(self, subject: str, attempt: int) -> str | None:
        state = self.runners.job_state(subject, attempt)
        leased = bool(self.redis.exists(protocol.lease_key(subject)))
        if state in ALIVE and (state != JobState.STARTED or leased):
            return None
        if state == JobState.STARTED and not leased:
            return "lost: runner died"
        return f"lost: job {state or 'unknown to redis'}"

    def reconcile(self) -> int:
        cutoff = clock.now() - timedelta(seconds=self.settings.lost_after_s)
        requeued = 0
        with db.unit_of_work(self.sessions) as s:
            for sub in s.scalars(select(Submission).where(
                    Submission.status != SubmissionStatus.DONE, Submission.enqueued_at < cutoff)
                    .limit(500).with_for_update(skip_locked=True)):
                reason = self._lost(protocol.submission_subject(sub.id), sub.attempt)
                if reason is not None:
                    self._requeue_submission(s, sub, reason)
                    requeued += 1
            for version in s.scalars(select(ChallengeVersion).where(
                    ChallengeVersion.status == VersionStatus.CHECKING,
                    ChallengeVersion.updated_at < cutoff).with_for_update(skip_locked=True)):
                reason = self._lost(protocol.check_subject(version.id), version.attempt)
                if reason is not None:
                    self._requeue_version(s, version, reason)
                    requeued += 1
        return requeued

    # -- webhooks -----------------------------------------------------------------------------
    def deliver_webhook(self, s: Session, payload: dict[str, Any]) -> None:
        sub = s.get(Submission, uuid.UUID(payload["submission_id"]))
        if sub is None or sub.callback_url is None:
            raise outbox.GiveUp("the submission or its callback_url is gone")
        owner = Principal(sub.user_id, Role.LEARNER)
        body = json.dumps(submissions.render(s, owner, sub).model_dump(mode="json"),
                          separators=(",", ":"), default=str).encode()
        headers = {"Content-Type": "application/json", "X-UsefulWriter-Submission": str(sub.id),
                   webhooks.HEADER: webhooks.sign(self.settings.webhook_secret, body)}
        with http.client(self.settings.http, guarded=not self.settings.webhook_allow_private,
                         ) as client:
            try:
                response = client.post(sub.callback_url, content=body, headers=headers)
            except http.BlockedAddress as exc:
                raise outbox.GiveUp(str(exc)) from None
            except httpx.HTTPError as exc:
                raise outbox.Retry(f"{type(exc).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise outbox.Retry(f"the receiver answered {response.status_code}")
