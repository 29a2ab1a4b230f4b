"""Every error path answers problem+json with the right status, never a 500 or a traceback."""

from __future__ import annotations

import time
import uuid

import pytest
from fastapi.testclient import TestClient

from kit.settings import Settings
from tests.fixtures.api import Account

PROBLEM = "application/problem+json"


def assert_problem(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["title"] and "Traceback" not in r.text
    assert body["request_id"] == r.headers["x-request-id"]
    return body


def test_bad_json_lists_the_problem(client: TestClient, learner: Account) -> None:
    r = client.post("/api/v1/submissions", content=b"{not json",
                    headers={**learner.headers, "Content-Type": "application/json"})
    body = assert_problem(r, 422)
    assert body["errors"][0]["type"] == "json_invalid"


def test_validation_errors_name_the_fields(client: TestClient, learner: Account) -> None:
    r = client.post("/api/v1/submissions", json={"language": "", "mode": "later"},
                    headers=learner.headers)
    body = assert_problem(r, 422)
    fields = {e["field"] for e in body["errors"]}
    assert {"body.language", "body.source", "body.mode"} <= fields


def test_unknown_language_and_oversized_source(client: TestClient, learner: Account,
                                               settings: Settings) -> None:
    r = client.post("/api/v1/submissions", json={"language": "cobol", "source": "x",
                                                 "mode": "run"}, headers=learner.headers)
    body = assert_problem(r, 422)
    assert body["field"] == "language" and "python3" in body["detail"]
    big = "x" * (settings.max_source_bytes + 1)
    r = client.post("/api/v1/submissions", json={"language": "python3", "source": big,
                                                 "mode": "run"}, headers=learner.headers)
    assert assert_problem(r, 413)["field"] == "source"


def test_not_found_and_method_not_allowed(client: TestClient, learner: Account) -> None:
    assert_problem(client.get("/api/v1/nowhere", headers=learner.headers), 404)
    assert_problem(client.get(f"/api/v1/submissions/{uuid.uuid4()}", headers=learner.headers),
                   404)
    assert_problem(client.delete("/api/v1/submissions", headers=learner.headers), 405)
    assert_problem(client.get("/api/v1/submissions/not-a-uuid", headers=learner.headers), 422)


def test_bad_cursor(client: TestClient, learner: Account) -> None:
    r = client.get("/api/v1/submissions?cursor=%%%", headers=learner.headers)
    assert_problem(r, 400)


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    r = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert len(r.headers["x-request-id"]) == 32


def test_a_language_named_by_an_alias_is_stored_by_its_canonical_name(
        client: TestClient, learner: Account) -> None:
    for alias in ("Python", "py"):
        r = client.post("/api/v1/submissions", headers=learner.headers, json={
            "language": alias, "source": "print(1)", "mode": "run", "stdin": ""})
        assert r.status_code == 201, r.text
        assert r.json()["language"] == "python3"
        got = client.get(f"/api/v1/submissions/{r.json()['id']}", headers=learner.headers)
        assert got.json()["language"] == "python3"


def test_rate_limit_answers_429_with_retry_after(client: TestClient,
                                                 learner: Account) -> None:
    app_settings = client.app.state.uw.settings  # type: ignore[attr-defined]
    app_settings.submissions_per_minute = 2
    body = {"language": "python3", "source": "print(1)", "mode": "run", "stdin": ""}
    while time.time() % 60 > 50:  # the limit's window is the clock's minute: stay inside one
        time.sleep(0.5)
    for _ in range(2):
        assert client.post("/api/v1/submissions", json=body,
                           headers=learner.headers).status_code == 201
    r = client.post("/api/v1/submissions", json=body, headers=learner.headers)
    assert_problem(r, 429)
    assert 1 <= int(r.headers["retry-after"]) <= 60


def test_idempotency_key_replays_and_refuses_other_bodies(client: TestClient,
                                                          learner: Account) -> None:
    headers = {**learner.headers, "Idempotency-Key": "k-1"}
    body = {"language": "python3", "source": "print(1)", "mode": "run", "stdin": ""}
    first = client.post("/api/v1/submissions", json=body, headers=headers)
    again = client.post("/api/v1/submissions", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    listed = client.get("/api/v1/submissions", headers=learner.headers).json()["items"]
    assert len(listed) == 1
    other = client.post("/api/v1/submissions", json={**body, "source": "print(2)"},
                        headers=headers)
    assert_problem(other, 422)


def test_openapi_and_health(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/submissions" in spec["paths"] and "/api/v1/challenges" in spec["paths"]
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok",
                                                                  "redis": "ok"}
    metrics = client.get("/metrics").text
    assert "uw_queue_depth" in metrics and "uw_http_requests_total" in metrics


def test_placeholder_secrets_are_refused_outside_development() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="real secret"):
        Settings(environment="production", secret_key="changeme", webhook_secret="x" * 40)
    Settings(environment="development")  # the dev default is allowed there only


def test_request_rate_limit_per_caller(client: TestClient, learner: Account,
                                       instructor: Account) -> None:
    client.app.state.uw.settings.requests_per_minute = 3  # type: ignore[attr-defined]
    for _ in range(3):
        assert client.get("/api/v1/users/me", headers=learner.headers).status_code == 200
    assert_problem(client.get("/api/v1/users/me", headers=learner.headers), 429)
    assert client.get("/api/v1/users/me", headers=instructor.headers).status_code == 200


def test_the_response_waits_for_the_commit(client: TestClient, learner: Account,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A request whose commit fails must not have answered 201 already."""
    from sqlalchemy.exc import OperationalError

    from kit import db

    def broken_commit(session: object) -> None:
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(db, "commit", broken_commit)
    r = client.post("/api/v1/submissions", headers=learner.headers, json={
        "language": "python3", "source": "print(1)", "mode": "run", "stdin": ""})
    assert_problem(r, 503)
    monkeypatch.undo()
    assert client.get("/api/v1/submissions", headers=learner.headers).json()["items"] == []


def test_request_ids_are_in_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from kit.web.middleware import RequestIdFilter

    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="usefulwriter.access"):
        client.get("/healthz", headers={"X-Request-ID": "trace-me-42"})
    records = [r for r in caplog.records if r.name == "usefulwriter.access"]
    assert records and records[-1].request_id == "trace-me-42"  # type: ignore[attr-defined]
    assert "GET /healthz 200" in records[-1].getMessage()


def test_the_nul_character_is_refused_naming_where_it_was(client: TestClient,
                                                          instructor: Account) -> None:
    """PostgreSQL text cannot hold NUL: refused at the door, never a 500 from the database."""
    r = client.post("/api/v1/courses", headers=instructor.headers,
                    json={"slug": "nul", "title": "T", "summary": "a\u0000b"})
    assert assert_problem(r, 422)["field"] == "summary"
    r = client.post("/api/v1/submissions", headers=instructor.headers, json={
        "language": "python3", "source": "print(1)", "mode": "run", "stdin": "x",
        "nested": [{"ok": "fine"}, {"bad\u0000key": 1}]})
    assert assert_problem(r, 422)["field"] == "nested.1.bad\u0000key"
    assert assert_problem(client.get("/api/v1/courses/a%00b"), 422)["field"] == "path"
    assert assert_problem(client.get("/api/v1/search?q=a%00b&limit=5"), 422)["field"] == "q"
    ok = client.post("/api/v1/courses", headers=instructor.headers,
                     json={"slug": "fine", "title": "T", "summary": "a\\u0000b as text"})
    assert ok.status_code == 201 and ok.json()["summary"] == "a\\u0000b as text"
