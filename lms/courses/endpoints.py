"""/courses: the catalogue, course authoring, sections, lessons and the outline."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from accounts.deps import InstructorDep, MaybePrincipalDep, PrincipalDep
from accounts.service import ANONYMOUS, Principal
from kit import markdown
from kit.errors import NotFound
from kit.web import caching, idempotency, pagination, ranges, uploads
from kit.web.deps import IdemDep, SessionDep, StateDep
from lms.courses import covers, schemas
from lms.courses import service as courses
from models import ChallengeVersion, Course, CourseStatus, Lesson, Role, Section

router = APIRouter(prefix="/courses", tags=["courses"])


def course_out(s: Session, who: Principal, course: Course) -> schemas.CourseOut:
    """The raw Markdown goes to the course's editors only."""
    return _course_out(course, courses.can_edit(s, who, course))


def _course_out(course: Course, editor: bool) -> schemas.CourseOut:
    out = schemas.CourseOut.model_validate(course)
    if not editor:
        out.description = None
    return out


def lesson_out(s: Session, who: Principal, course: Course, row: Lesson) -> schemas.LessonOut:
    return schemas.LessonOut(
        id=row.id, section_id=row.section_id, kind=row.kind, title=row.title,
        status=row.status, body_html=row.body_html,
        body=row.body if courses.can_edit(s, who, course) else None, url=row.url,
        challenge_id=row.challenge_id, challenge_version_id=row.challenge_version_id,
        challenge_version=_number(s, row.challenge_version_id), quiz_id=row.quiz_id,
        video_id=row.video_asset_id, grade_category_id=row.grade_category_id,
        unlock_at=row.unlock_at, unlock_after_days=row.unlock_after_days,
        prerequisites=[uuid.UUID(p) for p in row.prerequisites],
        completion=schemas.Completion(**row.completion))


def _number(s: Session, version_id: uuid.UUID | None) -> int | None:
    """A pinned lesson's version number: what its learners' submissions name (`version`)."""
    row = s.get(ChallengeVersion, version_id) if version_id is not None else None
    return row.number if row is not None else None


class MarkdownIn(BaseModel):
    markdown: str = Field(max_length=200_000)


class MarkdownOut(BaseModel):
    html: str


@router.post("/markdown-preview", response_model=MarkdownOut)
def markdown_preview(body: MarkdownIn, who: PrincipalDep) -> MarkdownOut:
    """Markdown as learners will see it (the same renderer and sanitiser as lessons and course
    descriptions): the editors' preview."""
    return MarkdownOut(html=markdown.render(body.markdown))


# -- courses ------------------------------------------------------------------------------------
@router.post("", status_code=status.HTTP_201_CREATED, response_model=schemas.CourseOut)
def create(body: schemas.CourseCreate, who: InstructorDep, s: SessionDep,
           idem: IdemDep) -> JSONResponse | BaseModel:
    return idempotency.create_once(s, who.key, idem,
                                   lambda: course_out(s, who, courses.create(s, who, body)))


@router.get("", response_model=pagination.Page[schemas.CourseOut])
def catalogue(request: Request, who: MaybePrincipalDep, s: SessionDep,
              cursor: str | None = None,
              limit: Annotated[int, Query(ge=1, le=100)] = 20, mine: bool = False,
              level: Literal["beginner", "intermediate", "advanced"] | None = None,
              category: Annotated[str | None, Query(max_length=80)] = None,
              free: bool | None = None) -> Response:
    """Published courses, newest first; `mine=true`: the courses you own, drafts included.
    Filters: `level`, `category`, `free`. No sign-in needed (then cacheable by a CDN)."""
    query = select(Course)
    if level is not None:
        query = query.where(Course.level == level)
    if category is not None:
        query = query.where(Course.category == category)
    if free is not None:
        query = query.where((Course.price_cents == 0) if free else (Course.price_cents > 0))
    if mine:
        query = query.where(Course.owner_id == who.user_id)
    elif who.role != Role.ADMIN:
        query = query.where(or_(Course.status == CourseStatus.PUBLISHED,
                                Course.owner_id == who.user_id))
    rows = list(s.scalars(pagination.paginate(query, Course.created_at, Course.id, cursor,
                                              limit)))
    items, next_cursor = pagination.page_of(rows, limit)
    # editors' Markdown only to owners and admins here: a per-course role would cost a query
    # per course (the course's own page shows it to co-instructors)
    page = pagination.Page[schemas.CourseOut](
        items=[_course_out(c, who.role == Role.ADMIN or c.owner_id == who.user_id)
               for c in items], next_cursor=next_cursor)
    return caching.cached(request, page, public=who is ANONYMOUS)


@router.get("/{slug}", response_model=schemas.CourseOut)
def get(slug: str, who: MaybePrincipalDep, s: SessionDep) -> schemas.CourseOut:
    return course_out(s, who, courses.get(s, who, slug))


@router.patch("/{slug}", response_model=schemas.CourseOut)
def update(slug: str, body: schemas.CourseUpdate, who: PrincipalDep,
           s: SessionDep) -> schemas.CourseOut:
    course = courses.editable(s, who, slug)
    return course_out(s, who, courses.update(s, course, body.model_dump(exclude_unset=True)))


@router.put("/{slug}/cover", response_model=schemas.CourseOut)
async def put_cover(slug: str, request: Request, who: PrincipalDep, s: SessionDep,
                    st: StateDep) -> schemas.CourseOut:
    """Set the course's cover (editors): a JPEG, PNG or WebP image up to 5 MB, as a multipart
    `file` or the raw body. It is stored re-encoded (upright, at most 1600 px, no metadata)."""
    course = await run_in_threadpool(courses.editable, s, who, slug)
    data, _ = await uploads.read_named(request, covers.MAX_BYTES, "cover image")
    await run_in_threadpool(covers.set_cover, st.storage, course, data)
    return await run_in_threadpool(course_out, s, who, course)


