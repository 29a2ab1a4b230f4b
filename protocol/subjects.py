"""Subjects: what a job, its events and its lease are about, as the string that travels.

A submission's subject is its id; a package check's is "check-<version id>". Subjects go into
job ids and Redis keys, so they hold only letters, digits and "-".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

CHECK_PREFIX = "check-"


class SubjectKind(StrEnum):
    SUBMISSION = "submission"
    CHECK = "check"  # a package check: every reference solution of a new challenge version


class BadSubject(ValueError):
    """A subject string that names neither a submission nor a package check."""


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    id: uuid.UUID

    def __str__(self) -> str:
        return f"{CHECK_PREFIX}{self.id}" if self.kind == SubjectKind.CHECK else str(self.id)

    @classmethod
    def parse(cls, text: str) -> Subject:
        kind = SubjectKind.CHECK if text.startswith(CHECK_PREFIX) else SubjectKind.SUBMISSION
        try:
            return cls(kind, uuid.UUID(text.removeprefix(CHECK_PREFIX)))
        except ValueError:
            raise BadSubject(f"not a subject: {text!r}") from None


def submission_subject(submission_id: uuid.UUID) -> str:
    return str(Subject(SubjectKind.SUBMISSION, submission_id))


def check_subject(version_id: uuid.UUID) -> str:
    return str(Subject(SubjectKind.CHECK, version_id))
