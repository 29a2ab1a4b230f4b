"""The app-side worker (`usefulwriter worker`): the only process besides the api that holds
database credentials. It runs what the contexts registered (kit.tasks): their stream consumers,
their periodic jobs, and the outbox drain loop for their topics. Adding a feature's background
work means one `register` call in `registry()`, not a new method here.
"""

from __future__ import annotations

import logging
import signal
import time

import redis
from sqlalchemy.orm import Session, sessionmaker

from grading.tasks import Grading
from kit import clock, db, mail, outbox, storage
from kit.dispatch import Dispatcher
from kit.settings import Settings
from kit.tasks import Registry
from lms.certificates import tasks as certificate_tasks
from lms.courses import tasks as course_tasks
from lms.enrollment import tasks as enrollment_tasks
from lms.notifications import tasks as notification_tasks
from lms.payments import tasks as payment_tasks
from lms.payments.gateway import Gateway
from lms.progress import tasks as progress_tasks
from lms.quizzes import tasks as quiz_tasks
from lms.video import tasks as video_tasks

log = logging.getLogger(__name__)
# While results keep coming, how often the outbox is looked at unless a commit announced
# messages (serve): a look is a transaction, which under a flow of 10-test results cost the
# worker as much as the results themselves.
DRAIN_EVERY_S = 1.0


def registry(settings: Settings, sessions: sessionmaker[Session],
             client: redis.Redis) -> Registry:
    """Every context's background work, wired together (the composition root's job)."""
    tasks = Registry()
    Grading(settings, sessions, client).register(tasks)
    course_tasks.register(tasks)
    enrollment_tasks.register(tasks)
    progress_tasks.register(tasks)
    quiz_tasks.register(tasks, sessions)
    payment_tasks.register(tasks, Gateway(settings.stripe, settings.http), sessions)
    certificate_tasks.register(tasks, storage.from_settings(settings.storage, settings.secret_key,
                                                            settings.http))
    mail.register(tasks, settings.mail)
    notification_tasks.register(tasks, settings, storage.from_settings(
        settings.storage, settings.secret_key, settings.http), sessions)
    video_tasks.register(tasks, sessions, Dispatcher(client), settings)
    tasks.every("outbox.purge", 3600, lambda: outbox.purge(sessions, settings.outbox_keep_days))
    return tasks


class Worker:
    def __init__(self, settings: Settings, sessions: sessionmaker[Session],
                 client: redis.Redis, tasks: Registry | None = None) -> None:
        self.settings, self.sessions, self.redis = settings, sessions, client
        self.tasks = tasks or registry(settings, sessions, client)
        self.stopping = False
        self._drain_at, self._made = 0.0, -1  # the next look at the outbox; what we had made

    def run(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: self.stop())
        signal.signal(signal.SIGINT, lambda *_: self.stop())
        self.serve()

    def serve(self) -> None:
        """Work until stop() (SIGTERM): finish what is in hand, then return."""
        log.info("worker started: %s", ", ".join([*self.tasks.consumers,
                                                   *(p.name for p in self.tasks.periodic),
                                                   *self.tasks.topics]))
        while not self.stopping:
            try:
                self.tick(block_ms=1000, drain_every_s=DRAIN_EVERY_S)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                log.warning("redis unavailable (%s); retrying", exc.__class__.__name__)
                time.sleep(1)
            except Exception:  # noqa: BLE001 - a bad entry or a DB outage must not kill us
                log.exception("worker tick failed; retrying")
                time.sleep(1)

    def stop(self) -> None:
        self.stopping = True

    def tick(self, block_ms: int = 0, drain_every_s: float = 0.0) -> int:
        """One round: each consumer (blocking at most block_ms in all), the due periodic jobs,
        then the due outbox messages. Returns how much was handled.

        With `drain_every_s`, a round whose consumers handled something skips the outbox
        while it is sooner than that after a look that found nothing, unless messages were
        added since: by this process (a webhook of a judged submission is sent at once) or by
        a commit elsewhere that announced them (kit.outbox: the api's mail, say). Under a flow
        of results, looking every round cost a transaction per round and found nothing; the
        announcement costs one Redis read per round."""
        share = block_ms // max(1, len(self.tasks.consumers))
        handled = sum(consume(share) for consume in self.tasks.consumers.values())
        for job in self.tasks.due():
            job.run()
        now = clock.monotonic()
        announced = outbox.announced(self.redis)  # and forgotten: this round looks if so
        if handled and now < self._drain_at and outbox.made() == self._made and not announced:
            return handled
        drained = outbox.drain(self.sessions, self.tasks.topics)
        self._made = outbox.made()
        self._drain_at = now + (0.0 if drained else drain_every_s)
        return handled + drained


def main(settings: Settings) -> None:
    engine = db.make_engine(settings.worker_db, pool_size=2)
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=10,
                                  socket_connect_timeout=3)
    Worker(settings, db.make_sessionmaker(engine, streams=client), client).run()
