"""Enrollment and progress over HTTP: self-enrollment, staff management, locked lessons as
problems, and the whole loop through the real runner pool (an AC completes the challenge
lesson and the course)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.worker import Worker
from tests.fixtures.api import SUM_TWO, Account, RunnerPool, wait_for
from tests.fixtures.courses import API, course_with

OK = (SUM_TWO / "solutions" / "ok.py").read_text()


def test_enrolling_and_the_problems_it_can_meet(client: TestClient, instructor: Account,
                                                learner: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    course_with(client, instructor, [{"title": "One"}], slug="paid", price_cents=4900)
    r = client.post(f"{API}/course/enrollment", headers=learner.headers)
    assert r.status_code == 201 and r.json()["state"] == "active"
    r = client.post(f"{API}/course/enrollment", headers=learner.headers)
    assert r.status_code == 409 and r.json()["title"] == "Already Enrolled"
    r = client.post(f"{API}/paid/enrollment", headers=learner.headers)
    assert r.status_code == 402 and r.headers["content-type"] == "application/problem+json"
    assert client.get(f"{API}/course/enrollment", headers=learner.headers).json()[
        "percent"] == 0.0


def test_staff_enroll_list_and_revoke(client: TestClient, instructor: Account,
                                      learner: Account, admin: Account) -> None:
    [lesson] = course_with(client, instructor, [{"title": "One"}])
    r = client.post(f"{API}/course/enrollments", headers=instructor.headers,
                    json={"email": learner.email, "role": "learner"})
    assert r.status_code == 201
    user_id = r.json()["user_id"]
    r = client.post(f"{API}/course/enrollments", headers=instructor.headers,
                    json={"email": "nobody@example.com"})
    assert r.status_code == 404 and r.json()["field"] == "email"
    client.post(f"{API}/course/enrollments", headers=instructor.headers,
                json={"email": admin.email, "role": "ta"})
    page = client.get(f"{API}/course/enrollments?role=ta", headers=instructor.headers).json()
    assert [x["role"] for x in page["items"]] == ["ta"]
    assert client.get(f"{API}/course/enrollments", headers=learner.headers).status_code == 403
    url = f"{API}/course/lessons/{lesson['id']}"
    assert client.get(url, headers=learner.headers).status_code == 200
    r = client.patch(f"{API}/course/enrollments/{user_id}", headers=instructor.headers,
                     json={"state": "revoked"})
    assert r.status_code == 200
    r = client.get(url, headers=learner.headers)
    assert r.status_code == 403 and "revoked" in r.json()["detail"]


def test_a_locked_lesson_says_why_and_when(client: TestClient, instructor: Account,
                                           learner: Account) -> None:
    opens = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    first, dated = course_with(client, instructor, [
        {"title": "First"}, {"title": "Later", "unlock_at": opens.isoformat()}],
        require_sequential_progress=True)
    client.post(f"{API}/course/enrollment", headers=learner.headers)
    r = client.get(f"{API}/course/lessons/{dated['id']}", headers=learner.headers)
    assert r.status_code == 403 and r.json()["title"] == "Lesson Locked"
    assert datetime.fromisoformat(r.json()["unlocks_at"]) == opens
    outline = client.get(f"{API}/course/outline", headers=learner.headers).json()
    assert [(x["progress"], x["locked"]) for x in outline["sections"][0]["lessons"]] == [
        ("not_started", False), ("not_started", True)]
    r = client.post(f"{API}/course/lessons/{first['id']}/view", headers=learner.headers)
    assert r.status_code == 200 and r.json() == {
        "lesson_id": first["id"], "state": "completed", "percent": 50.0,
        "course_completed": False}
    outline = client.get(f"{API}/course/outline", headers=learner.headers).json()
    assert outline["percent"] == 50.0 and outline["last_lesson_id"] == first["id"]


@pytest.mark.docker
def test_an_accepted_submission_completes_the_challenge_lesson_and_the_course(
        client: TestClient, instructor: Account, learner: Account, worker: Worker,
        runner_pool: RunnerPool, published: dict[str, Any]) -> None:
    [intro, challenge] = course_with(client, instructor, [
        {"title": "Intro"}, {"kind": "challenge", "title": "Sum two",
                             "challenge": published["slug"]}])
    assert challenge["completion"] == {"kind": "challenge_accepted", "min_score": None,
                                       "fraction": None}
    client.post(f"{API}/course/enrollment", headers=learner.headers)
    client.post(f"{API}/course/lessons/{intro['id']}/view", headers=learner.headers)
    r = client.post("/api/v1/submissions?wait=true", headers=learner.headers, json={
        "challenge_id": published["id"], "language": "python3", "source": OK})
    assert r.status_code == 201 and r.json()["verdict"] == "AC"

    def completed() -> dict[str, Any] | None:
        mine = client.get(f"{API}/course/enrollment", headers=learner.headers).json()
        return mine if mine["state"] == "completed" else None

    mine = wait_for(completed, 60)
    assert mine["percent"] == 100.0 and mine["completed_at"] is not None
    outline = client.get(f"{API}/course/outline", headers=learner.headers).json()
    assert [x["progress"] for x in outline["sections"][0]["lessons"]] == ["completed"] * 2

    def certified() -> dict[str, Any] | None:  # the worker issues it from course_completed
        r = client.get(f"{API}/course/certificate", headers=learner.headers)
        return r.json() if r.status_code == 200 else None

    code = wait_for(certified, 60)["code"]
    public = client.get(f"/api/v1/certificates/{code}").json()
    assert public["course_slug"] == "course" and public["revoked"] is False


def test_double_enrollments_at_once_make_one(live_server: str, client: TestClient,
                                             instructor: Account, learner: Account) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    course_with(client, instructor, [{"title": "One"}])

    def enroll(_: int) -> int:
        return httpx.post(f"{live_server}{API}/course/enrollment", headers=learner.headers,
                          timeout=30).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(enroll, range(8)))
    assert codes == [201] + [409] * 7
    page = client.get(f"{API}/course/enrollments", headers=instructor.headers).json()
    assert len(page["items"]) == 1
