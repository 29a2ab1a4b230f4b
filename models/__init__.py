"""All ORM models, one file per table (or per pair of tightly bound tables)."""

from kit.models import Base, Model
from models.certificate import Certificate
from models.challenge import Challenge, ChallengeStatus, ChallengeVersion, VersionStatus
from models.course import Course, CourseStatus, Lesson, LessonKind, LessonStatus, Section
from models.credentials import AccountToken, ApiKey, RefreshToken
from models.enrollment import (
    CourseRole,
    Enrollment,
    EnrollmentState,
    LessonProgress,
    ProgressState,
)
from models.event import EventKind, LearningEvent
from models.hint import Hint
from models.payment import (
    Membership,
    MembershipStatus,
    Order,
    OrderStatus,
    Plan,
    PlanCourse,
    PlanPrice,
    StripeCustomer,
    StripeEvent,
    StripePrice,
)
from models.quiz import (
    Answer,
    Attempt,
    AttemptState,
    Feedback,
    GradeCategory,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
)
from models.submission import Mode, Submission, SubmissionStatus
from models.user import MailDigest, Role, User
from models.video import AssetStatus, VideoAsset

__all__ = ["AccountToken", "AssetStatus", "VideoAsset", "Answer", "ApiKey", "Attempt",
           "AttemptState",
           "EventKind", "Feedback",
           "GradeCategory", "Hint", "LearningEvent", "Membership", "MembershipStatus", "Order",
           "Plan", "PlanCourse", "PlanPrice", "OrderStatus", "Question", "QuestionBank",
           "QuestionKind", "Quiz", "StripeCustomer", "StripeEvent", "StripePrice",
           "Base", "Certificate", "Challenge", "ChallengeStatus", "ChallengeVersion",
           "Course", "CourseRole", "CourseStatus", "Enrollment", "EnrollmentState",
           "IdempotencyRecord", "Lesson", "LessonKind", "LessonProgress", "LessonStatus",
           "MailDigest", "Mode", "Model", "ProgressState", "RefreshToken", "Role", "Section",
           "Submission", "SubmissionStatus", "User", "VersionStatus"]
