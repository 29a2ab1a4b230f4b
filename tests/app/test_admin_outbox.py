"""Admins read what the outbox could not deliver, and retry it (HTTP contract)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kit import db, outbox
from kit.settings import Settings
from tests.fixtures.api import Account


def test_admins_list_failed_messages_and_retry_them(client: TestClient, admin: Account,
                                                   learner: Account, settings: Settings) -> None:
    engine = db.make_engine(settings.worker_db, pool_size=1)
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:
        failed = outbox.add(s, "test.topic", {"n": 1})
        failed.state, failed.attempts, failed.last_error = outbox.FAILED, 6, "HTTP 500"
        outbox.add(s, "test.topic", {"n": 2})
    engine.dispose()
    url = "/api/v1/admin/outbox"
    assert client.get(url, headers=learner.headers).status_code == 403
    page = client.get(url, params={"state": "failed"}, headers=admin.headers).json()
    assert [(m["id"], m["last_error"]) for m in page["items"]] == [(str(failed.id), "HTTP 500")]
    assert len(client.get(url, headers=admin.headers).json()["items"]) == 2
    again = client.post(f"{url}/{failed.id}/retry", headers=admin.headers).json()
    assert again["state"] == "pending" and again["attempts"] == 0
    missing = client.post(f"{url}/00000000-0000-0000-0000-000000000000/retry",
                          headers=admin.headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    bad = client.get(url, params={"state": "lost"}, headers=admin.headers)
    assert bad.status_code == 422
