"""package blobs move from challenge_versions.package to blob storage (packages/<sha256>)

Revision ID: 9d4a61f3b2c8
Revises: 5b1e0c2d7a90
Create Date: 2026-12-03 18:30:00

The blobs are copied into the storage the settings name (USEFULWRITER_STORAGE__*, the same the
api and the worker use) before the column is dropped; storing by content is idempotent, so a
migration interrupted half-way is simply run again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kit import storage
from kit.settings import get_settings

revision = "9d4a61f3b2c8"
down_revision = "5b1e0c2d7a90"
branch_labels = None
depends_on = None

PREFIX = "packages"


def _storage() -> storage.Storage:
    settings = get_settings()
    return storage.from_settings(settings.storage, settings.secret_key, settings.http)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT DISTINCT sha256 FROM challenge_versions")).scalars().all()
    if rows:
        blobs = _storage()
        for sha in rows:
            blob = conn.execute(sa.text("SELECT package FROM challenge_versions WHERE sha256 = :sha "
                                        "LIMIT 1"), {"sha": sha}).scalar_one()
            key = blobs.put_content(PREFIX, bytes(blob), "application/zip")
            assert key == f"{PREFIX}/{sha}", f"stored package {sha} hashes to {key}"
    op.drop_column("challenge_versions", "package")


def downgrade() -> None:
    op.add_column("challenge_versions", sa.Column("package", sa.LargeBinary(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT DISTINCT sha256 FROM challenge_versions")).scalars().all()
    if rows:
        blobs = _storage()
        for sha in rows:
            conn.execute(sa.text("UPDATE challenge_versions SET package = :blob WHERE sha256 = :sha"),
                         {"blob": blobs.get(f"{PREFIX}/{sha}"), "sha": sha})
    op.alter_column("challenge_versions", "package", nullable=False)
