from sandbox.contract import EventKind, ExecResult, Job, Status, TestInput
from sandbox.fake import FakeSandbox


def test_fake_emits_the_same_event_stream_shape() -> None:
    job = Job("c", {"main.c": b""}, [TestInput("a", b"1"), TestInput("b", b"2")])
    kinds = [e.kind for e in FakeSandbox().run(job)]
    assert kinds == [EventKind.ACQUIRED, EventKind.COMPILE_STARTED, EventKind.COMPILED,
                     EventKind.TEST_FINISHED, EventKind.TEST_FINISHED, EventKind.FINISHED]


def test_fake_compile_failure_stops_before_tests() -> None:
    sb = FakeSandbox(compile_result=ExecResult(Status.RUNTIME_ERROR, exit_code=1, stderr=b"e"))
    out = sb.execute(Job("cpp", {"main.cpp": b""}, [TestInput("a")]))
    assert not out.compiled and out.tests == {}


def test_fake_scripts_results() -> None:
    out = FakeSandbox().execute(Job("python3", {"main.py": b""}, [TestInput("a", b"hi")]))
    assert out.tests["a"].stdout == b"hi"
