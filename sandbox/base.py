"""The narrow interface every layer above the runner uses to execute code."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator

from sandbox.contract import Event, EventKind, Job, RunOutcome

OnEvent = Callable[[Event], None]


class Sandbox(ABC):
    """Runs a job (compile once, then every test) and reports progress as a stream of events.

    `run` yields ACQUIRED, then COMPILE_STARTED/COMPILED when the language compiles, then one
    TEST_FINISHED per test in order, then FINISHED. A failed compile ends the stream after
    COMPILED with FINISHED. Learner failures are results, never exceptions; RunnerError
    subclasses mean the sandbox itself failed.
    """

    @abstractmethod
    def run(self, job: Job) -> Iterator[Event]: ...

    def execute(self, job: Job, on_event: OnEvent | None = None) -> RunOutcome:
        outcome = RunOutcome()
        for event in self.run(job):
            if on_event is not None:
                on_event(event)
            if event.kind is EventKind.COMPILED:
                outcome.compile = event.result
            elif event.kind is EventKind.TEST_FINISHED and event.result and event.test:
                outcome.tests[event.test] = event.result
        self.settle()
        return outcome

    def settle(self) -> None:  # noqa: B027 - optional hook, most sandboxes owe nothing
        """Wait for what the last `run` left to do after its last result, done off the
        consumer's path (DockerSandbox reads the supervisor's report that nothing of the job
        is left, which decides whether the container takes another job). `execute`, the
        next `run` and `close` call it; a streaming consumer may, once its answer is out."""

    def close(self) -> None:  # noqa: B027 - optional hook, most sandboxes hold nothing
        """Release everything the sandbox holds (warm containers, threads)."""