@router.delete("/{slug}/cover", status_code=status.HTTP_204_NO_CONTENT)
def delete_cover(slug: str, who: PrincipalDep, s: SessionDep, st: StateDep) -> Response:
    covers.remove(st.storage, courses.editable(s, who, slug))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{slug}/cover", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}}}})
def get_cover(slug: str, request: Request, who: MaybePrincipalDep, s: SessionDep,
              st: StateDep, v: str | None = None) -> Response:
    """The cover image, for whoever may see the course; with `v` (as `cover_url` gives it)
    cacheable for a year."""
    course = courses.get(s, who, slug)
    if not course.cover_key:
        raise NotFound("the course has no cover")
    fresh = v is not None and course.cover_key.rsplit("/", 1)[-1].startswith(v)
    visibility = "public" if course.status == CourseStatus.PUBLISHED else "private"
    return ranges.blob_response(request, st.storage, course.cover_key, "image/jpeg",
                                f"{visibility}, max-age=31536000, immutable" if fresh
                                else f"{visibility}, max-age=60")


@router.post("/{slug}/publish", response_model=schemas.CourseOut)
def publish(slug: str, who: PrincipalDep, s: SessionDep) -> schemas.CourseOut:
    return course_out(s, who, courses.publish(s, courses.editable(s, who, slug)))


@router.post("/{slug}/archive", response_model=schemas.CourseOut)
def archive(slug: str, who: PrincipalDep, s: SessionDep) -> schemas.CourseOut:
    return course_out(s, who, courses.archive(courses.editable(s, who, slug)))


# -- outline ------------------------------------------------------------------------------------
def outline_out(s: Session, who: Principal, course: Course) -> schemas.OutlineOut:
    return schemas.OutlineOut(course=course_out(s, who, course), sections=[
        schemas.SectionOut(id=sec.id, title=sec.title, lessons=[
            schemas.LessonSummary(id=x.id, kind=x.kind, title=x.title, status=x.status,
                                  unlock_at=x.unlock_at, unlock_after_days=x.unlock_after_days,
                                  completion=schemas.Completion(**x.completion))
            for x in rows])
        for sec, rows in courses.outline(s, who, course)])


@router.put("/{slug}/outline", response_model=schemas.OutlineOut)
def reorder(slug: str, body: schemas.OutlineOrder, who: PrincipalDep,
            s: SessionDep) -> schemas.OutlineOut:
    """Reorder the whole outline in one request (sections, and lessons across sections)."""
    course = courses.editable(s, who, slug)
    courses.reorder(s, course, [(x.id, x.lessons) for x in body.sections])
    return outline_out(s, who, course)


# -- sections -----------------------------------------------------------------------------------
@router.post("/{slug}/sections", status_code=status.HTTP_201_CREATED,
             response_model=schemas.SectionRef)
def add_section(slug: str, body: schemas.SectionCreate, who: PrincipalDep,
                s: SessionDep) -> Section:
    return courses.add_section(s, courses.editable(s, who, slug), body.title, body.after)


@router.patch("/{slug}/sections/{section_id}", response_model=schemas.SectionRef)
def rename_section(slug: str, section_id: uuid.UUID, body: schemas.SectionUpdate,
                   who: PrincipalDep, s: SessionDep) -> Section:
    row = courses.section(s, courses.editable(s, who, slug), section_id, field="section_id")
    row.title = body.title
    return row


@router.delete("/{slug}/sections/{section_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_section(slug: str, section_id: uuid.UUID, who: PrincipalDep,
                   s: SessionDep) -> Response:
    courses.delete_section(s, courses.editable(s, who, slug), section_id)
    return Response(status_code=204)


# -- lessons ------------------------------------------------------------------------------------
@router.post("/{slug}/sections/{section_id}/lessons", status_code=status.HTTP_201_CREATED,
             response_model=schemas.LessonOut)
def add_lesson(slug: str, section_id: uuid.UUID, body: schemas.LessonCreate,
               who: PrincipalDep, s: SessionDep) -> schemas.LessonOut:
    course = courses.editable(s, who, slug)
    return lesson_out(s, who, course, courses.add_lesson(s, who, course, section_id, body))


@router.patch("/{slug}/lessons/{lesson_id}", response_model=schemas.LessonOut)
def update_lesson(slug: str, lesson_id: uuid.UUID, body: schemas.LessonUpdate,
                  who: PrincipalDep, s: SessionDep) -> schemas.LessonOut:
    course = courses.editable(s, who, slug)
    row = courses.lesson(s, course, lesson_id)
    return lesson_out(s, who, course, courses.update_lesson(s, who, course, row, body))


@router.post("/{slug}/lessons/{lesson_id}/move", response_model=schemas.LessonOut)
def move_lesson(slug: str, lesson_id: uuid.UUID, body: schemas.LessonMove,
                who: PrincipalDep, s: SessionDep) -> schemas.LessonOut:
    course = courses.editable(s, who, slug)
    row = courses.move_lesson(s, course, courses.lesson(s, course, lesson_id), body.section_id,
                              body.after)
    return lesson_out(s, who, course, row)


@router.delete("/{slug}/lessons/{lesson_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_lesson(slug: str, lesson_id: uuid.UUID, who: PrincipalDep,
                  s: SessionDep) -> Response:
    courses.delete_lesson(s, courses.editable(s, who, slug), lesson_id)
    return Response(status_code=204)


