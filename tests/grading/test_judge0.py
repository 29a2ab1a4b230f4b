"""The Judge0 CE surface, driven by the official `judge0` SDK and by raw HTTP against a real
server (uvicorn in a thread), with the worker and a real runner pool for the runs."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import judge0
import pytest
from fastapi.testclient import TestClient

from app.worker import Worker
from kit.settings import Settings
from models import Role
from tests.fixtures.api import Account, RunnerPool, make_account

SEGFAULT = "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n"
BAD_C = "int main(void) { return 0 }\n"


@pytest.fixture
def server(live_server: str) -> str:
    return live_server


def api_key(client: TestClient, who: Account) -> str:
    r = client.post("/api/v1/api-keys", json={"name": "judge0"}, headers=who.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["key"])


@pytest.fixture
def key(client: TestClient, learner: Account) -> str:
    return api_key(client, learner)


@pytest.fixture
def http(server: str, key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, headers={"X-Auth-Token": key}, timeout=60) as c:
        yield c


@pytest.fixture
def sdk(server: str, key: str) -> judge0.Client:
    return judge0.Client(server, {"X-Auth-Token": key})


def test_the_sdk_reads_languages_statuses_about_and_config(sdk: judge0.Client) -> None:
    python = next(lang for lang in sdk.get_languages() if lang.id == 71)
    assert python.name.startswith("Python")
    assert sdk.get_language(71).source_file == "main.py"
    assert sdk.get_language(50).compile_cmd
    statuses = sdk.get_statuses()
    assert [s["id"] for s in statuses] == list(range(1, 15))
    assert statuses[6]["description"] == "Runtime Error (SIGSEGV)"
    assert sdk.get_about()["version"] == "1.13.1"
    assert sdk.config.max_submission_batch_size == 20 and sdk.config.enable_wait_result
    assert sdk.is_language_supported(judge0.PYTHON) and sdk.is_language_supported(judge0.C)


@pytest.mark.docker
def test_sdk_batch_runs_map_onto_judge0_statuses(
        sdk: judge0.Client, client: TestClient, learner: Account, worker: Worker,
        runner_pool: RunnerPool) -> None:
    runs = {
        "hello": judge0.Submission(source_code='print("hello, " + input())', language=71,
                                   stdin="Judge0", expected_output="hello, Judge0"),
        "wrong": judge0.Submission(source_code="print(1)", language=71, expected_output="2"),
        "compile": judge0.Submission(source_code=BAD_C, language=50),
        "loop": judge0.Submission(source_code="while True:\n    pass\n", language=71,
                                  cpu_time_limit=1),
        "exit": judge0.Submission(source_code="raise SystemExit(3)", language=71),
        "segv": judge0.Submission(source_code=SEGFAULT, language=71),
        "unicode": judge0.Submission(source_code="print(input()[::-1])", language=71,
                                     stdin="žluť 🐍"),
    }
    created = judge0.async_execute(client=sdk, submissions=list(runs.values()))  # one batch
    runs = dict(zip(runs, created, strict=True))
    judge0.wait(client=sdk, submissions=created, retry_strategy=judge0.MaxWaitTime(120))
    got = {name: run.status for name, run in runs.items()}
    assert got == {"hello": judge0.Status.ACCEPTED, "wrong": judge0.Status.WRONG_ANSWER,
                   "compile": judge0.Status.COMPILATION_ERROR,
                   "loop": judge0.Status.TIME_LIMIT_EXCEEDED,
                   "exit": judge0.Status.RUNTIME_ERROR_NZEC,
                   "segv": judge0.Status.RUNTIME_ERROR_SIGSEGV,
                   "unicode": judge0.Status.ACCEPTED}
    hello = runs["hello"]
    assert hello.stdout == "hello, Judge0\n" and hello.stderr is None
    assert hello.time is not None and hello.memory and hello.memory > 0
    assert hello.exit_code == 0 and hello.created_at and hello.finished_at
    assert "error" in (runs["compile"].compile_output or "")
    assert runs["compile"].stdout is None and runs["compile"].time is None
    assert runs["loop"].time is not None and runs["loop"].time >= 0.9
    assert runs["exit"].exit_code == 3 and runs["exit"].stderr is None
    assert base64.b64decode(runs["exit"].message or "") == b"Exited with error status 3"
    assert runs["segv"].exit_signal == 11
    assert runs["unicode"].stdout == "🐍 ťulž\n"
    # one submission at a time, the language given by its SDK alias
    single = judge0.run(client=sdk, source_code="print(input())", stdin="hi",
                        language=judge0.PYTHON)
    assert single.status == judge0.Status.ACCEPTED and single.stdout == "hi\n"
    # the same rows are ordinary submissions of the caller
    mine = client.get("/api/v1/submissions?limit=100", headers=learner.headers).json()
    tokens = {str(r.token) for r in [*runs.values(), single]}
    assert tokens <= {s["id"] for s in mine["items"]}


@pytest.mark.docker
def test_wait_fields_base64_and_batches_over_raw_http(
        http: httpx.Client, settings: Settings, client: TestClient, worker: Worker,
        runner_pool: RunnerPool) -> None:
    r = http.post("/submissions?wait=true", json={
        "source_code": "print(input().upper())", "language_id": 71, "stdin": "judge0"})
    assert r.status_code == 201, r.text
    done = r.json()
    assert set(done) == {"token", "time", "memory", "stdout", "stderr", "compile_output",
                         "message", "status"}
    assert done["status"] == {"id": 3, "description": "Accepted"}
    assert done["stdout"] == "JUDGE0\n" and isinstance(done["time"], str)
    token = done["token"]
    some = http.get(f"/submissions/{token}?fields=stdout,status_id,language_id").json()
    assert some == {"stdout": "JUDGE0\n", "status_id": 3, "language_id": 71}
    everything = http.get(f"/submissions/{token}?fields=*").json()
    assert everything["cpu_time_limit"] == "5.0" and everything["memory_limit"] == 262144
    assert everything["language"]["id"] == 71 and everything["created_at"].endswith("Z")
    encoded = http.get(f"/submissions/{token}?base64_encoded=true&fields=stdout,stdin").json()
    assert base64.b64decode(encoded["stdout"]) == b"JUDGE0\n"
    assert base64.b64decode(encoded["stdin"]) == b"judge0"
    r = http.get(f"/submissions/{token}?fields=stdout,nope")
    assert r.status_code == 400 and r.json() == {"error": "invalid fields: [nope]"}

    # output that is not UTF-8 can only be read Base64-encoded
    raw = http.post("/submissions?wait=true", json={
        "source_code": "import sys\nsys.stdout.buffer.write(b'\\xfe\\xff')", "language_id": 71})
    assert raw.status_code == 201 and set(raw.json()) == {"token", "error"}, raw.text
    assert "use base64_encoded=true" in raw.json()["error"]
    binary = raw.json()["token"]
    plain = http.get(f"/submissions/{binary}")
    assert plain.status_code == 400 and "use base64_encoded=true" in plain.json()["error"]
    exact = http.get(f"/submissions/{binary}?base64_encoded=true").json()["stdout"]
    assert base64.b64decode(exact) == b"\xfe\xff", "the program's bytes, exactly"
    # text that happens to contain U+FFFD is still text
    r = http.post("/submissions?wait=true", json={"source_code": "print('\\ufffd')",
                                                   "language_id": 71})
    assert r.status_code == 201 and r.json()["stdout"] == "\ufffd\n", r.text

    # a batch with one bad submission: per-item errors, tokens for the rest
    r = http.post("/submissions/batch", json={"submissions": [
        {"source_code": "print(42)", "language_id": 71},
        {"source_code": "print(42)", "language_id": 4242}]})
    assert r.status_code == 201, r.text
    first, second = r.json()
    assert second == {"language_id": ["language with id 4242 doesn't exist"]}
    unknown = str(uuid.uuid4())
    batch = poll_batch(http, f"{first['token']},{unknown},{token}")
    assert batch[0]["stdout"] == "42\n" and batch[1] is None and batch[2]["token"] == token

    # another learner sees none of it
    other = api_key(client, make_account(settings, client, Role.LEARNER))
    assert http.get(f"/submissions/{token}", headers={"X-Auth-Token": other}).status_code == 404
    theirs = http.get(f"/submissions/batch?tokens={token}", headers={"X-Auth-Token": other})
    assert theirs.json() == {"submissions": [None]}


def poll_batch(http: httpx.Client, tokens: str) -> list[Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r = http.get(f"/submissions/batch?tokens={tokens}")
        assert r.status_code == 200, r.text
        items: list[Any] = r.json()["submissions"]
        if all(i is None or i["status"]["id"] > 2 for i in items):
            return items
        time.sleep(0.2)
    raise AssertionError("the batch did not finish")


@pytest.mark.parametrize(("body", "errors"), [
    ({"source_code": "print(1)", "language_id": 9999},
     {"language_id": ["language with id 9999 doesn't exist"]}),
    ({"language_id": 71}, {"source_code": ["can't be blank"]}),
    ({}, {"source_code": ["can't be blank"], "language_id": ["can't be blank"]}),
    ({"source_code": "x", "language_id": 71, "cpu_time_limit": 100},
     {"cpu_time_limit": ["must be less than or equal to 15.0"]}),
    ({"source_code": "x", "language_id": 71, "memory_limit": 1000, "wall_time_limit": "abc"},
     {"memory_limit": ["must be greater than or equal to 2048"],
      "wall_time_limit": ["is not a number"]}),
    ({"source_code": "x", "language_id": 50, "compiler_options": "-O3",
      "enable_network": True},
     {"compiler_options": ["setting compiler options is not allowed"],
      "enable_network": ["enabling network is not allowed"]}),
])
def test_invalid_submissions_get_judge0_validation_errors(
        http: httpx.Client, body: dict[str, Any], errors: dict[str, list[str]]) -> None:
    r = http.post("/submissions", json=body)
    assert r.status_code == 422 and r.json() == errors


def test_request_errors_keep_judge0_shapes(http: httpx.Client, server: str,
                                           learner: Account) -> None:
    r = http.post("/submissions?base64_encoded=true", json={"source_code": "not base64!",
                                                            "language_id": 71})
    assert r.status_code == 422 and r.json() == {"source_code": ["is not valid Base64"]}
    r = http.post("/submissions", headers={"Content-Type": "application/json"},
                  content='{"source_code": "x", "language_id": 71, "stdin": "\\ud800"}')
    assert r.status_code == 422 and r.json() == {"stdin": ["is not valid UTF-8 text"]}
    r = http.post("/submissions", headers={"Content-Type": "application/json"},
                  content='{"source_code": "x", "language_id": "71", "cpu_time_limit": Infinity,'
                          ' "max_file_size": NaN}')
    assert r.status_code == 422 and r.json() == {
        "cpu_time_limit": ["must be less than or equal to 15.0"],
        "max_file_size": ["is not a number"]}
    r = http.post("/submissions/batch", json={"submissions": []})
    assert r.status_code == 400 and "at least one" in r.json()["error"]
    r = http.post("/submissions/batch", json={"submissions": [{"language_id": 71}] * 21})
    assert r.status_code == 400 and "less than or equal to 20" in r.json()["error"]
    r = http.post("/submissions/batch", json={"submissions": [{"language_id": 71}]})
    assert r.status_code == 422 and r.json() == [{"source_code": ["can't be blank"]}]
    assert http.get("/submissions/batch").status_code == 400
    for token in (str(uuid.uuid4()), "not-a-token"):
        r = http.get(f"/submissions/{token}")
        assert r.status_code == 404 and r.json()["error"] == "submission not found"
    assert http.get("/languages/9999").status_code == 404
    r = http.delete(f"/submissions/{uuid.uuid4()}")
    assert r.status_code == 400 and r.json() == {"error": "delete not allowed"}
    # our own headers work as well as X-Auth-Token
    with httpx.Client(base_url=server) as bare:
        assert bare.get(f"/submissions/{uuid.uuid4()}", headers=learner.headers
                        ).status_code == 404
        for headers in ({}, {"X-Auth-Token": "uwk_not-a-key"}, {"X-Auth-Token": "junk"}):
            r = bare.post("/submissions", json={"source_code": "print(1)", "language_id": 71},
                          headers=headers)
            assert r.status_code == 401, (headers, r.text)
        assert bare.get("/system_info").status_code == 401
        assert bare.get("/languages").status_code == 200
