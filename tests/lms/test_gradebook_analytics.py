"""The gradebook and the instructors' analytics on a small course seeded through the LMS's own
paths (enrollment, lesson views, grading's `submission judged` event, quiz attempts), checked
against figures computed by hand; CSV exports; and only a course's own staff may read them."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kit import clock
from kit.settings import Settings
from lms.progress import service as progress
from models import User
from tests.fixtures import factories as make
from tests.fixtures.api import Account, as_worker, make_account
from tests.fixtures.courses import API
from tests.fixtures.quizzes import frozen_now

SLUG = "stats"
Q1 = {"kind": "single_choice", "prompt": "Pick A", "options": [
    {"id": "A", "text": "Apple", "correct": True}, {"id": "B", "text": "Banana"},
    {"id": "C", "text": "Cherry"}]}
Q2 = {"kind": "true_false", "prompt": "True?", "correct": True}


class Course:
    """Intro (text), Sum (challenge, category Code x1), Check (quiz, Quizzes x3, min 60%)."""

    def __init__(self, client: TestClient, who: Account, settings: Settings) -> None:
        self.client, self.who, self.settings = client, who, settings
        h = who.headers
        with as_worker(settings) as s:
            owner = s.scalar(select(User).where(User.email == who.email))
            assert owner is not None
            self.challenge = make.challenge(s, owner, slug="sum-stats")
            make.version(s, self.challenge)
        assert client.post(API, headers=h, json={"slug": SLUG, "title": "Stats"}).status_code \
            == 201
        self.quiz = client.post(f"{API}/{SLUG}/quizzes", headers=h,
                                json={"title": "Check", "shuffle_options": False}).json()
        for spec in (Q1, Q2):
            client.post(f"{API}/{SLUG}/quizzes/{self.quiz['id']}/questions", headers=h,
                        json=spec)
        self.cats = {name: client.post(f"{API}/{SLUG}/grade-categories", headers=h, json={
            "name": name, "weight": w}).json()["id"] for name, w in (("Quizzes", 3),
                                                                      ("Code", 1))}
        sec = client.post(f"{API}/{SLUG}/sections", headers=h, json={"title": "S"}).json()["id"]
        self.lessons = {}
        for body in ({"kind": "text", "title": "Intro"},
                     {"kind": "challenge", "title": "Sum", "challenge": "sum-stats",
                      "grade_category": self.cats["Code"]},
                     {"kind": "quiz", "title": "Check", "quiz": self.quiz["id"],
                      "grade_category": self.cats["Quizzes"],
                      "completion": {"kind": "min_score", "min_score": 60}}):
            r = client.post(f"{API}/{SLUG}/sections/{sec}/lessons", headers=h,
                            json={"status": "published", **body})
            assert r.status_code == 201, r.text
            self.lessons[body["title"]] = r.json()["id"]
        assert client.post(f"{API}/{SLUG}/publish", headers=h).status_code == 200

    def view(self, who: Account, title: str) -> None:
        r = self.client.post(f"{API}/{SLUG}/lessons/{self.lessons[title]}/view",
                             headers=who.headers)
        assert r.status_code == 200, r.text

    def judged(self, who: Account, verdict: str, points: float, failed: str | None) -> None:
        with as_worker(self.settings) as s:
            user = s.scalar(select(User).where(User.email == who.email))
            assert user is not None
            progress.judged(s, {"submission_id": str(uuid.uuid4()), "user_id": str(user.id),
                                "challenge_id": str(self.challenge.id), "version_id": None,
                                "mode": "submit", "verdict": verdict, "points": points,
                                "max_points": 2.0, "epoch": 1, "failed_test": failed})

    def quiz_attempt(self, who: Account, q1: str, q2: bool) -> dict[str, Any]:
        base = f"{API}/{SLUG}"
        attempt = self.client.post(f"{base}/quizzes/{self.quiz['id']}/attempts",
                                   headers=who.headers).json()
        kinds = {q["kind"]: q["id"] for q in attempt["questions"]}
        for kind, response in (("single_choice", q1), ("true_false", q2)):
            r = self.client.put(f"{base}/attempts/{attempt['id']}/answers/{kinds[kind]}",
                                headers=who.headers, json={"response": response, "version": 0})
            assert r.status_code == 200, r.text
        return self.client.post(f"{base}/attempts/{attempt['id']}/submit",  # type: ignore
                                headers=who.headers).json()

    def get(self, path: str, who: Account | None = None, **params: Any) -> Any:
        r = self.client.get(f"{API}/{SLUG}/{path}", headers=(who or self.who).headers,
                            params=params)
        assert r.status_code == 200, r.text
        return r.json() if params.get("format") != "csv" else list(csv.reader(
            io.StringIO(r.text)))


@pytest.fixture
def seeded(client: TestClient, instructor: Account, settings: Settings,
           ) -> tuple[Course, list[Account], clock.FrozenClock]:
    with frozen_now() as now:
        c = Course(client, instructor, settings)
        # made now: a token issued at a later frozen time would not be valid yet
        people = [make_account(settings, client, make.Role.LEARNER, email=f"{n}@example.com")
                  for n in ("ann", "ben", "cat", "dan")]
        people.append(make_account(settings, client, make.Role.INSTRUCTOR))
        ann, ben, cat, _, _ = people
        for who in (ann, ben):
            assert client.post(f"{API}/{SLUG}/enrollment", headers=who.headers).status_code \
                == 201
            c.view(who, "Intro")
        c.view(ann, "Sum")
        now.advance(60)
        c.judged(ann, "WA", 0.0, "2")
        c.judged(ben, "WA", 0.0, "2")
        now.advance(60)
        c.judged(ann, "AC", 2.0, None)
        c.judged(ben, "WA", 0.0, "3")
        assert c.quiz_attempt(ann, "A", True)["percent"] == 100
        assert c.quiz_attempt(ben, "B", True)["percent"] == 50
        now.advance(86400)
        assert client.post(f"{API}/{SLUG}/enrollment", headers=cat.headers).status_code == 201
        yield c, people, now


def test_the_gradebook_weighs_categories(seeded: tuple[Course, list[Account], Any]) -> None:
    c, (ann, ben, cat, stranger, _), _ = seeded
    book = c.get("gradebook")
    assert [i["title"] for i in book["items"]] == ["Sum", "Check"]
    by_email = {r["email"]: r for r in book["rows"]}
    sum_id, check_id = c.lessons["Sum"], c.lessons["Check"]
    quizzes, code = c.cats["Quizzes"], c.cats["Code"]
    assert by_email[ann.email]["scores"] == {sum_id: 100.0, check_id: 100.0}
    assert by_email[ann.email]["total"] == 100.0
    assert by_email[ann.email]["completed"] == {sum_id: True, check_id: True}
    assert by_email[ann.email]["course_percent"] == 100.0
    ben_row = by_email[ben.email]
    assert ben_row["scores"] == {sum_id: 0.0, check_id: 50.0}
    assert ben_row["categories"] == {quizzes: 50.0, code: 0.0}
    assert ben_row["total"] == 37.5  # (3 x 50 + 1 x 0) / 4
    assert by_email[cat.email]["scores"] == {sum_id: None, check_id: None}
    assert by_email[cat.email]["total"] == 0.0
    mine = c.get("gradebook", ben)
    assert [r["email"] for r in mine["rows"]] == [ben.email]
    table = c.get("gradebook", format="csv")
    assert table[0] == ["name", "email", "Sum", "Check", "Code (x1)", "Quizzes (x3)", "total",
                        "course percent", "course completed"]
    assert [row[1] for row in table[1:]] == [ann.email, ben.email, cat.email]
    assert table[2][6] == "37.5"
    r = c.client.get(f"{API}/{SLUG}/gradebook", headers=stranger.headers)
    assert r.status_code == 403  # not enrolled


def test_the_analytics_match_hand_counts(seeded: tuple[Course, list[Account], Any]) -> None:
    c, _, now = seeded
    funnel = c.get("analytics/funnel")
    assert [(f["title"], f["started"], f["completed"], f["stopped_after"]) for f in funnel] == [
        ("Intro", 2, 2, 1), ("Sum", 2, 1, 0), ("Check", 2, 1, 1)]
    assert {f["learners"] for f in funnel} == {3}
    [sums] = c.get("analytics/challenges")
    assert (sums["attempted"], sums["passed"], sums["pass_rate"], sums["submissions"]) == \
        (2, 1, 0.5, 4)
    assert sums["mean_submissions_to_ac"] == 2.0 and sums["median_seconds_to_ac"] == 120.0
    failing = c.get("analytics/failing-tests")
    assert [(f["test"], f["failures"], f["learners"], f["rank"]) for f in failing] == [
        ("2", 2, 2, 1), ("3", 1, 1, 2)]
    items = c.get(f"analytics/quizzes/{c.quiz['id']}/items")
    assert [(i["kind"], i["answered"], i["difficulty"], i["discrimination"]) for i in items] == [
        ("single_choice", 2, 0.5, 1.0), ("true_false", 2, 1.0, None)]
    assert [(o["option_id"], o["correct"], o["chosen"], o["share"], o["mean_total_of_choosers"])
            for o in items[0]["options"]] == [("A", True, 1, 0.5, 100.0),
                                              ("B", False, 1, 0.5, 50.0),
                                              ("C", False, 0, 0.0, None)]
    assert [(o["option_id"], o["chosen"]) for o in items[1]["options"]] == [("true", 2),
                                                                            ("false", 0)]
    start = now.now() - timedelta(seconds=86400 + 120)  # when the seeding began

    def day(at: Any) -> str:
        return at.strftime("%Y-%m-%d")
    expected: dict[str, list[int]] = {}
    for at, column in ((start, 0), (start, 0), (start + timedelta(seconds=120), 1),
                       (now.now(), 0)):
        expected.setdefault(day(at), [0, 0])[column] += 1
    days = c.get("analytics/enrollments", unit="day",
                 start=(start - timedelta(days=2)).isoformat(),
                 end=(now.now() + timedelta(days=1)).isoformat())
    assert {d["bucket"][:10]: [d["enrolled"], d["completed"]] for d in days} == expected
    rates = c.get("analytics/pass-rates", unit="month")
    assert sum(r["judged"] for r in rates) == 4 and sum(r["accepted"] for r in rates) == 1
    table = c.get("analytics/funnel", format="csv")
    assert table[0][:4] == ["lesson_id", "title", "kind", "position"] and len(table) == 4
    items_csv = c.get(f"analytics/quizzes/{c.quiz['id']}/items", format="csv")
    assert items_csv[1][3:6] == ["2", "0.5", "1.0"]
    r = c.client.get(f"{API}/{SLUG}/analytics/funnel", headers=c.who.headers,
                     params={"start": "x"})
    assert r.status_code == 200  # funnel takes no period
    r = c.client.get(f"{API}/{SLUG}/analytics/enrollments", headers=c.who.headers,
                     params={"start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"})
    assert r.status_code == 422 and r.json()["field"] == "start"
    r = c.client.get(f"{API}/{SLUG}/analytics/enrollments", headers=c.who.headers,
                     params={"start": "2026-01-01T00:00:00"})  # no zone: UTC
    assert r.status_code == 200


def test_only_the_courses_staff_read_them(seeded: tuple[Course, list[Account], Any]) -> None:
    c, (ann, _, _, _, other), _ = seeded
    for path in ("gradebook", "analytics/funnel", "analytics/challenges",
                 "analytics/failing-tests", "analytics/enrollments", "analytics/pass-rates",
                 f"analytics/quizzes/{c.quiz['id']}/items"):
        r = c.client.get(f"{API}/{SLUG}/{path}", headers=other.headers)
        assert r.status_code == 403, path
        if path != "gradebook":
            assert c.client.get(f"{API}/{SLUG}/{path}",
                                headers=ann.headers).status_code == 403, path
