"""/search: published courses and lessons by full-text search, with filters and cursor
pagination."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from accounts.deps import MaybePrincipalDep
from accounts.service import ANONYMOUS
from kit.web import caching
from kit.web.deps import SessionDep
from lms.search import service as search

router = APIRouter(tags=["search"])


class Hit(BaseModel):
    kind: Literal["course", "lesson"]
    id: uuid.UUID
    course: str = Field(description="the course's slug")
    title: str
    snippet: str = Field(description="HTML-escaped text with the matches in <mark>")
    rank: float


class Results(BaseModel):
    items: list[Hit]
    next_cursor: str | None = None
    fuzzy: bool = Field(description="no exact match: these are titles close to the query")


@router.get("/search", response_model=Results)
def find(request: Request, who: MaybePrincipalDep, s: SessionDep,
         q: Annotated[str, Query(min_length=1, max_length=200,
                                 description='websearch syntax: words, "a phrase", -not, or')],
         kind: Literal["course", "lesson"] | None = None,
         category: Annotated[str | None, Query(max_length=80)] = None,
         level: Literal["beginner", "intermediate", "advanced"] | None = None,
         language: Annotated[str | None, Query(max_length=20)] = None,
         free: bool | None = None, tag: Annotated[str | None, Query(max_length=40)] = None,
         cursor: Annotated[str | None, Query(max_length=200)] = None,
         limit: Annotated[int, Query(ge=1, le=50)] = 20) -> Response:
    """No sign-in needed; answers without credentials are cacheable by a CDN (ETag, 304)."""
    filters = search.Filters(category=category, level=level, language=language, free=free,
                             tag=tag, kind=kind)
    hits, next_cursor, fuzzy = search.search(s, q, filters, cursor, limit)
    return caching.cached(request, Results(items=[Hit(**h) for h in hits],
                                           next_cursor=next_cursor, fuzzy=fuzzy),
                          public=who is ANONYMOUS)
