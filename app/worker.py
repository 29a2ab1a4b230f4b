"""The database-side worker (`usefulwriter worker`): the only process besides the api that holds
database credentials. It

- persists what runners report on the results stream (consumer group: an entry is acknowledged
  only after its transaction commits, so a crash re-delivers it; applying twice is harmless);
- retries work that failed for infrastructure reasons, then gives up with an internal error;
- reconciles: any accepted submission or package check whose job Redis no longer has (Redis
  restarted) or whose runner died (no lease) is enqueued again, as a new attempt;
- delivers callback webhooks.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import protocol
from accounts.service import Principal
from grading import dispatch, webhooks
from grading.challenges import service as challenges
from grading.submissions import service as submissions
from kit import db, telemetry
from kit.settings import Settings
from models import ChallengeVersion, Role, Submission, SubmissionStatus, VersionStatus

log = logging.getLogger(__name__)
CLAIM_IDLE_MS = 30_000
ALIVE = {"queued", "started", "deferred", "scheduled"}


class Worker:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session],
                 client: redis.Redis) -> None:
        self.settings, self.sessions, self.redis = settings, sessions, client
        self.consumer = f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = False
        self._last_reconcile = 0.0

    # -- main loop ----------------------------------------------------------------------------
    def run(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: self.stop())
        signal.signal(signal.SIGINT, lambda *_: self.stop())
        self.serve()

    def serve(self) -> None:
        """Work until stop() (SIGTERM): finish the entry in hand, then return."""
        log.info("worker %s started", self.consumer)
        while not self.stopping:
            try:
                self.tick(block_ms=1000)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                log.warning("redis unavailable (%s); retrying", exc.__class__.__name__)
                time.sleep(1)
            except Exception:  # noqa: BLE001 - a bad entry or a DB outage must not kill us
                log.exception("worker tick failed; retrying")
                time.sleep(1)

    def stop(self) -> None:
        self.stopping = True

    def tick(self, block_ms: int = 0) -> int:
        handled = self.consume(block_ms)
        if time.monotonic() - self._last_reconcile >= self.settings.reconcile_every_s:
            self._last_reconcile = time.monotonic()
            self.reconcile()
        with db.unit_of_work(self.sessions) as s:
            webhooks.deliver_due(s, self.settings, _owner_view)
        return handled

    # -- results ------------------------------------------------------------------------------
    def _ensure_group(self) -> None:
        try:
            self.redis.xgroup_create(protocol.RESULTS_STREAM, protocol.RESULTS_GROUP, id="0",
                                     mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def consume(self, block_ms: int = 0) -> int:
        try:
            found = self.redis.xreadgroup(protocol.RESULTS_GROUP, self.consumer,
                                          {protocol.RESULTS_STREAM: ">"}, count=100,
                                          block=block_ms or None)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            self._ensure_group()  # first start, or Redis lost its data
            return 0
        entries = list(found[0][1]) if found else []
        claimed = self.redis.xautoclaim(protocol.RESULTS_STREAM, protocol.RESULTS_GROUP,
                                        self.consumer, CLAIM_IDLE_MS, count=100)
        entries += list(claimed[1])
        for entry_id, fields in entries:
            self._handle_entry(entry_id, fields)
        return len(entries)

    def _handle_entry(self, entry_id: bytes, fields: dict[bytes | str, bytes | str] | None,
                      ) -> None:
        """Acknowledge once handled. An outage (database, Redis) leaves the entry pending for a
        retry; an entry that cannot be handled at all is logged and dropped, so one bad entry
        never blocks the results behind it."""
        try:
            if fields:
                self.handle(protocol.decode_event(fields))
        except (OperationalError, InterfaceError, redis.RedisError):
            raise
        except Exception:  # noqa: BLE001 - a poison entry: drop it, loudly
            log.exception("dropping results entry %r that cannot be handled", entry_id)
        self.redis.xack(protocol.RESULTS_STREAM, protocol.RESULTS_GROUP, entry_id)
        self.redis.xdel(protocol.RESULTS_STREAM, entry_id)

    def handle(self, event: dict[str, Any]) -> None:
        subject, attempt, kind = event["subject"], event["attempt"], event["type"]
        with db.unit_of_work(self.sessions) as s:
            if subject.startswith("check-"):
                self._check_event(s, uuid.UUID(subject[6:]), attempt, kind, event["data"])
                return
            sub_id = uuid.UUID(subject)
            if kind == "started":
                sub = submissions.apply_started(s, sub_id, attempt)
                if sub is not None and sub.enqueued_at is not None:
                    telemetry.observe(self.redis, "queue_wait_seconds",
                                      (datetime.now(UTC) - sub.enqueued_at).total_seconds())
            elif kind == "final":
                sub = submissions.apply_final(s, sub_id, attempt, event["data"])
                if sub is not None:
                    self._observe_final(sub, event["data"])
            elif kind == "error":
                self._retry_submission(s, sub_id, attempt, event["data"].get("message", ""))

    def _check_event(self, s: Session, version_id: uuid.UUID, attempt: int, kind: str,
                     data: dict[str, Any]) -> None:
        if kind == "final":
            challenges.apply_check(s, version_id, data)
        elif kind == "error":
            version = s.get(ChallengeVersion, version_id, with_for_update=True)
            if version is not None and version.status == VersionStatus.CHECKING \
                    and version.attempt == attempt:
                self._requeue_version(s, version, data.get("message", "runner error"))

    def _observe_final(self, sub: Submission, data: dict[str, Any]) -> None:
        telemetry.count(self.redis, "verdicts", sub.verdict or "IE")
        if sub.enqueued_at is not None and sub.finished_at is not None:
            telemetry.observe(self.redis, "judge_seconds",
                              (sub.finished_at - sub.enqueued_at).total_seconds())
        timings = data.get("timings") or {}
        for name in ("container", "compile", "checker"):
            if timings.get(name) is not None:
                telemetry.observe(self.redis, f"{name}_seconds", float(timings[name]) / 1000)
        tests = [float(t.get("wall_time") or 0) for t in data.get("tests", [])
                 if t.get("verdict") != "SK"]
        if tests:
            telemetry.observe_many(self.redis, "test_seconds", tests)

    # -- retries and reconciliation -----------------------------------------------------------
    def _retry_submission(self, s: Session, sub_id: uuid.UUID, attempt: int,
                          reason: str) -> None:
        sub = s.get(Submission, sub_id, with_for_update=True)
        if sub is None or sub.status == SubmissionStatus.DONE or sub.attempt != attempt:
            return
        self._requeue_submission(s, sub, reason)

    def _requeue_submission(self, s: Session, sub: Submission, reason: str) -> None:
        telemetry.count(self.redis, "retries", reason.split(":")[0][:40] or "lost")
        if submissions.retry(s, self.redis, sub, reason, self.settings.max_attempts):
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
        db.after_commit(s, lambda: challenges.enqueue_check(self.redis, version))

    def _lost(self, subject: str, attempt: int) -> str | None:
        state = dispatch.job_state(self.redis, subject, attempt)
        leased = bool(self.redis.exists(protocol.lease_key(subject)))
        if state in ALIVE and (state != "started" or leased):
            return None
        if state == "started" and not leased:
            return "lost: runner died"
        return f"lost: job {state or 'unknown to redis'}"

    def reconcile(self) -> int:
        cutoff = datetime.now(UTC) - timedelta(seconds=self.settings.lost_after_s)
        requeued = 0
        with db.unit_of_work(self.sessions) as s:
            for sub in s.scalars(select(Submission).where(
                    Submission.status != SubmissionStatus.DONE, Submission.enqueued_at < cutoff)
                    .limit(500).with_for_update(skip_locked=True)):
                reason = self._lost(str(sub.id), sub.attempt)
                if reason is not None:
                    self._requeue_submission(s, sub, reason)
                    requeued += 1
            for version in s.scalars(select(ChallengeVersion).where(
                    ChallengeVersion.status == VersionStatus.CHECKING,
                    ChallengeVersion.updated_at < cutoff).with_for_update(skip_locked=True)):
                reason = self._lost(challenges.check_subject(version.id), version.attempt)
                if reason is not None:
                    self._requeue_version(s, version, reason)
                    requeued += 1
        return requeued


def _owner_view(s: Session, sub: Submission) -> dict[str, Any]:
    owner = Principal(sub.user_id, Role.LEARNER)
    return submissions.render(s, owner, sub).model_dump(mode="json")


def main(settings: Settings) -> None:
    engine = db.make_engine(settings.database_url, pool_size=2)
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=10,
                                  socket_connect_timeout=3)
    Worker(settings, db.make_sessionmaker(engine), client).run()
