"""Courses, sections and lessons: authoring, ordering and what each caller may see.

Every change to an outline locks its course row first, so concurrent moves and reorders are
applied one after the other (positions are fractional keys: `ordering`). Services never commit.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.service import ANONYMOUS, Principal
from grading.challenges import service as challenges
from kit import clock, db, markdown
from kit.dispatch import Dispatcher
from kit.errors import Conflict, Forbidden, NotFound, Unprocessable
from lms.courses import ordering
from lms.courses.schemas import Completion, CourseCreate, LessonCreate, LessonFields
from models import (
    ChallengeVersion,
    Course,
    CourseRole,
    CourseStatus,
    Enrollment,
    EnrollmentState,
    GradeCategory,
    Lesson,
    LessonKind,
    LessonStatus,
    Quiz,
    Role,
    Section,
    VideoAsset,
)


class SlugTaken(Conflict):
    title = "Slug Already Used"


class NotPublishable(Conflict):
    title = "Course Not Publishable"


class BadOutline(Unprocessable):
    title = "Invalid Outline"


class BadLesson(Unprocessable):
    title = "Invalid Lesson"


DEFAULT_COMPLETION: dict[str, dict[str, Any]] = {
    LessonKind.TEXT: {"kind": "must_view"}, LessonKind.LINK: {"kind": "must_view"},
    LessonKind.VIDEO: {"kind": "must_watch", "fraction": 0.9},
    LessonKind.QUIZ: {"kind": "must_submit"},
    LessonKind.CHALLENGE: {"kind": "challenge_accepted"},
}
ALLOWED_COMPLETION = {
    LessonKind.TEXT: {"must_view"}, LessonKind.LINK: {"must_view"},
    LessonKind.VIDEO: {"must_view", "must_watch"},
    LessonKind.QUIZ: {"must_view", "must_submit", "min_score"},
    LessonKind.CHALLENGE: {"must_view", "must_submit", "min_score", "challenge_accepted"},
}


# -- courses ------------------------------------------------------------------------------------
EDITORS = {"admin", "owner", CourseRole.INSTRUCTOR}
_ROLES = "uw_course_roles"


def role_in(s: Session, who: Principal, course: Course) -> str | None:
    """The caller's standing in the course: admin, owner, instructor or ta (co-instructors
    and teaching assistants are enrollments with those roles), or None. Read once per
    session; the row-level security policies apply the same rule (uw_course_role)."""
    if who.role == Role.ADMIN:
        return "admin"
    if who is ANONYMOUS:
        return None
    if course.owner_id == who.user_id and who.role == Role.INSTRUCTOR:
        return "owner"
    known: dict[tuple[uuid.UUID, uuid.UUID], str | None] = s.info.setdefault(_ROLES, {})
    key = (course.id, who.user_id)
    if key not in known:
        known[key] = s.scalar(select(Enrollment.role).where(
            Enrollment.course_id == course.id, Enrollment.user_id == who.user_id,
            Enrollment.role != CourseRole.LEARNER,
            Enrollment.state.in_((EnrollmentState.ACTIVE, EnrollmentState.COMPLETED))))
    return known[key]


def can_edit(s: Session, who: Principal, course: Course) -> bool:
    """Change the course, its outline and its enrollments: admins, its owner, co-instructors."""
    return role_in(s, who, course) in EDITORS


def is_staff(s: Session, who: Principal, course: Course) -> bool:
    """Read drafts, enrollments and everyone's progress: editors and teaching assistants."""
    return role_in(s, who, course) is not None


def forget_roles(s: Session) -> None:
    s.info.pop(_ROLES, None)


def get(s: Session, who: Principal, slug: str) -> Course:
    """Published courses for everyone; drafts and archives for their editors only."""
    course = s.scalar(select(Course).where(Course.slug == slug))
    if course is None or (course.status != CourseStatus.PUBLISHED
                          and not is_staff(s, who, course)):
        raise NotFound(f"no course {slug}")
    return course


