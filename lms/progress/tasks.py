"""The learning side's background work: challenge lessons complete from grading's
`submission judged` event, and it publishes `course completed` (kit.tasks)."""

from __future__ import annotations

from grading import events
from kit.tasks import Registry
from lms.progress import service as progress


def register(registry: Registry) -> None:
    registry.subscribe(events.SUBMISSION_JUDGED, "lms.progress.judged", progress.judged,
                       atomic=True)
    registry.event(progress.COURSE_COMPLETED)
