"""The wire contract between the database side (api, worker) and the runner hosts.

Plain, typed data that imports nothing of ours (tests/test_architecture.py): queue names and the
job function (`queues`), every Redis key (`keys`), what a job asks for (`requests`), subjects
(`subjects`), progress events with their encoding (`events`) and the slot heartbeat record
(`heartbeat`). No event type, subject or Redis key is spelled outside this package.
"""

from protocol.events import (
    FINAL_EVENTS,
    REPORTED,
    BadEvent,
    Event,
    EventType,
    decode_event,
    encode_event,
)
from protocol.heartbeat import BadHeartbeat, SlotHeartbeat
from protocol.keys import (
    EVENTS_MAXLEN,
    EVENTS_TTL_S,
    LEASE_TTL_S,
    OUTBOX_DUE,
    PACKAGE_TTL_S,
    RATE_LIMIT_PREFIX,
    RESULTS_GROUP,
    RESULTS_STREAM,
    RUNNER_PREFIX,
    RUNNER_TTL_S,
    counter_key,
    events_key,
    final_key,
    histogram_key,
    lease_key,
    package_key,
    progress_key,
    rate_limit_key,
    runner_key,
    video_key,
)
from protocol.queues import (
    ALIVE,
    FAILED_TTL_S,
    JOB_TIMEOUT_S,
    JOB_TTL_S,
    QUEUE_INTERACTIVE,
    QUEUE_REJUDGE,
    QUEUE_SUBMISSIONS,
    QUEUES,
    JobState,
    job_id,
    job_key,
    queue_key,
)
from protocol.requests import Kind, RunRequest
from protocol.subjects import BadSubject, Subject, SubjectKind, check_subject, submission_subject

__all__ = [
    "ALIVE", "EVENTS_MAXLEN", "EVENTS_TTL_S", "FAILED_TTL_S", "FINAL_EVENTS", "JOB_TIMEOUT_S",
    "JOB_TTL_S", "JobState",
    "LEASE_TTL_S", "OUTBOX_DUE", "PACKAGE_TTL_S", "QUEUES", "QUEUE_INTERACTIVE", "QUEUE_REJUDGE",
    "QUEUE_SUBMISSIONS", "RATE_LIMIT_PREFIX", "REPORTED", "RESULTS_GROUP", "RESULTS_STREAM",
    "RUNNER_PREFIX",
    "RUNNER_TTL_S", "BadEvent", "BadHeartbeat", "BadSubject", "Event", "EventType", "Kind",
    "RunRequest", "SlotHeartbeat", "Subject", "SubjectKind", "check_subject", "counter_key",
    "decode_event", "encode_event", "events_key", "final_key", "histogram_key", "job_id", "job_key",
    "lease_key", "queue_key",
    "package_key", "progress_key", "rate_limit_key", "runner_key", "submission_subject",
    "video_key",
]
