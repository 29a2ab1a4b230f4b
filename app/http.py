"""The HTTP app, a composition root: every context's routers under /api/v1, the Judge0-compatible
surface at the root, the kit's error mapping and middleware. Nothing imports this module."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from accounts.endpoints import router as auth_router
from app import admin, blobs, health
from grading.challenges.endpoints import router as challenges_router
from grading.judge0 import router as judge0_router
from grading.submissions.endpoints import rejudges as rejudges_router
from grading.submissions.endpoints import router as submissions_router
from kit.settings import Settings, get_settings
from kit.web import problems
from kit.web.middleware import RefuseNul, RequestContext, RequestIdFilter
from kit.web.state import AppState
from lms.analytics.endpoints import router as analytics_router
from lms.certificates.endpoints import router as certificates_router
from lms.courses.endpoints import router as courses_router
from lms.enrollment.endpoints import me_router as my_courses_router
from lms.enrollment.endpoints import router as enrollment_router
from lms.gradebook.endpoints import router as gradebook_router
from lms.hints.endpoints import router as hints_router
from lms.payments.endpoints import router as payments_router
from lms.progress.endpoints import router as progress_router
from lms.quizzes.endpoints import router as quizzes_router
from lms.search.endpoints import router as search_router
from lms.video.endpoints import lessons_router as video_lessons_router
from lms.video.endpoints import media_router
from lms.video.endpoints import router as video_router
from lms.video.tus import router as tus_router

API_PREFIX = "/api/v1"


def configure_logging() -> None:
    root = logging.getLogger()
    if not any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state: AppState = app.state.uw
        await state.aredis.aclose()
        state.close()

    app = FastAPI(title="UsefulWriter", version="1.0.0", lifespan=lifespan,
                  description="Sandboxed code execution and grading. Errors are RFC 9457 "
                              "problem+json; lists use cursor pagination.")
    app.state.uw = AppState.from_settings(settings)
    problems.install(app)
    app.add_middleware(RefuseNul)
    app.add_middleware(RequestContext)  # outermost: the refusal has a request id too
    app.include_router(health.router)
    for router in (auth_router, challenges_router, rejudges_router, submissions_router,
                   courses_router, enrollment_router, my_courses_router, progress_router,
                   certificates_router, search_router, quizzes_router, gradebook_router,
                   analytics_router, payments_router, tus_router, video_router,
                   video_lessons_router, media_router, hints_router,
                   admin.router,
                   blobs.router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(judge0_router)  # Judge0's paths, at the root
    return app
