"""Liveness (the process answers) and readiness (PostgreSQL and Redis answer), and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app import metrics
from kit.web.deps import StateDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(st: StateDep) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        with st.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"unavailable: {exc.__class__.__name__}"
    try:
        st.redis.ping()
        checks["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["redis"] = f"unavailable: {exc.__class__.__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ready else "unavailable", "checks": checks},
                        status_code=200 if ready else 503)


@router.get("/metrics")
def prometheus(st: StateDep) -> Response:
    return Response(metrics.render(st.redis),
                    media_type="text/plain; version=0.0.4; charset=utf-8")
