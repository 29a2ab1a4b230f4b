"""Progress, live: a learner follows their own progress over SSE (a snapshot, then an event per
change, resumable with Last-Event-ID), and staff read the course's progress table."""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi.testclient import TestClient

from kit.settings import Settings
from models import Role
from tests.fixtures.api import Account, make_account, wait_for
from tests.fixtures.courses import API, course_with

Event = tuple[str | None, str | None, dict[str, Any]]


def read_events(client: TestClient, who: Account, out: list[Event],
                last_id: str | None = None) -> None:
    headers = {**who.headers, **({"Last-Event-ID": last_id} if last_id else {})}
    with client.stream("GET", f"{API}/course/progress/events?timeout=30",
                       headers=headers) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        entry = kind = None
        for line in stream.iter_lines():
            if line.startswith("id: "):
                entry = line[4:]
            elif line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                out.append((entry, kind, json.loads(line[6:])))


def test_a_learner_follows_their_progress_live_and_resumes(
        client: TestClient, instructor: Account, learner: Account) -> None:
    one, two = course_with(client, instructor, [{"title": "One"}, {"title": "Two"}])
    client.post(f"{API}/course/enrollment", headers=learner.headers)
    events: list[Event] = []
    reader = threading.Thread(target=read_events, args=(client, learner, events))
    reader.start()
    wait_for(lambda: events, 20)  # the snapshot: the stream is following from here on
    [(snap_id, kind, snap)] = events
    assert kind == "snapshot" and snap["percent"] == 0 and snap["lessons"] == {}
    for lesson in (one, two):
        r = client.post(f"{API}/course/lessons/{lesson['id']}/view", headers=learner.headers)
        assert r.status_code == 200
    reader.join(30)
    assert not reader.is_alive(), "the stream closes once the course is completed"
    changes = [(k, d["lesson_id"], d["percent"]) for _, k, d in events[1:]]
    assert changes == [("progress", one["id"], 50.0), ("progress", two["id"], 100.0)]
    assert events[-1][2]["course_completed"] is True
    again: list[Event] = []  # reconnecting after the snapshot: the two changes, no snapshot
    read_events(client, learner, again, last_id=snap_id)
    assert [(k, d["lesson_id"]) for _, k, d in again] == [(k, i) for k, i, _ in changes]
    assert [e[0] for e in again] == [e[0] for e in events[1:]]
    done: list[Event] = []  # a completed course: the snapshot says so and the stream ends
    read_events(client, learner, done)
    assert [k for _, k, _ in done] == ["snapshot"] and done[0][2]["state"] == "completed"


def test_the_progress_stream_is_for_enrolled_learners(client: TestClient,
                                                       instructor: Account,
                                                       learner: Account) -> None:
    course_with(client, instructor, [{"title": "One"}])
    r = client.get(f"{API}/course/progress/events", headers=learner.headers)
    assert r.status_code == 403 and r.json()["title"] == "Not Enrolled"
    r = client.get(f"{API}/course/progress/events", headers=instructor.headers)
    assert r.status_code == 404
    assert client.get(f"{API}/course/progress/events").status_code == 401


def test_staff_read_the_progress_table(client: TestClient, settings: Settings,
                                       instructor: Account, learner: Account) -> None:
    one, two = course_with(client, instructor, [{"title": "One"}, {"title": "Two"}])
    other, ta = (make_account(settings, client, Role.LEARNER) for _ in range(2))
    for who in (learner, other):
        client.post(f"{API}/course/enrollment", headers=who.headers)
    client.post(f"{API}/course/enrollments", headers=instructor.headers,
                json={"email": ta.email, "role": "ta"})
    client.post(f"{API}/course/lessons/{one['id']}/view", headers=learner.headers)
    for who in (instructor, ta):
        r = client.get(f"{API}/course/progress", headers=who.headers)
        assert r.status_code == 200, r.text
        table = r.json()
        assert [x["title"] for x in table["lessons"]] == ["One", "Two"]
        rows = {x["email"]: x for x in table["items"]}
        assert set(rows) == {learner.email, other.email}  # learners only: not the TA
        assert rows[learner.email]["percent"] == 50.0
        assert rows[learner.email]["lessons"] == {one["id"]: "completed"}
        assert rows[learner.email]["last_lesson_id"] == one["id"]
        assert rows[other.email]["lessons"] == {} and rows[other.email]["last_activity_at"] is None
    page = client.get(f"{API}/course/progress?limit=1", headers=instructor.headers).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = client.get(f"{API}/course/progress?limit=1&cursor={page['next_cursor']}",
                      headers=instructor.headers).json()
    assert {page["items"][0]["email"], rest["items"][0]["email"]} == {learner.email,
                                                                      other.email}
    assert client.get(f"{API}/course/progress", headers=learner.headers).status_code == 403
    assert two["id"] not in rows[learner.email]["lessons"]
