from __future__ import annotations

from fastapi.testclient import TestClient

from accounts import security
from tests.fixtures.api import SECRET, Account

PROBLEM = "application/problem+json"


def test_register_login_me_refresh_logout(client: TestClient) -> None:
    r = client.post("/api/v1/auth/register", json={"email": "Ada@Example.com",
                                                   "password": "s3cret-pass", "name": "Ada"})
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "learner" and r.json()["email"] == "ada@example.com"
    r = client.post("/api/v1/auth/login", json={"email": "ada@example.com",
                                                "password": "s3cret-pass"})
    tokens = r.json()
    me = client.get("/api/v1/users/me",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200 and me.json()["name"] == "Ada"
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert r.status_code == 200
    rotated = r.json()["refresh_token"]
    assert rotated != tokens["refresh_token"]
    # the spent token is refused, and presenting it again revokes the whole login
    again = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401 and again.headers["content-type"] == PROBLEM
    assert client.post("/api/v1/auth/refresh",
                       json={"refresh_token": rotated}).status_code == 401
    r = client.post("/api/v1/auth/login", json={"email": "ada@example.com",
                                                "password": "s3cret-pass"})
    fresh = r.json()["refresh_token"]
    assert client.post("/api/v1/auth/logout", json={"refresh_token": fresh}).status_code == 204
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": fresh}).status_code == 401


def test_password_is_argon2_hashed() -> None:
    hashed = security.hash_password("pw-123456")
    assert hashed.startswith("$argon2id$") and security.verify_password(hashed, "pw-123456")
    assert not security.verify_password(hashed, "other")


def test_duplicate_email_and_bad_login_are_problems(client: TestClient,
                                                    learner: Account) -> None:
    r = client.post("/api/v1/auth/register", json={"email": learner.email,
                                                   "password": "whatever-123"})
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    r = client.post("/api/v1/auth/login", json={"email": learner.email, "password": "nope"})
    assert r.status_code == 401 and r.json()["title"] == "Invalid Credentials"


def test_expired_and_forged_tokens_are_401(client: TestClient, learner: Account) -> None:
    import uuid

    expired = security.access_token(uuid.uuid4(), "learner", SECRET, minutes=-1)
    r = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    forged = security.access_token(uuid.uuid4(), "admin", "another-key-" + "y" * 40, 5)
    r = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
    assert client.get("/api/v1/users/me").status_code == 401


def test_roles_and_api_keys(client: TestClient, learner: Account, admin: Account) -> None:
    r = client.post("/api/v1/challenges", json={"slug": "x-y", "title": "X"},
                    headers=learner.headers)
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
    me = client.get("/api/v1/users/me", headers=learner.headers).json()
    r = client.put(f"/api/v1/users/{me['id']}/role", json={"role": "instructor"},
                   headers=learner.headers)
    assert r.status_code == 403
    r = client.put(f"/api/v1/users/{me['id']}/role", json={"role": "instructor"},
                   headers=admin.headers)
    assert r.status_code == 200 and r.json()["role"] == "instructor"
    r = client.post("/api/v1/api-keys", json={"name": "grader-bot"}, headers=admin.headers)
    assert r.status_code == 201
    key = r.json()["key"]
    assert key.startswith("uwk_")
    assert client.get("/api/v1/users/me", headers={"X-API-Key": key}).json()["role"] == "admin"
    assert client.get("/api/v1/users/me",
                      headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert client.delete(f"/api/v1/api-keys/{r.json()['id']}",
                         headers=admin.headers).status_code == 204
    assert client.get("/api/v1/users/me", headers={"X-API-Key": key}).status_code == 401
