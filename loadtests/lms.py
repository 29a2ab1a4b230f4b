"""People on the learning side: visitors browse without signing in, learners enroll and work.

    .venv/bin/locust -f loadtests/lms.py --host http://127.0.0.1:8000
    .venv/bin/locust -f loadtests/locustfile.py,loadtests/lms.py ...   # with the submitters

`Visitor` (anonymous, the pages a CDN could serve): the catalogue, search (words from the
titles it has seen, a phrase, a typo), course pages and outlines, revalidated with If-None-Match
as a browser does. `Student` (signed in): registers, enrolls in a course of the catalogue (a
409 for a course it is in already is expected), reads its outline and lessons (a 403 "Lesson
Locked" for a drip-locked one is expected), and records views. Works on any catalogue, the demo
course that `scripts/run` seeds included.
"""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

from locust import HttpUser, between, task

PASSWORD = "load-test-password"
WORDS = ["programming", "python", "loops", "functions", "introduction", "\"sum of two\"",
         "progamming", "data -video", "lesson"]


class Visitor(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.slugs: list[str] = []
        self.etags: dict[str, str] = {}
        self.catalogue()

    def _get(self, url: str, name: str, **kw: Any) -> Any:
        """A GET as a browser with a cache makes it: If-None-Match when it has a tag."""
        headers = dict(kw.pop("headers", {}))
        if url in self.etags:
            headers["If-None-Match"] = self.etags[url]
        with self.client.get(url, name=name, headers=headers, catch_response=True, **kw) as r:
            if r.status_code == 304:
                r.success()
                return None
            if r.status_code == 200 and r.headers.get("etag"):
                self.etags[url] = r.headers["etag"]
            return r.json() if r.status_code == 200 else None

    @task(3)
    def catalogue(self) -> None:
        page = self._get("/api/v1/courses?limit=50", "/courses")
        if page is not None:
            self.slugs = [c["slug"] for c in page["items"]] or self.slugs

    @task(3)
    def search(self) -> None:
        self.client.get("/api/v1/search", params={"q": random.choice(WORDS)}, name="/search")

    @task(4)
    def outline(self) -> None:
        if self.slugs:
            self._get(f"/api/v1/courses/{random.choice(self.slugs)}/outline",
                      "/courses/{slug}/outline")

    @task(1)
    def course(self) -> None:
        if self.slugs:
            self.client.get(f"/api/v1/courses/{random.choice(self.slugs)}",
                            name="/courses/{slug}")


class Student(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.email = f"lms-{uuid.uuid4().hex[:16]}@load.example.com"
        body = {"email": self.email, "password": PASSWORD, "name": "Load Student"}
        while True:  # 30 registrations a minute per client address
            with self.client.post("/api/v1/auth/register", json=body, name="/auth/register",
                                  catch_response=True) as r:
                if r.status_code != 429:
                    break
                r.success()
            time.sleep(float(r.headers.get("retry-after") or 5))
        r = self.client.post("/api/v1/auth/login", name="/auth/login",
                             json={"email": self.email, "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {r.json().get('access_token', '')}"}
        self.courses: list[str] = []

    @task(1)
    def enroll(self) -> None:
        r = self.client.get("/api/v1/courses?limit=50", name="/courses", headers=self.headers)
        free = [c["slug"] for c in r.json()["items"] if c["price_cents"] == 0] \
            if r.status_code == 200 else []
        if not free:
            return
        slug = random.choice(free)
        with self.client.post(f"/api/v1/courses/{slug}/enrollment", headers=self.headers,
                              name="/courses/{slug}/enrollment", catch_response=True) as e:
            if e.status_code in (201, 409):  # 409: enrolled already, as the problem says
                e.success()
                self.courses.append(slug)

    @task(4)
    def study(self) -> None:
        if not self.courses:
            return self.enroll()
        slug = random.choice(self.courses)
        r = self.client.get(f"/api/v1/courses/{slug}/outline", headers=self.headers,
                            name="/courses/{slug}/outline [signed in]")
        if r.status_code != 200:
            return None
        lessons = [x for sec in r.json()["sections"] for x in sec["lessons"]]
        if not lessons:
            return None
        lesson = random.choice(lessons)
        url = f"/api/v1/courses/{slug}/lessons/{lesson['id']}"
        with self.client.get(url, headers=self.headers, name="/courses/{slug}/lessons/{id}",
                             catch_response=True) as got:
            locked = got.status_code == 403 and got.json().get("title") == "Lesson Locked"
            if locked:
                got.success()  # a drip-locked lesson answers why, as designed
                return None
        self.client.post(f"{url}/view", headers=self.headers,
                         name="/courses/{slug}/lessons/{id}/view")
        return None
