"""What the database side asks a runner to do: one RunRequest per job (as JSON in its job hash)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["grade", "exec", "check"]


@dataclass
class RunRequest:
    """What a runner needs for one piece of work; everything else stays in the database.

    kind "grade": `source` against the package `package_sha` (`samples_only` for the Run button).
    kind "exec": `source` run once on `stdin` (ad-hoc runs, Judge0), compared with
    `expected_output` when given, under `limits` (sandbox.contract.Limits fields).
    kind "check": every reference solution of package `package_sha` (package upload).
    """

    subject: str  # submission id, or "check-<version id>"
    attempt: int
    kind: Kind
    language: str = ""
    source: str = ""  # text; learner sources are UTF-8 (the api refuses anything else)
    package_sha: str | None = None
    samples_only: bool = False
    stdin: str | None = None
    expected_output: str | None = None
    limits: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunRequest:
        return cls(**data)
