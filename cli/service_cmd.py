"""The service's processes: `migrate`, `api`, `worker`, `media-worker` (video transcoding, on its
own queue), and `create-user` for bootstrapping."""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kit.settings import Settings


def register(sub: Any) -> None:
    m = sub.add_parser("migrate", help="bring the database schema up to date (Alembic)")
    m.set_defaults(handler=migrate)
    a = sub.add_parser("api", help="serve the HTTP API")
    a.add_argument("--host", default="127.0.0.1")
    a.add_argument("--port", type=int, default=8000)
    a.add_argument("--workers", type=int, default=1)
    a.set_defaults(handler=api)
    w = sub.add_parser("worker", help="persist results, reconcile lost jobs, send webhooks")
    w.set_defaults(handler=worker)
    mw = sub.add_parser("media-worker", help="transcode uploaded videos (the media queue)")
    mw.set_defaults(handler=media_worker)
    u = sub.add_parser("create-user", help="create an account (e.g. the first admin)")
    u.add_argument("--email", required=True)
    u.add_argument("--password", required=True)
    u.add_argument("--role", default="learner", choices=["learner", "instructor", "admin"])
    u.add_argument("--exist-ok", action="store_true", help="succeed if the email exists")
    u.set_defaults(handler=create_user)


def migrate(args: argparse.Namespace) -> int:
    from kit.settings import get_settings
    from models import migrate as migrations

    migrations.prepare(get_settings())
    return 0


def serving_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn serves the app. Behind the web app (or a proxy), the client is the one
    X-Forwarded-For names when a trusted peer sent it: rate limits and logs count people, not
    the proxy; anyone else's header is ignored."""
    return {"proxy_headers": True, "forwarded_allow_ips": settings.forwarded_allow_ips}


def api(args: argparse.Namespace) -> int:
    import uvicorn

    from kit.settings import get_settings

    uvicorn.run("app.http:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning", access_log=False,
                **serving_options(get_settings()))
    return 0


def worker(args: argparse.Namespace) -> int:
    from app import worker as worker_mod
    from app.http import configure_logging
    from kit.settings import get_settings

    configure_logging()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    worker_mod.main(get_settings())
    return 0


def media_worker(args: argparse.Namespace) -> int:
    """Work the media queue: one transcode at a time per process (each takes the CPUs its
    sandbox is given; run more processes for more at once)."""
    import redis
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    from app.http import configure_logging
    from kit.settings import get_settings
    from lms.video.service import QUEUE
    from sandbox.media import remove_media_orphans

    configure_logging()
    settings = get_settings()
    remove_media_orphans()  # what a crashed media worker left behind
    client = redis.Redis.from_url(settings.redis_url)
    SimpleWorker([QUEUE], connection=client, serializer=JSONSerializer).work(
        with_scheduler=False)
    return 0


def create_user(args: argparse.Namespace) -> int:
    from accounts import service
    from kit import db
    from kit.errors import Conflict
    from kit.settings import get_settings
    from models import Role

    engine = db.make_engine(get_settings().owner_db, pool_size=1)
    try:
        with db.unit_of_work(db.make_sessionmaker(engine)) as s:
            user = service.register(s, args.email, args.password, "", Role(args.role))
            print(user.id)
    except Conflict:
        if not args.exist_ok:
            raise
    finally:
        engine.dispose()
    return 0
