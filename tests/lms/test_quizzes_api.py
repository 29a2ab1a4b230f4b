"""Quizzes over HTTP on the real PostgreSQL, with the database side's clock frozen: authoring
refuses bad questions naming the field, attempts keep their seeded order, autosave refuses stale
versions, the server's deadline closes an attempt by a scheduled job, scores complete the quiz
lesson, feedback follows the policy, regrading rescores every affected attempt."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kit import clock, db, outbox
from kit.models import OutboxMessage
from kit.settings import Settings
from lms.quizzes import attempts
from models import Attempt, EventKind, LearningEvent, User
from tests.fixtures import factories as make
from tests.fixtures.api import Account, as_worker
from tests.fixtures.courses import API
from tests.fixtures.quizzes import EVERY_KIND, quiz_course, right_answers

SLUG = "quizzed"


def enroll(client: TestClient, who: Account, slug: str = SLUG) -> None:
    assert client.post(f"{API}/{slug}/enrollment", headers=who.headers).status_code == 201


def start(client: TestClient, who: Account, quiz: dict[str, Any]) -> dict[str, Any]:
    r = client.post(f"{API}/{SLUG}/quizzes/{quiz['id']}/attempts", headers=who.headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def put(client: TestClient, who: Account, attempt: dict[str, Any], qid: str, response: Any,
        version: int = 0) -> Any:
    return client.put(f"{API}/{SLUG}/attempts/{attempt['id']}/answers/{qid}",
                      headers=who.headers, json={"response": response, "version": version})


def submit(client: TestClient, who: Account, attempt: dict[str, Any]) -> dict[str, Any]:
    r = client.post(f"{API}/{SLUG}/attempts/{attempt['id']}/submit", headers=who.headers)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def lesson_state(client: TestClient, who: Account) -> str:
    outline = client.get(f"{API}/{SLUG}/outline", headers=who.headers).json()
    return outline["sections"][0]["lessons"][0]["progress"]  # type: ignore[no-any-return]


def test_authoring_refuses_bad_questions_naming_the_field(client: TestClient,
                                                          instructor: Account) -> None:
    quiz, _ = quiz_course(client, instructor, questions=[])
    url = f"{API}/{SLUG}/quizzes/{quiz['id']}/questions"
    cases = [({"kind": "single_choice", "options": [{"text": "a"}, {"text": "b"}]}, "options"),
             ({"kind": "fill_blanks", "text": "[[x]]", "blanks": {"x": {"answers": [" "]}}},
              "blanks.x"),
             ({"kind": "short_text", "regex": "(a|aa)+$"}, "regex"),
             ({"kind": "short_text", "regex": "(("}, "regex"),
             ({"kind": "numeric", "value": 1, "tolerance": -1}, "tolerance"),
             ({"kind": "code", "challenge": "no-such-challenge"}, "challenge"),
             ({"kind": "essay"}, "body")]
    for body, field in cases:
        r = client.post(url, headers=instructor.headers, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        named = problem.get("field") or " ".join(e["field"] for e in problem["errors"])
        assert field in named, (field, problem)
        if field == "body":  # an unknown kind: the message names the discriminator
            assert "'kind'" in problem["errors"][0]["message"]
    r = client.patch(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=instructor.headers,
                     json={"draws": [{"bank_id": str(uuid.uuid4()), "count": 1}]})
    assert r.status_code == 404 and r.json()["field"] == "draws.0.bank_id"


def test_an_attempt_from_start_to_review_completes_the_lesson(
        client: TestClient, instructor: Account, learner: Account) -> None:
    quiz, _ = quiz_course(client, instructor, shuffle_questions=True, attempt_limit=2)
    assert quiz["question_count"] == len(EVERY_KIND) and quiz["max_score"] == 9
    enroll(client, learner)
    seen = client.get(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=learner.headers).json()
    assert seen["questions"] is None and seen["attempts"] == [] and seen["attempts_left"] == 2
    attempt = start(client, learner, quiz)
    assert attempt["state"] == "in_progress" and attempt["deadline"] is None
    again = start(client, learner, quiz)  # resumes, in the same order
    assert again["id"] == attempt["id"]
    assert [q["id"] for q in again["questions"]] == [q["id"] for q in attempt["questions"]]
    assert [q.get("options") for q in again["questions"]] == \
        [q.get("options") for q in attempt["questions"]]
    right = right_answers(quiz, attempt)
    for qid, response in right.items():
        r = put(client, learner, attempt, qid, response)
        assert r.status_code == 200 and r.json()["version"] == 1, r.text
    single = next(q for q in attempt["questions"] if q["kind"] == "single_choice")
    r = put(client, learner, attempt, single["id"], right[single["id"]], version=0)
    assert r.status_code == 409 and r.json()["current_version"] == 1  # stale
    r = put(client, learner, attempt, single["id"], ["not", "one"], version=1)
    assert r.status_code == 422 and r.json()["field"] == "response"
    r = put(client, learner, attempt, str(uuid.uuid4()), "x")
    assert r.status_code == 404 and r.json()["field"] == "question_id"
    wrong = next(o["id"] for o in single["options"] if o["id"] != right[single["id"]])
    assert put(client, learner, attempt, single["id"], wrong, version=1).status_code == 200
    # the read-back holds what was saved
    back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}", headers=learner.headers).json()
    assert next(q for q in back["questions"] if q["id"] == single["id"])["response"] == wrong
    done = submit(client, learner, attempt)
    assert done["state"] == "submitted" and done["score"] == 7 and done["max_score"] == 9
    assert done["percent"] == round(700 / 9, 4) and done["passed"] is True
    assert done["feedback_available"] is True
    reviewed = next(q for q in done["questions"] if q["id"] == single["id"])
    assert reviewed["score"] == 0 and reviewed["response"] == wrong
    assert reviewed["review"]["option_feedback"] == {wrong: "KEYFEEDBACK-wrong"}
    assert lesson_state(client, learner) == "completed"
    assert submit(client, learner, attempt)["score"] == 7  # idempotent
    r = put(client, learner, attempt, single["id"], right[single["id"]], version=2)
    assert r.status_code == 409 and r.json()["title"] == "Attempt Closed"
    start(client, learner, quiz)
    r = client.post(f"{API}/{SLUG}/quizzes/{quiz['id']}/attempts", headers=learner.headers)
    assert r.status_code == 201  # the second attempt is the one in progress
    second = r.json()
    submit(client, learner, second)
    r = client.post(f"{API}/{SLUG}/quizzes/{quiz['id']}/attempts", headers=learner.headers)
    assert r.status_code == 409 and r.json()["title"] == "No Attempts Left"
    # best attempt counts by default: the empty second attempt does not undo the completion
    assert lesson_state(client, learner) == "completed"


def test_the_deadline_job_closes_the_attempt_with_what_was_saved(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        now_frozen: clock.FrozenClock) -> None:
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[:2], time_limit_s=60)
    enroll(client, learner)
    attempt = start(client, learner, quiz)
    deadline = now_frozen.now() + timedelta(seconds=60)
    assert attempt["deadline"].replace("Z", "+00:00") == deadline.isoformat()
    right = right_answers(quiz, attempt)
    first = attempt["questions"][0]["id"]
    assert put(client, learner, attempt, first, right[first]).status_code == 200
    with as_worker(settings) as s:
        [job] = s.scalars(select(OutboxMessage).where(
            OutboxMessage.topic == attempts.DEADLINE_TOPIC)).all()
        assert job.next_at == deadline and job.payload == {"attempt_id": attempt["id"]}
    topics = {attempts.DEADLINE_TOPIC: outbox.Topic(attempts.on_deadline)}
    engine = db.make_engine(settings.worker_db, pool_size=1)
    sessions = db.make_sessionmaker(engine)
    assert outbox.drain(sessions, topics) == 0  # not due
    now_frozen.advance(61)
    second = attempt["questions"][1]["id"]
    r = put(client, learner, attempt, second, right[second])
    assert r.status_code == 409 and "time ran out" in r.json()["detail"]
    assert outbox.drain(sessions, topics) == 1  # the job, not the next request, closes it
    engine.dispose()
    back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}", headers=learner.headers).json()
    assert back["state"] == "submitted" and back["auto_submitted"] is True
    assert back["submitted_at"].replace("Z", "+00:00") == deadline.isoformat()
    points = next(q["points"] for q in back["questions"] if q["id"] == first)
    assert back["score"] == points


def test_a_submit_racing_the_deadline_job_scores_once(
        client: TestClient, instructor: Account, learner: Account, settings: Settings,
        now_frozen: clock.FrozenClock) -> None:
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[:1], time_limit_s=30)
    enroll(client, learner)
    for _ in range(3):
        attempt = start(client, learner, quiz)
        now_frozen.advance(31)
        results: list[Any] = []

        def by_job(attempt_id: str = attempt["id"]) -> None:
            with as_worker(settings) as s:
                attempts.on_deadline(s, {"attempt_id": attempt_id})

        def by_learner(attempt_id: str = attempt["id"], out: list[Any] = results) -> None:
            out.append(client.post(f"{API}/{SLUG}/attempts/{attempt_id}/submit",
                                   headers=learner.headers).status_code)

        threads = [threading.Thread(target=by_job), threading.Thread(target=by_learner)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert results == [200]
    with as_worker(settings) as s:
        events = s.scalar(select(func.count()).select_from(LearningEvent).where(
            LearningEvent.kind == EventKind.ATTEMPT_SUBMITTED))
        states = s.scalars(select(Attempt.state)).all()
    assert events == 3 and states == ["submitted"] * 3


def test_concurrent_autosaves_of_one_version_keep_one(client: TestClient, instructor: Account,
                                                      learner: Account) -> None:
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[4:5])
    enroll(client, learner)
    attempt = start(client, learner, quiz)
    qid = attempt["questions"][0]["id"]
    codes: list[int] = []
    threads = [threading.Thread(target=lambda i=i: codes.append(
        put(client, learner, attempt, qid, f"answer {i}").status_code)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes).count(200) == 1 and set(codes) <= {200, 409}
    back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}", headers=learner.headers).json()
    assert back["questions"][0]["version"] == 1


def test_feedback_after_close_and_never(client: TestClient, instructor: Account,
                                        learner: Account, now_frozen: clock.FrozenClock) -> None:
    closes = now_frozen.now() + timedelta(hours=1)
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[:1], feedback="after_close",
                          closes_at=closes.isoformat())
    enroll(client, learner)
    attempt = start(client, learner, quiz)
    assert attempt["deadline"].replace("Z", "+00:00") == closes.isoformat()
    done = submit(client, learner, attempt)
    assert done["feedback_available"] is False and done["questions"][0]["review"] is None
    assert done["questions"][0]["score"] is None and done["score"] is not None
    now_frozen.advance(3601)
    back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}", headers=learner.headers).json()
    assert back["feedback_available"] is True and back["questions"][0]["review"]["correct"]
    r = client.post(f"{API}/{SLUG}/quizzes/{quiz['id']}/attempts", headers=learner.headers)
    assert r.status_code == 409 and r.json()["title"] == "Quiz Not Open"
    r = client.patch(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=instructor.headers,
                     json={"feedback": "never", "closes_at": None})
    assert r.status_code == 200
    back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}", headers=learner.headers).json()
    assert back["feedback_available"] is False and back["questions"][0]["review"] is None
    r = client.patch(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=instructor.headers,
                     json={"opens_at": "2020-01-01T00:00:00", "closes_at": "2020-01-02T00:00:00"})
    assert r.status_code == 200 and r.json()["opens_at"].startswith("2020-01-01T00:00:00")
    r = client.patch(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=instructor.headers,
                     json={"opens_at": "2020-01-03T00:00:00"})  # after closes_at (no zone: UTC)
    assert r.status_code == 422 and r.json()["field"] == "closes_at"


def test_regrading_rescores_attempts_and_moves_completion(
        client: TestClient, instructor: Account, learner: Account, settings: Settings) -> None:
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[:1], completion=100)
    enroll(client, learner)
    attempt = start(client, learner, quiz)
    question = quiz["questions"][0]
    paris, lyon = (o["id"] for o in question["spec"]["options"])
    assert put(client, learner, attempt, question["id"], lyon).status_code == 200
    assert submit(client, learner, attempt)["score"] == 0
    assert lesson_state(client, learner) == "in_progress"
    spec = question["spec"]  # the author fixes the key: Lyon was right all along
    spec["options"][0]["correct"], spec["options"][1]["correct"] = False, True
    r = client.put(f"{API}/{SLUG}/questions/{question['id']}", headers=instructor.headers,
                   json=spec)
    assert r.status_code == 200 and r.json()["version"] == 2
    r = client.post(f"{API}/{SLUG}/questions/{question['id']}/regrade",
                    headers=instructor.headers)
    assert r.status_code == 200 and r.json() == {"rescored": 1}
    back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}", headers=learner.headers).json()
    assert back["score"] == 2 and back["percent"] == 100
    assert lesson_state(client, learner) == "completed"
    spec["options"][0]["correct"], spec["options"][1]["correct"] = True, False
    client.put(f"{API}/{SLUG}/questions/{question['id']}", headers=instructor.headers, json=spec)
    client.post(f"{API}/{SLUG}/questions/{question['id']}/regrade", headers=instructor.headers)
    assert lesson_state(client, learner) == "in_progress"  # completion follows the score
    r = client.post(f"{API}/{SLUG}/questions/{question['id']}/regrade", headers=learner.headers)
    assert r.status_code == 403
    assert paris != lyon
    # a question attempts hold is not deleted (their scores would lose its points)
    r = client.delete(f"{API}/{SLUG}/questions/{question['id']}", headers=instructor.headers)
    assert r.status_code == 409 and r.json()["attempts"] == 1
    spare = client.post(f"{API}/{SLUG}/quizzes/{quiz['id']}/questions",
                        headers=instructor.headers, json=EVERY_KIND[2]).json()
    r = client.delete(f"{API}/{SLUG}/questions/{spare['id']}", headers=instructor.headers)
    assert r.status_code == 204


def test_banks_draw_per_attempt_from_a_stored_seed(client: TestClient, instructor: Account,
                                                   learner: Account, admin: Account) -> None:
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[:1], attempt_limit=10)
    bank = client.post(f"{API}/{SLUG}/question-banks", headers=instructor.headers,
                       json={"title": "Arithmetic"}).json()
    for n in range(6):
        r = client.post(f"{API}/{SLUG}/question-banks/{bank['id']}/questions",
                        headers=instructor.headers,
                        json={"kind": "numeric", "prompt": f"{n} + {n}?", "value": 2 * n})
        assert r.status_code == 201
    r = client.patch(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=instructor.headers,
                     json={"draws": [{"bank_id": bank["id"], "count": 7}]})
    assert r.status_code == 422 and r.json()["field"] == "draws.0.count"
    r = client.patch(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=instructor.headers,
                     json={"draws": [{"bank_id": bank["id"], "count": 3, "points": 2}]})
    assert r.status_code == 200 and r.json()["question_count"] == 4
    assert r.json()["max_score"] == 2 + 3 * 2
    enroll(client, learner)
    drawn = []
    for _ in range(4):
        attempt = start(client, learner, quiz)
        ids = [q["id"] for q in attempt["questions"]]
        assert len(ids) == 4 and len(set(ids)) == 4
        back = client.get(f"{API}/{SLUG}/attempts/{attempt['id']}",
                          headers=learner.headers).json()
        assert [q["id"] for q in back["questions"]] == ids  # stored, never redrawn
        drawn.append(frozenset(ids[1:]))
        submit(client, learner, attempt)
    assert len(set(drawn)) > 1  # 20 possible draws: four equal ones would be 1 in 8000
    r = client.get(f"{API}/{SLUG}/question-banks", headers=instructor.headers)
    assert r.status_code == 200 and len(r.json()[0]["questions"]) == 6
    assert client.get(f"{API}/{SLUG}/question-banks",
                      headers=learner.headers).status_code == 403


def test_code_questions_score_the_learners_graded_submission(
        client: TestClient, instructor: Account, learner: Account, settings: Settings) -> None:
    with as_worker(settings) as s:
        owner = s.scalar(select(User).where(User.email == instructor.email))
        assert owner is not None
        challenge = make.challenge(s, owner, slug="sum-two-q")
        version = make.version(s, challenge)
    quiz, _ = quiz_course(client, instructor, questions=[
        {"kind": "code", "prompt": "Add two numbers", "challenge": "sum-two-q", "points": 4}])
    enroll(client, learner)
    attempt = start(client, learner, quiz)
    q = attempt["questions"][0]
    assert q["challenge_slug"] == "sum-two-q"
    with as_worker(settings) as s:
        me = s.scalar(select(User).where(User.email == learner.email))
        assert me is not None
        sub = make.submission(s, me, version, status="done", verdict="WA", points=1.0,
                              max_points=2.0)
        sub_id = str(sub.id)
    assert put(client, learner, attempt, q["id"], {"submission_id": sub_id}).status_code == 200
    r = put(client, learner, attempt, q["id"], {"id": sub_id}, version=1)
    assert r.status_code == 422
    assert submit(client, learner, attempt)["score"] == 2.0


def test_the_last_attempt_counts_when_the_quiz_says_so(client: TestClient, instructor: Account,
                                                       learner: Account) -> None:
    quiz, _ = quiz_course(client, instructor, questions=EVERY_KIND[2:3], scoring="last",
                          completion=100)
    enroll(client, learner)
    first = start(client, learner, quiz)
    qid = first["questions"][0]["id"]
    assert put(client, learner, first, qid, False).status_code == 200  # right: it is false
    submit(client, learner, first)
    assert lesson_state(client, learner) == "completed"
    second = start(client, learner, quiz)
    assert put(client, learner, second, qid, True).status_code == 200
    assert submit(client, learner, second)["percent"] == 0
    assert lesson_state(client, learner) == "in_progress"  # the last attempt counts
    mine = client.get(f"{API}/{SLUG}/quizzes/{quiz['id']}", headers=learner.headers).json()
    assert [a["percent"] for a in mine["attempts"]] == [100, 0]
