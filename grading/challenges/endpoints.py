"""/challenges: authoring (instructors), browsing (everyone signed in), packages, rejudges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from accounts.deps import InstructorDep, PrincipalDep
from accounts.service import Principal
from grading.challenges import schemas
from grading.challenges import service as challenges
from grading.dispatch import runners
from kit import markdown
from kit.errors import NotFound
from kit.web import idempotency, pagination, uploads
from kit.web.deps import IdemDep, SessionDep, StateDep
from models import Challenge, ChallengeStatus, ChallengeVersion, Role

router = APIRouter(prefix="/challenges", tags=["challenges"])


def render(s: Session, who: Principal, c: Challenge) -> schemas.ChallengeOut:
    out = schemas.ChallengeOut(id=c.id, slug=c.slug, title=c.title, status=c.status,
                               owner_id=c.owner_id, created_at=c.created_at,
                               updated_at=c.updated_at, hints_enabled=c.hints_enabled)
    version = challenges.current_version(s, c)
    if version is not None:
        m = version.manifest
        out.version = version.number
        for name in ("statement", "time_limit", "memory_mb", "languages", "starter",
                     "samples", "type", "scoring", "tests"):
            setattr(out, name, m.get(name))
        if out.statement:
            out.statement_html = markdown.render(out.statement)
    if challenges.can_edit(who, c):
        out.hint_avoid = list(c.hint_avoid or [])
        latest = challenges.latest_version(s, c)
        out.latest_version = schemas.VersionOut.model_validate(latest) if latest else None
    return out


@router.post("", status_code=status.HTTP_201_CREATED, response_model=schemas.ChallengeOut)
def create(body: schemas.ChallengeCreate, who: InstructorDep, s: SessionDep,
           idem: IdemDep) -> JSONResponse | BaseModel:
    return idempotency.create_once(s, who.key, idem, lambda: render(
        s, who, challenges.create(s, who, body.slug, body.title)))


@router.get("", response_model=pagination.Page[schemas.ChallengeOut])
def list_challenges(who: PrincipalDep, s: SessionDep, cursor: str | None = None,
                    limit: Annotated[int, Query(ge=1, le=100)] = 20,
                    mine: bool = False) -> pagination.Page[schemas.ChallengeOut]:
    query = select(Challenge)
    if mine:
        query = query.where(Challenge.owner_id == who.user_id)
    elif who.role != Role.ADMIN:
        query = query.where(or_(Challenge.status == ChallengeStatus.PUBLISHED,
                                Challenge.owner_id == who.user_id))
    rows = list(s.scalars(pagination.paginate(query, Challenge.created_at, Challenge.id,
                                              cursor, limit)))
    items, next_cursor = pagination.page_of(rows, limit)
    return pagination.Page(items=[render(s, who, c) for c in items], next_cursor=next_cursor)


@router.get("/{ref}", response_model=schemas.ChallengeOut)
def get(ref: str, who: PrincipalDep, s: SessionDep) -> schemas.ChallengeOut:
    return render(s, who, challenges.get(s, who, ref))


@router.patch("/{ref}", response_model=schemas.ChallengeOut)
def update(ref: str, body: schemas.ChallengeUpdate, who: InstructorDep,
           s: SessionDep) -> schemas.ChallengeOut:
    challenge = challenges.editable(s, who, ref)
    challenges.update_fields(s, challenge, body.model_dump(exclude_none=True))
    return render(s, who, challenge)


@router.put("/{ref}/package", status_code=status.HTTP_202_ACCEPTED,
            response_model=schemas.VersionOut,
            openapi_extra={"requestBody": {"content": {"application/zip": {
                "schema": {"type": "string", "format": "binary"}}}, "required": True}})
async def upload_package(ref: str, request: Request, who: InstructorDep, s: SessionDep,
                         st: StateDep) -> ChallengeVersion:
    """Upload a package zip (raw `application/zip` body, or multipart field `file`). It is
    checked asynchronously: follow `status`/`progress` on the returned version at
    `/challenges/{ref}/versions/{number}` (while checking, its progress is read live)."""
    blob = await uploads.read(request, st.settings.max_package_bytes, "package")
    challenge = await run_in_threadpool(challenges.editable, s, who, ref)
    return await run_in_threadpool(challenges.upload, s, runners(st), challenge, blob,
                                   st.settings.max_package_bytes, st.settings.max_output_mb)


@router.get("/{ref}/package")
def download_package(ref: str, who: InstructorDep, s: SessionDep, st: StateDep,
                     version: int | None = None) -> Response:
    challenge = challenges.editable(s, who, ref)
    row = _version(s, challenge, version)
    return Response(runners(st).package(row.sha256), media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{challenge.slug}-v{row.number}.zip"'})


def _version(s: Session, challenge: Challenge, number: int | None) -> ChallengeVersion:
    if number is None:
        row = challenges.current_version(s, challenge) or challenges.latest_version(s, challenge)
    else:
        row = challenges.numbered(s, challenge, number)
    if row is None:
        raise NotFound("no such package version")
    return row


@router.get("/{ref}/versions", response_model=list[schemas.VersionOut])
def versions(ref: str, who: InstructorDep, s: SessionDep) -> list[ChallengeVersion]:
    challenge = challenges.editable(s, who, ref)
    return list(s.scalars(select(ChallengeVersion).where(
        ChallengeVersion.challenge_id == challenge.id).order_by(ChallengeVersion.number)))


@router.get("/{ref}/versions/{number}", response_model=schemas.VersionOut)
def version(ref: str, number: int, who: InstructorDep, s: SessionDep,
            st: StateDep) -> schemas.VersionOut:
    row = _version(s, challenges.editable(s, who, ref), number)
    out = schemas.VersionOut.model_validate(row)
    if row.status == "checking":
        out.progress = challenges.live_progress(runners(st), row) or out.progress
    return out


@router.post("/{ref}/publish", response_model=schemas.ChallengeOut)
def publish(ref: str, who: InstructorDep, s: SessionDep) -> schemas.ChallengeOut:
    return render(s, who, challenges.publish(s, challenges.editable(s, who, ref)))


@router.post("/{ref}/archive", response_model=schemas.ChallengeOut)
def archive(ref: str, who: InstructorDep, s: SessionDep) -> schemas.ChallengeOut:
    return render(s, who, challenges.archive(challenges.editable(s, who, ref)))
