"""Language self-tests: a worker serves only the languages whose self-test passes."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.base import Sandbox
from sandbox.contract import Job, Limits, Status, TestInput
from sandbox.errors import RunnerError
from sandbox.languages import get_language


@dataclass(frozen=True)
class SelfTest:
    language: str
    ok: bool
    detail: str
    seconds: float = 0.0


def selftest(sandbox: Sandbox, language: str) -> SelfTest:
    lang = get_language(language)
    job = Job(language=lang.name, files={lang.source_name: lang.selftest_source.encode()},
              tests=[TestInput("selftest", lang.selftest_stdin)], limits=Limits(time_s=5.0))
    try:
        outcome = sandbox.execute(job)
    except RunnerError as exc:
        return SelfTest(language, False, str(exc))
    if not outcome.compiled:
        assert outcome.compile is not None
        return SelfTest(language, False, "compile failed: "
                        + outcome.compile.stderr.decode(errors="replace")[:500])
    result = outcome.tests.get("selftest")
    if result is None or result.status is not Status.OK:
        detail = f"{result.status}: {result.stderr[:300]!r}" if result else "no result"
        return SelfTest(language, False, detail)
    if result.stdout != lang.selftest_stdout:
        return SelfTest(language, False, f"wrong output {result.stdout[:100]!r}")
    return SelfTest(language, True, "ok", result.wall_time)


def passing_languages(sandbox: Sandbox, languages: list[str]) -> tuple[list[str], list[SelfTest]]:
    results = [selftest(sandbox, lang) for lang in languages]
    return [r.language for r in results if r.ok], results
