"""All ORM models, one file per table (or per pair of tightly bound tables)."""

from lms.models.base import Base, Model
from lms.models.challenge import Challenge, ChallengeStatus, ChallengeVersion, VersionStatus
from lms.models.credentials import ApiKey, RefreshToken
from lms.models.idempotency import IdempotencyRecord
from lms.models.submission import Mode, Submission, SubmissionStatus
from lms.models.user import Role, User

__all__ = ["ApiKey", "Base", "Challenge", "ChallengeStatus", "ChallengeVersion",
           "IdempotencyRecord", "Mode", "Model", "RefreshToken", "Role", "Submission",
           "SubmissionStatus", "User", "VersionStatus"]
