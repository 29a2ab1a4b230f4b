"""A scripted sandbox for unit tests of the layers above: no Docker, same event stream."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sandbox.base import Sandbox
from sandbox.contract import Event, EventKind, ExecResult, Job, Status, TestInput
from sandbox.languages import get_language

Script = Callable[[Job, TestInput], ExecResult]


def echo(job: Job, test: TestInput) -> ExecResult:
    return ExecResult(status=Status.OK, exit_code=0, stdout=test.stdin, cpu_time=0.001,
                      wall_time=0.001, memory_kb=1024)


class FakeSandbox(Sandbox):
    """Answers each test with `script(job, test)`; `compile_result` scripts the compile step."""

    def __init__(self, script: Script = echo, compile_result: ExecResult | None = None) -> None:
        self.script = script
        self.compile_result = compile_result
        self.jobs: list[Job] = []

    def run(self, job: Job) -> Iterator[Event]:
        lang = get_language(job.language)
        self.jobs.append(job)
        yield Event(EventKind.ACQUIRED)
        if lang.compile_argv is not None:
            yield Event(EventKind.COMPILE_STARTED)
            result = self.compile_result or ExecResult(status=Status.OK, exit_code=0)
            yield Event(EventKind.COMPILED, result=result)
            if result.status is not Status.OK:
                yield Event(EventKind.FINISHED)
                return
        for index, test in enumerate(job.tests):
            yield Event(EventKind.TEST_FINISHED, test=test.name, index=index,
                        result=self.script(job, test))
        yield Event(EventKind.FINISHED)
