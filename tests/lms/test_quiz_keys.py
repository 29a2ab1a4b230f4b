"""The key-leak walk: every response a learner can get from a quiz before its feedback policy
allows (the catalogue, the outline, the lesson, the quiz, attempts started, resumed, read,
saved, refused, submitted, and every error on the way) is searched for anything of the keys:
the secret strings only keys and feedback hold, and the fields that carry keys."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

from kit import clock
from tests.fixtures.api import Account
from tests.fixtures.courses import API
from tests.fixtures.quizzes import SECRETS, quiz_course, right_answers

KEY_FIELDS = ('"correct"', '"key"', '"answers"', '"order"', '"pairs"', '"spec"',
              '"option_feedback"', '"review":{', '"tolerance"', '"regex"')


class Walk:
    def __init__(self, client: TestClient, who: Account) -> None:
        self.client, self.who, self.seen = client, who, 0

    def __call__(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        r = self.client.request(method, url, headers=self.who.headers, **kwargs)
        body = r.text.replace(" ", "")
        for secret in SECRETS:
            assert secret not in r.text, (method, url, secret, r.text[:500])
        for field in KEY_FIELDS:
            assert field not in body, (method, url, field, r.text[:500])
        self.seen += 1
        return r


def test_no_learner_response_holds_a_key(client: TestClient, instructor: Account,
                                         learner: Account, now_frozen: clock.FrozenClock) -> None:
    quiz, lesson = quiz_course(client, instructor, feedback="never", attempt_limit=2,
                               time_limit_s=600)
    slug, qid = "quizzed", quiz["id"]
    walk = Walk(client, learner)
    walk("GET", f"{API}/{slug}")
    walk("GET", f"{API}/{slug}/outline")
    assert walk("GET", f"{API}/{slug}/quizzes/{qid}").status_code == 404  # not enrolled
    walk("POST", f"{API}/{slug}/enrollment")
    walk("GET", f"{API}/{slug}/lessons/{lesson['id']}")
    walk("POST", f"{API}/{slug}/lessons/{lesson['id']}/view")
    walk("GET", f"{API}/{slug}/quizzes/{qid}")
    assert walk("GET", f"{API}/{slug}/quizzes").status_code == 403
    assert walk("GET", f"{API}/{slug}/question-banks").status_code == 403
    for q in quiz["questions"]:
        assert walk("PUT", f"{API}/{slug}/questions/{q['id']}",
                    json=q["spec"]).status_code == 403
    attempt = walk("POST", f"{API}/{slug}/quizzes/{qid}/attempts").json()
    walk("POST", f"{API}/{slug}/quizzes/{qid}/attempts")  # resumed
    right = right_answers(quiz, attempt)
    # ids only where the answer is text (a learner's own right answer would echo a secret)
    wrong = {"numeric": 1.5, "short_text": "a horse", "fill_blanks": {"animal": "giraffe"}}
    kinds = {q["id"]: q["kind"] for q in attempt["questions"]}
    right = {k: wrong.get(kinds[k], v) for k, v in right.items()}
    url = f"{API}/{slug}/attempts/{attempt['id']}"
    for q in attempt["questions"]:
        save = f"{url}/answers/{q['id']}"
        assert walk("PUT", save, json={"response": {"wrong": "shape"},
                                       "version": 0}).status_code == 422
        assert walk("PUT", save, json={"response": right[q["id"]],
                                       "version": 0}).status_code == 200
        assert walk("PUT", save, json={"response": right[q["id"]],
                                       "version": 0}).status_code == 409  # stale
        walk("GET", url)
    done = walk("POST", f"{url}/submit").json()
    assert done["score"] == done["max_score"] - 2 and done["feedback_available"] is False
    walk("GET", url)
    walk("GET", f"{API}/{slug}/quizzes/{qid}")
    assert walk("PUT", f"{url}/answers/{attempt['questions'][0]['id']}",
                json={"response": None, "version": 1}).status_code == 409  # closed
    second = walk("POST", f"{API}/{slug}/quizzes/{qid}/attempts").json()
    now_frozen.advance(601)
    late = f"{API}/{slug}/attempts/{second['id']}/answers/{second['questions'][0]['id']}"
    assert walk("PUT", late, json={"response": None, "version": 0}).status_code == 409
    walk("POST", f"{API}/{slug}/attempts/{second['id']}/submit")
    assert walk("POST", f"{API}/{slug}/quizzes/{qid}/attempts").status_code == 409
    walk("GET", f"{API}/{slug}/outline")
    walk("GET", f"{API}/{slug}/enrollment")
    assert walk.seen > 40
    # and the editors' copy does hold them, so the walk above was searching for the right thing
    editor = client.get(f"{API}/{slug}/quizzes/{qid}", headers=instructor.headers).text
    assert all(secret in editor for secret in SECRETS)
