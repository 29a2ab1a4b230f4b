"""The runner pool's queues, in dequeue priority order, and how a job waits on them.

A job is two keys (`grading.dispatch` writes them, `runnerhost.slot` reads them):
- its id, pushed on the list `queue_key(queue)`; slots pop the lists in priority order (BLPOP);
- its hash `job_key(id)`: `state` (JobState), `queue`, `timeout` (seconds) and `request` (a
  RunRequest as JSON). A slot sets `started` before it runs the job and deletes the hash once the
  job has reported; a job that raised is kept as `failed` for an hour, to be read.
The grading worker's reconciler reads the hash to tell a waiting or running job from a lost one.
"""

from __future__ import annotations

from enum import StrEnum

QUEUE_INTERACTIVE = "uw-interactive"  # the "Run" button, ad-hoc runs, Judge0 submissions
QUEUE_SUBMISSIONS = "uw-submissions"  # graded submissions
QUEUE_REJUDGE = "uw-rejudge"  # rejudges and package checks: never ahead of a learner
QUEUES = (QUEUE_INTERACTIVE, QUEUE_SUBMISSIONS, QUEUE_REJUDGE)  # dequeue priority order

QUEUE_PREFIX = "uw:queue:"
JOB_PREFIX = "uw:job:"
JOB_TIMEOUT_S = 600
JOB_TTL_S = 7 * 24 * 3600  # a job hash outlives any wait in a queue, then goes
FAILED_TTL_S = 3600


class JobState(StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    FAILED = "failed"
    DROPPED = "dropped"  # never stored: queued, yet on no queue (its slot died as it took it)


ALIVE = frozenset({JobState.QUEUED, JobState.STARTED})  # states of a job that will still report


def queue_key(queue: str) -> str:
    return f"{QUEUE_PREFIX}{queue}"


def job_key(job: str) -> str:
    return f"{JOB_PREFIX}{job}"


def job_id(subject: str, attempt: int) -> str:
    """One job per attempt: a re-enqueued subject never collides with its lost job."""
    return f"{subject}_{attempt}"
