"""Schema migrations (Alembic), run by `usefulwriter migrate` and by the test fixtures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, make_url, text

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def revision(url: str, message: str) -> None:
    """Developers: write a new migration from the models (review it before committing)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


GROUPS = {"api": "uw_api", "worker": "uw_worker"}  # made by migration 0008
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_logins(owner_url: str, logins: dict[str, str]) -> list[str]:
    """Make the login role of each URL (`{"api": url, "worker": url}`) a member of its group,
    creating it when missing and setting its password when the URL has one. A URL that logs
    in as the owner itself is skipped (nothing to separate). Returns the roles it granted."""
    owner = make_url(owner_url).username
    engine = create_engine(owner_url)
    granted: list[str] = []
    try:
        with engine.begin() as conn:
            for purpose, url in logins.items():
                parsed = make_url(url)
                user, group = parsed.username, GROUPS[purpose]
                if not user or user == owner:
                    continue
                if not _ROLE_NAME.match(user):
                    raise ValueError(f"unusable role name {user!r} in the {purpose} URL")
                exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                     {"n": user})
                verb = "ALTER" if exists else "CREATE"
                # format() quotes the name (%I) and the password (%L) on the server
                statement = conn.scalar(
                    text("SELECT format('%s ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS', "
                         "CAST(:verb AS text), CAST(:n AS text)) || coalesce(format("
                         "' PASSWORD %L', CAST(:pw AS text)), '')"),
                    {"verb": verb, "n": user, "pw": parsed.password})
                conn.exec_driver_sql(statement)
                if user != group:
                    conn.exec_driver_sql(f"GRANT {group} TO {user}")
                granted.append(user)
    finally:
        engine.dispose()
    return granted


def prepare(settings: Any) -> None:
    """Migrate as the owner, then give the api's and the worker's logins their groups."""
    upgrade(settings.owner_db)
    grant_logins(settings.owner_db, {"api": settings.database_url,
                                     "worker": settings.worker_db})


def as_role(url: str, user: str) -> str:
    """The same database, logged in as `user` (local clusters trust their own clients)."""
    return make_url(url).set(username=user, password=None).render_as_string(hide_password=False)
