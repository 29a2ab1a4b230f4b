"""Schema migrations (Alembic), run by `usefulwriter migrate` and by the test fixtures."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
