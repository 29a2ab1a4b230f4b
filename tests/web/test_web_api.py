"""What the web app needs from the API: sign-out everywhere, "my courses" with
continue-where-you-left-off, the editors' Markdown preview, catalogue filters and rendered
challenge statements."""

from __future__ import annotations

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from kit import db
from kit.settings import Settings
from models import Role
from tests.fixtures import factories
from tests.fixtures.api import Account, serving
from tests.lms.test_courses_api import build

API = "/api/v1"


def test_logout_everywhere_revokes_every_refresh_token(client: TestClient,
                                                       learner: Account) -> None:
    creds = {"email": learner.email, "password": learner.password}
    first = client.post(f"{API}/auth/login", json=creds).json()
    second = client.post(f"{API}/auth/login", json=creds).json()  # another device
    rotated = client.post(f"{API}/auth/refresh",
                          json={"refresh_token": second["refresh_token"]}).json()
    assert client.post(f"{API}/auth/logout-all").status_code == 401  # needs a signed-in caller
    r = client.post(f"{API}/auth/logout-all",
                    headers={"Authorization": f"Bearer {first['access_token']}"})
    assert r.status_code == 204
    for token in (first["refresh_token"], rotated["refresh_token"]):
        r = client.post(f"{API}/auth/refresh", json={"refresh_token": token})
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    # a new sign-in works as before
    assert client.post(f"{API}/auth/login", json=creds).status_code == 200


def test_my_courses_lists_enrollments_most_recent_activity_first(
        client: TestClient, instructor: Account, learner: Account) -> None:
    older = build(client, instructor, "older-course")
    newer = build(client, instructor, "newer-course")
    for built in (older, newer):
        slug = built["course"]["slug"]
        assert client.post(f"{API}/courses/{slug}/publish",
                           headers=instructor.headers).status_code == 200
    assert client.get(f"{API}/me/courses", headers=learner.headers).json() == []
    for slug in ("older-course", "newer-course"):
        assert client.post(f"{API}/courses/{slug}/enrollment",
                           headers=learner.headers).status_code == 201
    lesson = older["lessons"][0]["id"]
    r = client.post(f"{API}/courses/older-course/lessons/{lesson}/view", headers=learner.headers)
    assert r.status_code == 200, r.text
    mine = client.get(f"{API}/me/courses", headers=learner.headers).json()
    assert [c["slug"] for c in mine] == ["older-course", "newer-course"]  # the one just studied
    assert mine[0]["enrollment"]["last_lesson_id"] == lesson
    assert mine[0]["enrollment"]["percent"] > 0 and mine[1]["enrollment"]["percent"] == 0
    assert mine[0]["title"] == "Python 101" and mine[0]["enrollment"]["role"] == "learner"
    staff = client.get(f"{API}/me/courses", headers=instructor.headers).json()
    assert {c["enrollment"]["role"] for c in staff} <= {"instructor"}
    assert client.get(f"{API}/me/courses").status_code == 401


def test_markdown_preview_is_what_learners_see(client: TestClient, instructor: Account) -> None:
    r = client.post(f"{API}/courses/markdown-preview", headers=instructor.headers, json={
        "markdown": "# Hi\n\n[x](javascript:alert(1)) <script>alert(1)</script> **b**"})
    assert r.status_code == 200
    html = r.json()["html"]
    assert "<h1>Hi</h1>" in html and "<strong>b</strong>" in html
    assert "<script" not in html and "href=\"javascript" not in html
    assert client.post(f"{API}/courses/markdown-preview",
                       json={"markdown": "x"}).status_code == 401
    r = client.post(f"{API}/courses/markdown-preview", headers=instructor.headers, json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.markdown"


def test_catalogue_filters_by_level_category_and_price(client: TestClient,
                                                       instructor: Account) -> None:
    for slug, level, category, price in (("a-course", "beginner", "web", 0),
                                         ("b-course", "advanced", "web", 1900),
                                         ("c-course", "beginner", "data", 0)):
        build(client, instructor, slug)
        r = client.patch(f"{API}/courses/{slug}", headers=instructor.headers, json={
            "level": level, "category": category, "price_cents": price})
        assert r.status_code == 200, r.text
        r = client.post(f"{API}/courses/{slug}/publish", headers=instructor.headers)
        assert r.status_code == 200, r.text

    def slugs(**query: str) -> set[str]:
        r = client.get(f"{API}/courses", params=query)
        assert r.status_code == 200, r.text
        return {c["slug"] for c in r.json()["items"]}

    assert slugs() == {"a-course", "b-course", "c-course"}
    assert slugs(level="beginner") == {"a-course", "c-course"}
    assert slugs(category="web") == {"a-course", "b-course"}
    assert slugs(free="true") == {"a-course", "c-course"}
    assert slugs(free="false", category="web") == {"b-course"}
    r = client.get(f"{API}/courses", params={"level": "expert"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.level"


def test_a_challenge_carries_its_statement_rendered(client: TestClient, settings: Settings,
                                                    learner: Account) -> None:
    engine = db.make_engine(settings.owner_db, pool_size=1)
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:
        owner = factories.user(s, Role.INSTRUCTOR)
        challenge = factories.challenge(s, owner, slug="render-me")
        factories.version(s, challenge, manifest={
            **factories.MANIFEST,
            "statement": "Add *two* numbers.\n\n<img src=x onerror=alert(1)>"})
    engine.dispose()
    out = client.get(f"{API}/challenges/render-me", headers=learner.headers).json()
    assert out["statement"].startswith("Add *two*")
    assert out["statement_html"].startswith("<p>Add <em>two</em> numbers.</p>")
    assert "<img" not in out["statement_html"]  # raw HTML is escaped, never passed through


def test_staff_see_who_is_enrolled_by_name(client: TestClient, instructor: Account,
                                           learner: Account) -> None:
    build(client, instructor, "named")
    client.post(f"{API}/courses/named/publish", headers=instructor.headers)
    assert client.post(f"{API}/courses/named/enrollment",
                       headers=learner.headers).status_code == 201
    rows = client.get(f"{API}/courses/named/enrollments", params={"role": "learner"},
                      headers=instructor.headers).json()["items"]
    assert [(r["email"], bool(r["name"])) for r in rows] == [(learner.email, True)]
    mine = client.get(f"{API}/courses/named/enrollment", headers=learner.headers).json()
    assert mine["email"] is None and mine["name"] is None
    assert client.get(f"{API}/courses/named/enrollments",
                      headers=learner.headers).status_code in (403, 404)


@pytest.mark.parametrize("trusted", [True, False])
def test_rate_limits_count_the_client_the_web_app_forwards(settings: Settings, trusted: bool,
                                                           redis_client: redis.Redis) -> None:
    """Every browser's anonymous reads reach the api through the web app: from a trusted peer,
    X-Forwarded-For names the client, so one busy visitor can't use up everyone's budget; from
    anyone else the header is ignored, so a client can't dodge its limit by making one up."""
    settings.requests_per_minute = 3
    settings.forwarded_allow_ips = "127.0.0.1" if trusted else "10.99.99.99"
    with serving(settings) as base, httpx.Client(base_url=base) as http:
        def read(client_address: str) -> int:
            return http.get(f"{API}/courses",
                            headers={"X-Forwarded-For": client_address}).status_code

        assert [read("203.0.113.7") for _ in range(3)] == [200, 200, 200]
        assert read("203.0.113.7") == 429
        assert read("198.51.100.2") == (200 if trusted else 429)