def editable(s: Session, who: Principal, slug: str) -> Course:
    """The course, locked for this transaction (outline changes happen one at a time)."""
    course = get(s, who, slug)
    if not can_edit(s, who, course):
        raise Forbidden("only the course's owner, its instructors or an admin can change it")
    s.refresh(course, with_for_update=True)  # after the check: the policies let editors lock
    return course


def staffed(s: Session, who: Principal, slug: str) -> Course:
    """The course, for its staff (teaching assistants included) only."""
    course = get(s, who, slug)
    if not is_staff(s, who, course):
        raise Forbidden("only the course's staff can see this")
    return course


PRICE_SET = "lms.course_price_set"  # a domain event: payments synchronise the price


def create(s: Session, who: Principal, body: CourseCreate) -> Course:
    course = Course(owner_id=who.user_id, slug=body.slug, title=body.title)
    _apply(course, body.model_dump(exclude_unset=True, exclude={"slug", "title"}))
    db.flush_unique(s, SlugTaken(f"the slug {body.slug!r} is already used", field="slug"),
                    course)
    if course.price_cents > 0:
        Dispatcher.task(s, PRICE_SET, {"course_id": str(course.id)})
    return course


def update(s: Session, course: Course, fields: dict[str, Any]) -> Course:
    before = (course.price_cents, course.currency)
    _apply(course, fields)
    db.flush_unique(s, SlugTaken(f"the slug {fields.get('slug')!r} is already used",
                                 field="slug"))
    if (course.price_cents, course.currency) != before and course.price_cents > 0:
        Dispatcher.task(s, PRICE_SET, {"course_id": str(course.id)})
    return course


