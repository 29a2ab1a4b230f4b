"""A runner host: the sandbox for the languages this machine can actually run.

At start every configured language is self-tested in the real sandbox; only those that pass are
served. The queue worker (grading service) builds on this.
"""

from __future__ import annotations

import logging

from sandbox.docker_sandbox import DockerSandbox
from sandbox.selftest import SelfTest, passing_languages
from sandbox.settings import SandboxSettings

log = logging.getLogger(__name__)


class RunnerHost:
    def __init__(self, settings: SandboxSettings | None = None,
                 languages: list[str] | None = None) -> None:
        probe = DockerSandbox(settings, languages=languages, warm=False)
        try:
            served, self.selftests = passing_languages(probe, probe.languages)
        finally:
            probe.close()
        for result in self.selftests:
            if not result.ok:
                log.error("not serving %s: self-test failed: %s", result.language, result.detail)
        self.languages = served
        self.sandbox = DockerSandbox(settings, languages=served) if served else None

    @property
    def failed(self) -> list[SelfTest]:
        return [r for r in self.selftests if not r.ok]

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.close()
