"""/courses/{slug}/gradebook and its weighted categories: staff read every learner's row
(JSON or CSV), learners their own."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from accounts.deps import PrincipalDep
from kit.web.deps import SessionDep
from kit.web.tables import Format, csv_response
from lms.courses import service as courses
from lms.enrollment import service as enrollment
from lms.gradebook import service as gradebook

router = APIRouter(prefix="/courses", tags=["gradebook"])


class CategoryIn(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    weight: float = Field(default=1.0, gt=0, le=1000)


class CategoryUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=80)
    weight: float | None = Field(default=None, gt=0, le=1000)


class CategoryOut(BaseModel):
    id: uuid.UUID
    name: str
    weight: float


class ItemOut(BaseModel):
    lesson_id: uuid.UUID
    title: str
    kind: str
    category_id: uuid.UUID | None


class RowOut(BaseModel):
    user_id: uuid.UUID
    name: str | None
    email: str
    scores: dict[str, float | None] = Field(description="percent per lesson id")
    completed: dict[str, bool] = Field(description="per lesson id")
    categories: dict[str, float] = Field(description="percent per category id ('none': "
                                                     "lessons without one)")
    total: float | None = Field(description="the weighted total, percent")
    course_percent: float
    course_completed_at: datetime | None


class GradebookOut(BaseModel):
    categories: list[CategoryOut]
    items: list[ItemOut]
    rows: list[RowOut]


@router.get("/{slug}/gradebook", response_model=GradebookOut,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def read(slug: str, who: PrincipalDep, s: SessionDep, format: Format = "json",
         limit: int = Query(1000, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10**7),
         ) -> Any:
    """Staff: every learner (`limit`/`offset` pages them). Learners: their own row."""
    course = courses.get(s, who, slug)
    me = None
    if not courses.is_staff(s, who, course):
        enrollment.access(s, who, course)
        me = who.user_id
    cats = gradebook.categories(s, course)
    items = gradebook.items(s, course)
    rows = gradebook.rows(s, course, me, limit, offset)
    if format == "csv":
        return _csv(slug, cats, items, rows)
    return GradebookOut(
        categories=[CategoryOut(id=c.id, name=c.name, weight=c.weight) for c in cats],
        items=[ItemOut(lesson_id=i.lesson_id, title=i.title, kind=i.kind,
                       category_id=i.category_id) for i in items],
        rows=[RowOut(**r) for r in rows])


def _csv(slug: str, cats: list[Any], items: list[gradebook.Item],
         rows: list[dict[str, Any]]) -> Response:
    columns = ["name", "email", *[i.title for i in items], *[f"{c.name} (x{c.weight:g})"
                                                            for c in cats], "total",
               "course percent", "course completed"]
    return csv_response(columns, ([
        r["name"], r["email"], *[r["scores"].get(str(i.lesson_id)) for i in items],
        *[r["categories"].get(str(c.id)) for c in cats], r["total"], r["course_percent"],
        r["course_completed_at"].isoformat() if r["course_completed_at"] else None]
        for r in rows), f"{slug}-gradebook")


@router.get("/{slug}/grade-categories", response_model=list[CategoryOut])
def categories(slug: str, who: PrincipalDep, s: SessionDep) -> list[CategoryOut]:
    course = courses.staffed(s, who, slug)
    return [CategoryOut(id=c.id, name=c.name, weight=c.weight)
            for c in gradebook.categories(s, course)]


@router.post("/{slug}/grade-categories", status_code=status.HTTP_201_CREATED,
             response_model=CategoryOut)
def create_category(slug: str, body: CategoryIn, who: PrincipalDep,
                    s: SessionDep) -> CategoryOut:
    course = courses.editable(s, who, slug)
    row = gradebook.create_category(s, course, body.name, body.weight)
    return CategoryOut(id=row.id, name=row.name, weight=row.weight)


@router.patch("/{slug}/grade-categories/{category_id}", response_model=CategoryOut)
def update_category(slug: str, category_id: uuid.UUID, body: CategoryUpdate,
                    who: PrincipalDep, s: SessionDep) -> CategoryOut:
    course = courses.editable(s, who, slug)
    row = gradebook.update_category(s, gradebook.category(s, course, category_id),
                                    body.model_dump(exclude_unset=True))
    return CategoryOut(id=row.id, name=row.name, weight=row.weight)


@router.delete("/{slug}/grade-categories/{category_id}",
               status_code=status.HTTP_204_NO_CONTENT)
def delete_category(slug: str, category_id: uuid.UUID, who: PrincipalDep,
                    s: SessionDep) -> Response:
    course = courses.editable(s, who, slug)
    gradebook.delete_category(s, gradebook.category(s, course, category_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
