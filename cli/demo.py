"""Seeding the demo (accounts, the sum-two challenge, a course around it with the demo learner
enrolled) and grading it through the HTTP API."""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx

DEMO = Path(__file__).resolve().parent.parent / "examples" / "sum-two"
INSTRUCTOR = ("instructor@demo.example.com", "demo-instructor-pw")
LEARNER = ("learner@demo.example.com", "demo-learner-pw")
ADMIN = ("admin@demo.example.com", "demo-admin-pw")  # the outbox view (/admin/outbox)


def _wait_ready(client: httpx.Client, children: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if any(c.poll() is not None for c in children):
            raise SystemExit("a service process exited during start-up; see its output above")
        try:
            if client.get("/readyz").status_code == 200 and _runners(client) > 0:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the service did not become ready in 180 s")


def _runners(client: httpx.Client) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("uw_runners "):
            return float(line.split()[1])
    return 0.0


def _ensure_user(database_url: str, email: str, password: str, role: str) -> None:
    from accounts import service
    from kit import db
    from kit.errors import Conflict
    from models import Role

    engine = db.make_engine(database_url, pool_size=1)
    try:
        with db.unit_of_work(db.make_sessionmaker(engine)) as s:
            service.register(s, email, password, role, Role(role))
    except Conflict:
        pass
    finally:
        engine.dispose()


def _login(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _zip_demo() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(DEMO.rglob("*")):
            if file.is_file():
                zf.write(file, file.relative_to(DEMO).as_posix())
    return buf.getvalue()


def _ensure_challenge(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    r = client.get("/api/v1/challenges/sum-two", headers=headers)
    if r.status_code == 404:
        client.post("/api/v1/challenges", json={"slug": "sum-two", "title": "Sum"},
                    headers=headers).raise_for_status()
        r = client.get("/api/v1/challenges/sum-two", headers=headers)
    challenge: dict[str, Any] = r.json()
    if challenge["version"] is None:
        latest = challenge.get("latest_version")
        if latest is None or latest["status"] == "invalid":
            print("uploading examples/sum-two; every reference solution is checked ...",
                  flush=True)
            client.put("/api/v1/challenges/sum-two/package", content=_zip_demo(), headers={
                **headers, "Content-Type": "application/zip"}).raise_for_status()
        challenge = _wait_checked(client, headers)
    if challenge["status"] != "published":
        client.post("/api/v1/challenges/sum-two/publish", headers=headers).raise_for_status()
    return challenge


def _wait_checked(client: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    shown = None
    for _ in range(1200):
        challenge: dict[str, Any] = client.get("/api/v1/challenges/sum-two",
                                               headers=headers).json()
        latest = challenge["latest_version"]
        if latest["status"] == "valid" and challenge["version"] is not None:
            return challenge
        if latest["status"] == "invalid":
            raise SystemExit(f"the demo package failed its check: {latest['report']}")
        progress = client.get(f"/api/v1/challenges/sum-two/versions/{latest['number']}",
                              headers=headers).json()["progress"]
        if progress != shown:
            print(f"  check progress: {progress}", flush=True)
            shown = progress
        time.sleep(0.25)
    raise SystemExit("the demo package check did not finish in 5 minutes")


COURSE = "intro-to-programming"
LESSONS: list[dict[str, Any]] = [
    {"kind": "text", "title": "Welcome", "body": "# Welcome\n\nRead this, then solve **Sum two**."},
    {"kind": "challenge", "title": "Sum two", "challenge": "sum-two"},
    {"kind": "quiz", "title": "Check yourself",
     "completion": {"kind": "min_score", "min_score": 60}},
    {"kind": "text", "title": "Next week", "body": "Opens a week after you enrolled.",
     "unlock_after_days": 7},
]


QUIZ: list[dict[str, Any]] = [
    {"kind": "single_choice", "prompt": "What does `print(1 + 2)` print?", "options": [
        {"text": "3", "correct": True, "feedback": "Python adds first, then prints."},
        {"text": "1 + 2", "feedback": "Without quotes it is an expression, not text."},
        {"text": "12"}]},
    {"kind": "true_false", "prompt": "`input()` returns a number when you type digits.",
     "correct": False, "feedback": "It returns a string: convert it with `int()`."},
    {"kind": "numeric", "prompt": "How many bytes are in a kilobyte (KiB)?", "value": 1024},
    {"kind": "short_text", "prompt": "Which built-in function turns `\"42\"` into `42`?",
     "answers": ["int", "int()"]},
    {"kind": "fill_blanks", "prompt": "Complete the loop.",
     "text": "[[kw]] i in range(3): print(i)", "blanks": {"kw": {"answers": ["for"]}}},
    {"kind": "ordering", "prompt": "Put the steps of solving a challenge in order.", "items": [
        {"text": "Read the statement"}, {"text": "Try the samples"}, {"text": "Submit"}]},
]


def _demo_quiz(client: httpx.Client, headers: dict[str, str]) -> str:
    quiz = client.post(f"/api/v1/courses/{COURSE}/quizzes", headers=headers, json={
        "title": "Check yourself", "passing_score": 60, "attempt_limit": 3,
        "time_limit_s": 600})
    quiz.raise_for_status()
    for question in QUIZ:
        client.post(f"/api/v1/courses/{COURSE}/quizzes/{quiz.json()['id']}/questions",
                    headers=headers, json=question).raise_for_status()
    return str(quiz.json()["id"])


def _ensure_course(client: httpx.Client, headers: dict[str, str],
                   learner: dict[str, str]) -> None:
    """A published course: a text lesson, the demo challenge, a quiz, a drip-locked lesson."""
    if client.get(f"/api/v1/courses/{COURSE}", headers=headers).status_code == 404:
        client.post("/api/v1/courses", headers=headers, json={
            "slug": COURSE, "title": "Introduction to programming", "summary": "The demo course",
            "description": "Start here.", "level": "beginner"}).raise_for_status()
        section = client.post(f"/api/v1/courses/{COURSE}/sections", headers=headers,
                              json={"title": "Week 1"}).json()["id"]
        quiz = _demo_quiz(client, headers)
        for lesson in LESSONS:
            extra = {"quiz": quiz} if lesson["kind"] == "quiz" else {}
            client.post(f"/api/v1/courses/{COURSE}/sections/{section}/lessons", headers=headers,
                        json={**lesson, **extra, "status": "published"}).raise_for_status()
        client.post(f"/api/v1/courses/{COURSE}/publish", headers=headers).raise_for_status()
    r = client.post(f"/api/v1/courses/{COURSE}/enrollment", headers=learner)
    if r.status_code not in (201, 409):
        r.raise_for_status()


def _show_course(client: httpx.Client, learner: dict[str, str]) -> None:
    """The learner's outline, once the worker has applied the demo verdict to it."""
    outline: dict[str, Any] = {}
    for _ in range(60):
        outline = client.get(f"/api/v1/courses/{COURSE}/outline", headers=learner).json()
        lessons = outline["sections"][0]["lessons"]
        if lessons[1]["progress"] == "completed":
            break
        time.sleep(0.25)
    print(f"\ndemo course {COURSE} (the learner, {outline.get('percent')} % done):")
    for lesson in outline["sections"][0]["lessons"]:
        state = f"locked: {lesson['lock_reason']}" if lesson["locked"] else lesson["progress"]
        print(f"  {lesson['kind']:<9} {lesson['title']:<10} {state}")


def seed_and_grade(base: str, database_url: str,
                   children: list[subprocess.Popen[bytes]]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        _wait_ready(client, children)
        _ensure_user(database_url, *INSTRUCTOR, "instructor")
        _ensure_user(database_url, *LEARNER, "learner")
        _ensure_user(database_url, *ADMIN, "admin")
        teacher = _login(client, *INSTRUCTOR)
        _ensure_challenge(client, teacher)
        learner = _login(client, *LEARNER)
        _ensure_course(client, teacher, learner)
        source = (DEMO / "solutions" / "ok.py").read_text()
        r = client.post("/api/v1/submissions?wait=true", headers=learner, json={
            "challenge_id": "sum-two", "language": "python3", "source": source})
        r.raise_for_status()
        sub = r.json()
        print(f"\ndemo submission {sub['id']}: {sub['verdict']} "
              f"({sub['points']}/{sub['max_points']})")
        for t in sub["result"]["tests"]:
            print(f"  test {t['name']}: {t['verdict']:<3} {t['time'] * 1000:6.1f} ms "
                  f"{t['memory_kb']:>7} KB")
        _show_course(client, learner)
        print(f"\naccounts: {INSTRUCTOR[0]} / {INSTRUCTOR[1]} (instructor), "
              f"{LEARNER[0]} / {LEARNER[1]} (learner), {ADMIN[0]} / {ADMIN[1]} (admin)")
        print(f"try: curl -s {base}/api/v1/challenges/sum-two -H 'Authorization: Bearer "
              "<token from POST /api/v1/auth/login>'")
        print(f"     curl -s {base}/api/v1/courses/{COURSE}/outline -H 'Authorization: Bearer "
              "<the learner's token>'")
