"""Per-course roles (co-instructors edit, teaching assistants read), bulk enrollment from CSV,
and what anonymous visitors get (public data, cacheable by a CDN)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from kit.settings import Settings
from models import Role
from tests.fixtures.api import Account, make_account
from tests.fixtures.courses import API, course_with


def test_co_instructors_edit_and_teaching_assistants_read(
        client: TestClient, settings: Settings, instructor: Account, learner: Account) -> None:
    [lesson] = course_with(client, instructor, [{"title": "One"}])
    co, ta = (make_account(settings, client, Role.LEARNER) for _ in range(2))
    section = lesson["section_id"]
    draft = {"kind": "text", "title": "Draft", "status": "draft"}
    for who in (co, ta, learner):  # before any role: course editing is refused
        r = client.patch(f"{API}/course", headers=who.headers, json={"title": "X"})
        assert r.status_code == 403, r.text
        assert client.get(f"{API}/course/enrollments", headers=who.headers).status_code == 403
    for who, role in ((co, "instructor"), (ta, "ta")):
        r = client.post(f"{API}/course/enrollments", headers=instructor.headers,
                        json={"email": who.email, "role": role})
        assert r.status_code == 201, r.text
    r = client.post(f"{API}/course/sections/{section}/lessons", headers=co.headers, json=draft)
    assert r.status_code == 201, r.text
    assert client.patch(f"{API}/course", headers=co.headers,
                        json={"summary": "by the co-instructor"}).status_code == 200
    # the teaching assistant previews drafts and lists enrollments, and changes nothing
    titles = [x["title"] for x in client.get(f"{API}/course/outline", headers=ta.headers)
              .json()["sections"][0]["lessons"]]
    assert titles == ["One", "Draft"]
    assert client.get(f"{API}/course/enrollments", headers=ta.headers).status_code == 200
    r = client.post(f"{API}/course/sections/{section}/lessons", headers=ta.headers, json=draft)
    assert r.status_code == 403
    assert client.post(f"{API}/course/enrollments", headers=ta.headers,
                       json={"email": learner.email}).status_code == 403
    # learners see published lessons only
    client.post(f"{API}/course/enrollment", headers=learner.headers)
    titles = [x["title"] for x in client.get(f"{API}/course/outline", headers=learner.headers)
              .json()["sections"][0]["lessons"]]
    assert titles == ["One"]


def csv_import(client: TestClient, who: Account, body: str, multipart: bool = False,
               ) -> tuple[int, dict]:  # type: ignore[type-arg]
    url = f"{API}/course/enrollments/import"
    if multipart:
        r = client.post(url, headers=who.headers, files={"file": ("people.csv", body.encode(),
                                                                  "text/csv")})
    else:
        r = client.post(url, headers={**who.headers, "Content-Type": "text/csv"},
                        content=body.encode())
    return r.status_code, r.json()


def test_bulk_enrollment_from_csv_reports_rows_and_applies_once(
        client: TestClient, settings: Settings, instructor: Account, learner: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    a, b = (make_account(settings, client, Role.LEARNER) for _ in range(2))
    body = ("\ufeffEmail,Role,access_ends_at\n"
            f"{a.email},learner,2030-01-01T00:00:00Z\n"
            f"{b.email},ta,\n"
            "nobody@example.com,learner,\n"
            f"{a.email},learner,\n"
            "not-an-email,learner,\n"
            f"{learner.email},owner,\n"
            f"{learner.email.upper()},learner,next tuesday\n")
    status, report = csv_import(client, instructor, body)
    assert status == 200, report
    assert (report["enrolled"], report["changed"], report["unchanged"]) == (2, 0, 0)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (4, "email"), (5, "email"), (6, "email"), (7, "role"), (8, "access_ends_at")]
    assert "earlier row" in report["errors"][1]["detail"]
    status, again = csv_import(client, instructor, body, multipart=True)
    assert (again["enrolled"], again["changed"], again["unchanged"]) == (0, 0, 2)
    listed = client.get(f"{API}/course/enrollments", headers=instructor.headers).json()["items"]
    assert sorted(x["role"] for x in listed) == ["learner", "ta"]
    # change a role and unenroll in the same file
    status, report = csv_import(client, instructor, f"email,role,action\n{a.email},ta,\n"
                                                    f"{b.email},,unenroll\n")
    assert (report["changed"], report["unenrolled"], report["errors"]) == (1, 1, [])
    states = {x["user_id"]: (x["role"], x["state"]) for x in client.get(
        f"{API}/course/enrollments", headers=instructor.headers).json()["items"]}
    assert sorted(states.values()) == [("ta", "active"), ("ta", "revoked")]


def test_bad_csv_files_are_problems(client: TestClient, instructor: Account,
                                    learner: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    status, problem = csv_import(client, instructor, "name,role\nx,learner\n")
    assert status == 422 and problem["field"] == "file"
    r = client.post(f"{API}/course/enrollments/import", content=b"\xff\xfe\x00bad",
                    headers={**instructor.headers, "Content-Type": "text/csv"})
    assert r.status_code == 422 and r.json()["field"] == "file"
    r = client.post(f"{API}/course/enrollments/import", content=b"email\n" * 200_000,
                    headers={**instructor.headers, "Content-Type": "text/csv"})
    assert r.status_code == 413
    status, problem = csv_import(client, learner, f"email\n{learner.email}\n")
    assert status == 403


def test_concurrent_imports_of_one_file_enroll_each_learner_once(
        client: TestClient, settings: Settings, instructor: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    people = [make_account(settings, client, Role.LEARNER) for _ in range(5)]
    body = "email\n" + "".join(f"{p.email}\n" for p in people)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: csv_import(client, instructor, body), range(4)))
    assert all(status == 200 for status, _ in results), results
    assert sum(r["enrolled"] for _, r in results) == 5
    listed = client.get(f"{API}/course/enrollments", headers=instructor.headers).json()["items"]
    assert len(listed) == 5


def test_anonymous_visitors_read_public_pages_that_a_cdn_may_cache(
        client: TestClient, instructor: Account, learner: Account) -> None:
    [lesson] = course_with(client, instructor, [{"title": "One"}])
    client.post(API, headers=instructor.headers, json={"slug": "draft", "title": "Draft"})
    for url in (API, f"{API}/course/outline", f"{API}/course"):
        r = client.get(url)
        assert r.status_code == 200, (url, r.text)
        if url != f"{API}/course":
            assert r.headers["cache-control"].startswith("public")
            assert "Authorization" in r.headers["vary"]
            again = client.get(url, headers={"If-None-Match": r.headers["etag"]})
            assert again.status_code == 304
    assert [c["slug"] for c in client.get(API).json()["items"]] == ["course"]
    outline = client.get(f"{API}/course/outline").json()
    assert outline["percent"] is None
    assert outline["sections"][0]["lessons"][0]["progress"] is None
    assert client.get(f"{API}/draft").status_code == 404
    assert client.get(f"{API}/draft/outline").status_code == 404
    found = client.get("/api/v1/search", params={"q": "one"})
    assert found.status_code == 200 and found.headers["cache-control"].startswith("public")
    assert client.get("/api/v1/search", params={"q": "one"}, headers={
        "If-None-Match": found.headers["etag"]}).status_code == 304
    # signed in: private, never kept by a shared cache
    r = client.get(f"{API}/course/outline", headers=learner.headers)
    assert r.headers["cache-control"] == "private, no-cache"
    # what needs a person still needs one
    assert client.get(f"{API}/course/lessons/{lesson['id']}").status_code == 401
    assert client.post(f"{API}/course/enrollment").status_code == 401


def test_a_file_that_is_not_csv_is_a_problem(client: TestClient, instructor: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    status, problem = csv_import(client, instructor, 'email\n"unterminated\n')
    assert status == 422 and problem["field"] == "file", problem
    status, report = csv_import(client, instructor, "email\nsomeone@example.com\x00\n")
    assert status == 200 and [(e["row"], e["field"]) for e in report["errors"]] == [(2, "email")]