def _apply(course: Course, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if value is None and name not in {"category", "level", "language"}:
            continue
        setattr(course, name, value)
        if name == "description":
            course.description_html = markdown.render(value)


def publish(s: Session, course: Course) -> Course:
    published = s.scalar(select(func.count()).select_from(Lesson).where(
        Lesson.course_id == course.id, Lesson.status == LessonStatus.PUBLISHED))
    if not published:
        raise NotPublishable("publish at least one lesson before publishing the course")
    course.status = CourseStatus.PUBLISHED
    course.published_at = course.published_at or clock.now()
    return course


def archive(course: Course) -> Course:
    course.status = CourseStatus.ARCHIVED
    return course


# -- sections -----------------------------------------------------------------------------------
def sections(s: Session, course: Course) -> list[Section]:
    return list(s.scalars(select(Section).where(Section.course_id == course.id)
                          .order_by(Section.position)))


def section(s: Session, course: Course, section_id: uuid.UUID, field: str = "section_id",
            ) -> Section:
    row = s.get(Section, section_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no section {section_id} in this course", field=field)
    return row


def add_section(s: Session, course: Course, title: str, after: uuid.UUID | None) -> Section:
    row = Section(course_id=course.id, title=title,
                  position=ordering.place(sections(s, course), after))
    s.add(row)
    s.flush()
    return row


def delete_section(s: Session, course: Course, section_id: uuid.UUID) -> None:
    s.delete(section(s, course, section_id))
    s.flush()


# -- lessons ------------------------------------------------------------------------------------
def course_lessons(s: Session, course: Course) -> list[Lesson]:
    """Every lesson of the course, in no particular order."""
    return list(s.scalars(select(Lesson).where(Lesson.course_id == course.id)))


def lessons_of(s: Session, section_id: uuid.UUID) -> list[Lesson]:
    return list(s.scalars(select(Lesson).where(Lesson.section_id == section_id)
                          .order_by(Lesson.position)))


def lesson(s: Session, course: Course, lesson_id: uuid.UUID) -> Lesson:
    row = s.get(Lesson, lesson_id)
    if row is None or row.course_id != course.id:
        raise NotFound(f"no lesson {lesson_id} in this course")
    return row


def visible_lesson(s: Session, who: Principal, course: Course, lesson_id: uuid.UUID) -> Lesson:
    row = lesson(s, course, lesson_id)
    if row.status != LessonStatus.PUBLISHED and not is_staff(s, who, course):
        raise NotFound(f"no lesson {lesson_id} in this course")
    return row


def add_lesson(s: Session, who: Principal, course: Course, section_id: uuid.UUID,
               body: LessonCreate) -> Lesson:
    parent = section(s, course, section_id)
    position = ordering.place(lessons_of(s, parent.id), body.after)
    row = Lesson(course_id=course.id, section_id=parent.id, position=position, kind=body.kind,
                 title=body.title, completion=DEFAULT_COMPLETION[LessonKind(body.kind)])
    _set_lesson(s, who, course, row, body)
    s.add(row)
    s.flush()
    return row


def update_lesson(s: Session, who: Principal, course: Course, row: Lesson,
                  body: LessonFields) -> Lesson:
    _set_lesson(s, who, course, row, body)
    s.flush()
    return row


def _set_lesson(s: Session, who: Principal, course: Course, row: Lesson,
                body: LessonFields) -> None:
    fields = body.model_dump(exclude_unset=True, exclude={"kind", "after"})
    for name in ("title", "status", "unlock_at", "unlock_after_days"):
        if name in fields and (fields[name] is not None or name.startswith("unlock")):
            setattr(row, name, fields[name])
    if fields.get("body") is not None:
        row.body, row.body_html = fields["body"], markdown.render(fields["body"])
    if "url" in fields:
        row.url = str(body.url) if body.url is not None else None
    if "challenge" in fields or "challenge_version" in fields:
        _link_challenge(s, who, row, body)
    if "quiz" in fields:
        row.quiz_id = _linked(s, course, Quiz, body.quiz, "quiz")
        if row.quiz_id is not None and row.kind != LessonKind.QUIZ:
            raise BadLesson("only quiz lessons link a quiz", field="quiz")
    if "video" in fields:
        row.video_asset_id = _linked(s, course, VideoAsset, body.video, "video")
        if row.video_asset_id is not None and row.kind != LessonKind.VIDEO:
            raise BadLesson("only video lessons show a video", field="video")
    if "grade_category" in fields:
        row.grade_category_id = _linked(s, course, GradeCategory, body.grade_category,
                                        "grade_category")
    if body.completion is not None:
        row.completion = _completion(row, body.completion)
    if body.prerequisites is not None:
        row.prerequisites = _prerequisites(s, course, row, body.prerequisites)
    _check_kind(row)


def _link_challenge(s: Session, who: Principal, row: Lesson, body: LessonFields) -> None:
    if row.kind != LessonKind.CHALLENGE:
        raise BadLesson("only challenge lessons link a challenge", field="challenge")
    ref = body.challenge or (str(row.challenge_id) if row.challenge_id else None)
    if ref is None:
        raise BadLesson("a challenge lesson needs a challenge", field="challenge")
    try:
        challenge = challenges.get(s, who, ref)
    except NotFound:
        raise BadLesson(f"no challenge {ref} that you can see", field="challenge") from None
    row.challenge_id, row.challenge_version_id = challenge.id, None
    if body.challenge_version is not None:
        version = s.scalar(select(ChallengeVersion).where(
            ChallengeVersion.challenge_id == challenge.id,
            ChallengeVersion.number == body.challenge_version))
        if version is None:
            raise BadLesson(f"the challenge has no version {body.challenge_version}",
                            field="challenge_version")
        row.challenge_version_id = version.id


def _linked(s: Session, course: Course,
            model: type[Quiz] | type[GradeCategory] | type[VideoAsset],
            ref: uuid.UUID | None, field: str) -> uuid.UUID | None:
    """A quiz, grade category or video of this same course (None unlinks)."""
    if ref is None:
        return None
    found = s.get(model, ref)
    if found is None or getattr(found, "course_id", None) != course.id:
        raise BadLesson(f"no {field.replace('_', ' ')} {ref} in this course", field=field)
    return found.id


def _completion(row: Lesson, completion: Completion) -> dict[str, Any]:
    if completion.kind not in ALLOWED_COMPLETION[LessonKind(row.kind)]:
        raise BadLesson(f"a {row.kind} lesson cannot be completed by {completion.kind}; use "
                        f"one of {', '.join(sorted(ALLOWED_COMPLETION[LessonKind(row.kind)]))}",
                        field="completion.kind")
    return completion.model_dump(exclude_none=True)


def _check_kind(row: Lesson) -> None:
    if row.kind == LessonKind.LINK and not row.url:
        raise BadLesson("a link lesson needs a url", field="url")
    if row.kind == LessonKind.CHALLENGE and row.challenge_id is None:
        raise BadLesson("a challenge lesson needs a challenge", field="challenge")


def _prerequisites(s: Session, course: Course, row: Lesson, wanted: list[uuid.UUID],
                   ) -> list[str]:
    """Lessons of the same course, with no cycle through this one."""
    graph = {x.id: [uuid.UUID(p) for p in x.prerequisites] for x in course_lessons(s, course)}
    for ref in wanted:
        if ref not in graph or ref == row.id:
            raise BadLesson(f"prerequisite {ref} is not another lesson of this course",
                            field="prerequisites")
    graph[row.id] = list(wanted)
    if row.id is not None and _reaches(graph, row.id):
        raise BadLesson("these prerequisites make a cycle", field="prerequisites")
    return [str(ref) for ref in dict.fromkeys(wanted)]


def _reaches(graph: dict[uuid.UUID, list[uuid.UUID]], start: uuid.UUID) -> bool:
    seen: set[uuid.UUID] = set()
    stack = list(graph.get(start, []))
    while stack:
        node = stack.pop()
        if node == start:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, []))
    return False


