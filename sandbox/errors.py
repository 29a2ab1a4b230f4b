"""Errors of the runner. Learner failures are never errors here: they are results.

    RunnerError                 base of everything the runner raises
    +-- SandboxUnavailable      the sandbox cannot be set up (missing image, engine down,
    |                           hardening refused): retriable elsewhere, never run weaker
    +-- SandboxBroken           a sandbox died or spoke out of protocol mid-job: internal error
    +-- BadJob                  the job itself is invalid (unknown language, bad file name)
"""


class RunnerError(Exception):
    """Base of all runner errors."""


class SandboxUnavailable(RunnerError):
    """The sandbox cannot be created as required; the job may be retried."""


class SandboxBroken(RunnerError):
    """The sandbox failed while running a job (crashed supervisor, protocol violation)."""


class BadJob(RunnerError):
    """The job cannot be run as given."""
