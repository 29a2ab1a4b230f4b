"""Alembic environment: the URL comes from the caller (models.migrate) or the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kit.settings import get_settings
from models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().owner_db


def run() -> None:
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
