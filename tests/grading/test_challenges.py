"""Authoring without runners: create, edit, upload (validated at once), versions, permissions."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kit.settings import Settings
from models import Role
from tests.fixtures.api import SUM_TWO, Account, make_account, zip_package

PROBLEM = "application/problem+json"


def new_challenge(client: TestClient, who: Account, slug: str = "sum-two") -> dict:  # type: ignore[type-arg]
    r = client.post("/api/v1/challenges", json={"slug": slug, "title": "Sum"},
                    headers=who.headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_create_edit_and_slug_conflict(client: TestClient, instructor: Account) -> None:
    c = new_challenge(client, instructor)
    assert c["status"] == "draft" and c["version"] is None
    r = client.patch(f"/api/v1/challenges/{c['id']}", json={"title": "Sum of two"},
                     headers=instructor.headers)
    assert r.json()["title"] == "Sum of two"
    r = client.post("/api/v1/challenges", json={"slug": "sum-two", "title": "again"},
                    headers=instructor.headers)
    assert r.status_code == 409 and r.json()["field"] == "slug"
    r = client.post("/api/v1/challenges", json={"slug": "Bad Slug!", "title": "x"},
                    headers=instructor.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.slug"


def test_upload_validates_at_once_and_makes_versions(client: TestClient,
                                                     instructor: Account) -> None:
    c = new_challenge(client, instructor)
    url = f"/api/v1/challenges/{c['id']}/package"
    r = client.put(url, content=b"not a zip", headers={**instructor.headers,
                                                      "Content-Type": "application/zip"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    broken = zip_package(SUM_TWO, edit={"challenge.yaml": b"id: x\ntitle: [unclosed\n"})
    r = client.put(url, content=broken, headers={**instructor.headers,
                                                 "Content-Type": "application/zip"})
    assert r.status_code == 422 and r.json()["where"] == "challenge.yaml"
    manifest = (SUM_TWO / "challenge.yaml").read_text()
    loud = zip_package(SUM_TWO, edit={"challenge.yaml": manifest.replace(
        "  memory: 256\n", "  memory: 256\n  output: 1e3\n").encode()})
    r = client.put(url, content=loud, headers={**instructor.headers,
                                               "Content-Type": "application/zip"})
    assert r.status_code == 422 and r.json()["where"] == "limits.output", r.text
    assert "at most 64 MB" in r.json()["detail"]
    blob = zip_package(SUM_TWO, solutions=["solutions/ok.py"])
    r = client.put(url, content=blob, headers={**instructor.headers,
                                               "Content-Type": "application/zip"})
    assert r.status_code == 202, r.text
    assert r.json()["number"] == 1 and r.json()["status"] == "checking"
    r = client.put(url, files={"file": ("p.zip", blob, "application/zip")},
                   headers=instructor.headers)
    assert r.status_code == 202 and r.json()["number"] == 2
    versions = client.get(f"/api/v1/challenges/{c['id']}/versions",
                          headers=instructor.headers).json()
    assert [v["number"] for v in versions] == [1, 2]
    # a version number past the column's range names no version (found by the fuzz test)
    huge = 2**40
    assert client.get(f"/api/v1/challenges/{c['id']}/versions/{huge}",
                      headers=instructor.headers).status_code == 404
    r = client.post("/api/v1/submissions", headers=instructor.headers, json={
        "challenge": c["id"], "language": "python", "source": "print(1)", "version": huge})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.version"
    r = client.get(f"{url}?version=1", headers=instructor.headers)
    assert r.status_code == 200 and r.content == blob
    # not checked yet: cannot be published
    r = client.post(f"/api/v1/challenges/{c['id']}/publish", headers=instructor.headers)
    assert r.status_code == 409


def test_others_cannot_see_drafts_or_edit(client: TestClient, instructor: Account,
                                          learner: Account, settings: Settings) -> None:
    c = new_challenge(client, instructor)
    assert client.get(f"/api/v1/challenges/{c['id']}",
                      headers=learner.headers).status_code == 404
    other = make_account(settings, client, Role.INSTRUCTOR)
    assert client.get(f"/api/v1/challenges/{c['slug']}",
                      headers=other.headers).status_code == 404
    r = client.put(f"/api/v1/challenges/{c['id']}/package", content=b"x",
                   headers=learner.headers)
    assert r.status_code == 403


def test_cursor_pagination(client: TestClient, instructor: Account) -> None:
    for i in range(5):
        new_challenge(client, instructor, slug=f"c-{i}0")
    seen: list[str] = []
    cursor = None
    while True:
        q = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/api/v1/challenges{q}", headers=instructor.headers).json()
        seen += [c["slug"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"c-{i}0" for i in reversed(range(5))]
