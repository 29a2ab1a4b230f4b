"""The runner pool's RQ queues, in dequeue priority order, and the job function they carry."""

from __future__ import annotations

QUEUE_INTERACTIVE = "uw-interactive"  # the "Run" button, ad-hoc runs, Judge0 submissions
QUEUE_SUBMISSIONS = "uw-submissions"  # graded submissions
QUEUE_REJUDGE = "uw-rejudge"  # rejudges and package checks: never ahead of a learner
QUEUES = (QUEUE_INTERACTIVE, QUEUE_SUBMISSIONS, QUEUE_REJUDGE)  # dequeue priority order

# Enqueued by dotted path: the database side never imports the runner host's code.
GRADE_FUNC = "judge.jobs.run_request"
JOB_TIMEOUT_S = 600


def job_id(subject: str, attempt: int) -> str:
    """One RQ job per attempt: a re-enqueued subject never collides with its lost job.

    RQ (3.x) accepts only letters, digits, "_" and "-" in job ids: so must subjects."""
    return f"{subject}_{attempt}"
