"""Packages in blob storage, end to end: through the API on the S3 backend (boto3 against a
local S3-protocol server), and migration 0003 moving the blobs of an existing database out of
the table and back."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect, text

from cli.localservices import LocalPostgres
from kit.settings import Settings, StorageSettings, get_settings
from kit.storage import LocalStorage, S3Storage
from models import Role, migrate
from tests.fixtures.api import SUM_TWO, app_client, make_account, zip_package

BEFORE = "5b1e0c2d7a90"  # 0002, where packages were a column


def test_packages_go_to_an_s3_bucket_by_setting(settings: Settings,
                                                s3_settings: StorageSettings) -> None:
    on_s3 = settings.model_copy(update={"storage": s3_settings})
    blob = zip_package(SUM_TWO)
    with app_client(on_s3) as client:
        who = make_account(on_s3, client, Role.INSTRUCTOR)
        assert client.post("/api/v1/challenges", json={"slug": "on-s3", "title": "On S3"},
                           headers=who.headers).status_code == 201
        r = client.put("/api/v1/challenges/on-s3/package", content=blob, headers={
            **who.headers, "Content-Type": "application/zip"})
        assert r.status_code == 202, r.text
        sha = hashlib.sha256(blob).hexdigest()
        assert S3Storage(s3_settings).list("packages/") == [f"packages/{sha}"]
        r = client.get("/api/v1/challenges/on-s3/package?version=1", headers=who.headers)
        assert r.status_code == 200 and r.content == blob


@pytest.fixture
def scratch_database(local_postgres: LocalPostgres) -> Iterator[str]:
    name = f"uw_migration_{uuid.uuid4().hex[:8]}"
    admin = create_engine(local_postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield local_postgres.url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migration_moves_package_blobs_into_storage_and_back(
        scratch_database: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    root = f"{tmp_path}/blobs"
    monkeypatch.setenv("USEFULWRITER_STORAGE__ROOT", root)
    get_settings.cache_clear()
    try:
        migrate.upgrade(scratch_database, BEFORE)
        blob = zip_package(SUM_TWO)
        sha = hashlib.sha256(blob).hexdigest()
        engine = create_engine(scratch_database)
        with engine.begin() as conn:
            user, challenge = uuid.uuid4(), uuid.uuid4()
            conn.execute(text("INSERT INTO users (id, email, name, password_hash, role, active, "
                              "created_at, updated_at) VALUES (:id, 'i@example.com', 'I', 'x', "
                              "'instructor', true, now(), now())"), {"id": user})
            conn.execute(text("INSERT INTO challenges (id, slug, title, owner_id, status, "
                              "created_at, updated_at) VALUES (:id, 'c', 'C', :u, 'draft', "
                              "now(), now())"), {"id": challenge, "u": user})
            for number in (1, 2):  # the same package twice: one blob
                conn.execute(text(
                    "INSERT INTO challenge_versions (id, challenge_id, number, sha256, package, "
                    "manifest, status, progress, attempt, created_at, updated_at) VALUES (:id, "
                    ":c, :n, :sha, :blob, '{}', 'valid', '{}', 1, now(), now())"),
                    {"id": uuid.uuid4(), "c": challenge, "n": number, "sha": sha, "blob": blob})
        migrate.upgrade(scratch_database)
        columns = {c["name"] for c in inspect(engine).get_columns("challenge_versions")}
        assert "package" not in columns
        blobs = LocalStorage(root, "unused", "/b")
        assert blobs.list() == [f"packages/{sha}"] and blobs.get(f"packages/{sha}") == blob
        migrate.downgrade(scratch_database, BEFORE)
        with engine.connect() as conn:
            assert [bytes(b) for b in conn.execute(text(
                "SELECT package FROM challenge_versions ORDER BY number")).scalars()] == [blob] * 2
        engine.dispose()
    finally:
        get_settings.cache_clear()
