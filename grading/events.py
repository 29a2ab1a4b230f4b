"""What the grading service tells other contexts, as domain events (kit.tasks): it publishes
and never knows who listens. Payloads are plain JSON; a subscriber that needs more asks
grading's services. Delivery is at least once."""

from __future__ import annotations

from typing import Any

import protocol
from models import Submission
from scoring.verdicts import NAMES as VERDICT_NAMES  # the verdicts in words, for subscribers

SUBMISSION_JUDGED = "grading.submission_judged"
__all__ = ["SUBMISSION_JUDGED", "VERDICT_NAMES", "first_failed", "judged"]


def judged(sub: Submission) -> dict[str, Any]:
    """A submission got its verdict (again, after a rejudge: `epoch` tells them apart)."""
    return {"submission_id": str(sub.id), "user_id": str(sub.user_id),
            "challenge_id": str(sub.challenge_id) if sub.challenge_id else None,
            "version_id": str(sub.version_id) if sub.version_id else None,
            "mode": sub.mode, "verdict": sub.verdict, "points": sub.points,
            "max_points": sub.max_points, "epoch": sub.epoch,
            "failed_test": first_failed(sub.result),
            "rejudged": sub.queue == protocol.QUEUE_REJUDGE}


def first_failed(result: dict[str, Any] | None) -> str | None:
    """The name of the first test that was not accepted (for the instructors' analytics)."""
    for test in (result or {}).get("tests", []):
        if test.get("verdict") not in ("AC", None):
            return str(test.get("name"))
    return None