def delete_lesson(s: Session, course: Course, lesson_id: uuid.UUID) -> None:
    """Delete it, and drop it from the prerequisites that named it (or they would never
    be met)."""
    s.delete(lesson(s, course, lesson_id))
    for other in course_lessons(s, course):
        if str(lesson_id) in other.prerequisites:
            other.prerequisites = [p for p in other.prerequisites if p != str(lesson_id)]
    s.flush()


def move_lesson(s: Session, course: Course, row: Lesson, section_id: uuid.UUID,
                after: uuid.UUID | None) -> Lesson:
    """Into a section of the same course, after `after` (or first)."""
    target = section(s, course, section_id)
    siblings = [x for x in lessons_of(s, target.id) if x.id != row.id]
    row.position = ordering.place(siblings, after, first=True, error=BadOutline)
    row.section_id = target.id
    s.flush()
    return row


def reorder(s: Session, course: Course, order: list[tuple[uuid.UUID, list[uuid.UUID]]]) -> None:
    """The whole outline at once: every section and lesson of the course, each exactly once."""
    have_sections = {x.id: x for x in sections(s, course)}
    have_lessons = {x.id: x for x in course_lessons(s, course)}
    named_sections = [sid for sid, _ in order]
    named_lessons = [lid for _, lids in order for lid in lids]
    if sorted(named_sections) != sorted(have_sections):
        raise BadOutline("name every section of the course exactly once", field="sections")
    if sorted(named_lessons) != sorted(have_lessons):
        raise BadOutline("name every lesson of the course exactly once",
                         field="sections.lessons")
    for section_key, (sid, lids) in zip(ordering.keys(len(order)), order, strict=True):
        have_sections[sid].position = section_key
        for key, lid in zip(ordering.keys(len(lids)), lids, strict=True):
            have_lessons[lid].section_id, have_lessons[lid].position = sid, key
    s.flush()


# -- reading ------------------------------------------------------------------------------------
def outline(s: Session, who: Principal, course: Course,
            ) -> list[tuple[Section, list[Lesson]]]:
    """Sections in order with their lessons in order, in two queries whatever the size;
    learners see published lessons only."""
    rows = sections(s, course)
    query = select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)
    if not is_staff(s, who, course):
        query = query.where(Lesson.status == LessonStatus.PUBLISHED)
    by_section: dict[uuid.UUID, list[Lesson]] = {x.id: [] for x in rows}
    for row in s.scalars(query):
        by_section[row.section_id].append(row)
    return [(x, by_section[x.id]) for x in rows]
