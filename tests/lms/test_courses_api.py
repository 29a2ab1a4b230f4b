"""/api/v1/courses: the HTTP contract (status codes, problem+json fields, ETag, Idempotency-Key)
and outline changes that arrive at the same time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.fixtures.api import Account

API = "/api/v1/courses"


def build(client: TestClient, who: Account, slug: str = "python-101",
          lessons: int = 2) -> dict[str, Any]:
    r = client.post(API, headers=who.headers, json={
        "slug": slug, "title": "Python 101", "summary": "Start here",
        "description": "# Welcome\n\nLearn **Python**.", "tags": ["python", "beginner"],
        "level": "beginner"})
    assert r.status_code == 201, r.text
    section = client.post(f"{API}/{slug}/sections", headers=who.headers,
                          json={"title": "Basics"}).json()
    made = [client.post(f"{API}/{slug}/sections/{section['id']}/lessons", headers=who.headers,
                        json={"kind": "text", "title": f"Lesson {i}", "body": f"Text {i}",
                              "status": "published" if i == 0 else "draft"}).json()
            for i in range(lessons)]
    return {"course": r.json(), "section": section, "lessons": made}


def test_an_instructor_builds_and_publishes_a_course(client: TestClient, instructor: Account,
                                                     learner: Account) -> None:
    built = build(client, instructor)
    assert built["course"]["description_html"].startswith("<h1>Welcome</h1>")
    assert built["course"]["status"] == "draft"
    assert client.get(f"{API}/python-101", headers=learner.headers).status_code == 404
    r = client.post(f"{API}/python-101/publish", headers=instructor.headers)
    assert r.status_code == 200 and r.json()["status"] == "published"
    seen = client.get(f"{API}/python-101", headers=learner.headers).json()
    assert seen["description"] is None and seen["description_html"]
    catalogue = client.get(API, headers=learner.headers).json()
    assert [c["slug"] for c in catalogue["items"]] == ["python-101"]
    outline = client.get(f"{API}/python-101/outline", headers=learner.headers).json()
    assert [[x["title"] for x in sec["lessons"]] for sec in outline["sections"]] == [
        ["Lesson 0"]]
    lesson = built["lessons"][0]
    r = client.get(f"{API}/python-101/lessons/{lesson['id']}", headers=learner.headers)
    assert r.status_code == 403 and r.json()["title"] == "Not Enrolled"
    assert client.post(f"{API}/python-101/enrollment",
                       headers=learner.headers).status_code == 201
    r = client.get(f"{API}/python-101/lessons/{lesson['id']}", headers=learner.headers)
    assert r.json()["body_html"] == "<p>Text 0</p>\n" and r.json()["body"] is None
    hidden = built["lessons"][1]["id"]
    assert client.get(f"{API}/python-101/lessons/{hidden}",
                      headers=learner.headers).status_code == 404


def test_errors_are_problems_naming_the_field(client: TestClient, instructor: Account,
                                              learner: Account) -> None:
    r = client.post(API, headers=learner.headers, json={"slug": "nope", "title": "x"})
    assert r.status_code == 403
    build(client, instructor, lessons=0)
    r = client.post(API, headers=instructor.headers, json={"slug": "python-101", "title": "x"})
    assert r.status_code == 409 and r.json()["field"] == "slug"
    r = client.post(API, headers=instructor.headers, json={"slug": "Bad Slug", "title": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.slug"
    r = client.post(f"{API}/python-101/publish", headers=instructor.headers)
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    section = client.get(f"{API}/python-101/outline",
                         headers=instructor.headers).json()["sections"][0]["id"]
    r = client.post(f"{API}/python-101/sections/{section}/lessons", headers=instructor.headers,
                    json={"kind": "link", "title": "Docs"})
    assert r.status_code == 422 and r.json()["field"] == "url"
    r = client.post(f"{API}/python-101/sections/{section}/lessons", headers=instructor.headers,
                    json={"kind": "text", "title": "T",
                          "completion": {"kind": "must_watch", "fraction": 0.5}})
    assert r.status_code == 422 and r.json()["field"] == "completion.kind"


def test_moving_reordering_and_deleting(client: TestClient, instructor: Account) -> None:
    built = build(client, instructor, lessons=3)
    other = build(client, instructor, slug="other-course", lessons=1)
    a, b, c = (x["id"] for x in built["lessons"])
    sec = built["section"]["id"]
    r = client.post(f"{API}/python-101/lessons/{a}/move", headers=instructor.headers,
                    json={"section_id": other["section"]["id"]})
    assert r.status_code == 404 and r.json()["field"] == "section_id"
    second = client.post(f"{API}/python-101/sections", headers=instructor.headers,
                         json={"title": "Second"}).json()["id"]
    r = client.post(f"{API}/python-101/lessons/{a}/move", headers=instructor.headers,
                    json={"section_id": second})
    assert r.status_code == 200 and r.json()["section_id"] == second
    r = client.put(f"{API}/python-101/outline", headers=instructor.headers, json={
        "sections": [{"id": second, "lessons": [c, a]}, {"id": sec, "lessons": [b]}]})
    assert r.status_code == 200
    assert [[x["id"] for x in s["lessons"]] for s in r.json()["sections"]] == [[c, a], [b]]
    r = client.put(f"{API}/python-101/outline", headers=instructor.headers, json={
        "sections": [{"id": second, "lessons": [c]}, {"id": sec, "lessons": [b]}]})
    assert r.status_code == 422 and r.json()["field"] == "sections.lessons"
    assert client.delete(f"{API}/python-101/lessons/{c}",
                         headers=instructor.headers).status_code == 204
    assert client.delete(f"{API}/python-101/sections/{second}",
                         headers=instructor.headers).status_code == 204
    outline = client.get(f"{API}/python-101/outline", headers=instructor.headers).json()
    assert [[x["id"] for x in s["lessons"]] for s in outline["sections"]] == [[b]]


def test_the_outline_answers_304_to_a_client_that_has_it(client: TestClient,
                                                         instructor: Account) -> None:
    built = build(client, instructor)
    url = f"{API}/python-101/outline"
    first = client.get(url, headers=instructor.headers)
    tag = first.headers["etag"]
    again = client.get(url, headers={**instructor.headers, "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    client.patch(f"{API}/python-101/lessons/{built['lessons'][0]['id']}",
                 headers=instructor.headers, json={"title": "Renamed"})
    changed = client.get(url, headers={**instructor.headers, "If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag


def test_creating_a_course_replays_by_idempotency_key(client: TestClient,
                                                      instructor: Account) -> None:
    headers = {**instructor.headers, "Idempotency-Key": "course-1"}
    body = {"slug": "once-only", "title": "Once"}
    first = client.post(API, headers=headers, json=body)
    again = client.post(API, headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == first.json()["id"]


def test_concurrent_reorders_and_inserts_leave_a_consistent_outline(
        live_server: str, client: TestClient, instructor: Account) -> None:
    built = build(client, instructor, lessons=4)
    ids = [x["id"] for x in built["lessons"]]
    sec = built["section"]["id"]
    orders = [ids[i:] + ids[:i] for i in range(4)]

    def reorder(order: list[str]) -> int:
        return httpx.put(f"{live_server}{API}/python-101/outline", headers=instructor.headers,
                         json={"sections": [{"id": sec, "lessons": order}]},
                         timeout=30).status_code

    def insert(i: int) -> int:
        return httpx.post(f"{live_server}{API}/python-101/sections/{sec}/lessons",
                          headers=instructor.headers, timeout=30,
                          json={"kind": "text", "title": f"new {i}"}).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(reorder, orders * 2))
    assert set(codes) == {200}
    outline = client.get(f"{API}/python-101/outline", headers=instructor.headers).json()
    assert [x["id"] for x in outline["sections"][0]["lessons"]] in orders
    with ThreadPoolExecutor(6) as pool:
        assert set(pool.map(insert, range(12))) == {201}
    outline = client.get(f"{API}/python-101/outline", headers=instructor.headers).json()
    titles = [x["title"] for x in outline["sections"][0]["lessons"]]
    assert len(titles) == 16 and sorted(t for t in titles if t.startswith("new")) == sorted(
        f"new {i}" for i in range(12))
