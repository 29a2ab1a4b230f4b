"""Reading an uploaded package zip: validate it like check-package's loader and summarise what
learners may see (statement, limits, languages, starter code, sample tests)."""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from grading.languages import aliases, names
from kit.errors import AppError, PayloadTooLarge
from scoring.package import PackageError, extract, load

MAX_SAMPLE_BYTES = 64 * 1024


class InvalidPackage(AppError):
    status, title = 422, "Invalid Package"


def sha256(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def read(blob: bytes, max_bytes: int, max_output_mb: float) -> dict[str, Any]:
    """Validate the zip and return its manifest summary (raises InvalidPackage with `where`)."""
    if len(blob) > max_bytes:
        raise PayloadTooLarge(f"the package is {len(blob)} bytes; the limit is {max_bytes}")
    if not zipfile.is_zipfile(io.BytesIO(blob)):
        raise InvalidPackage("the upload is not a zip archive", where="package")
    with tempfile.TemporaryDirectory(prefix="uw-upload-") as tmp:
        try:
            package = load(extract(io.BytesIO(blob), Path(tmp)), names(), aliases())
        except PackageError as exc:
            raise InvalidPackage(str(exc), where=exc.where) from None
        if package.output_mb > max_output_mb:
            raise InvalidPackage(f"limits.output: at most {max_output_mb:g} MB here",
                                 where="limits.output")
        return {
            "id": package.id, "title": package.title, "statement": package.statement,
            "type": package.type, "time_limit": package.time_limit,
            "memory_mb": package.memory_mb, "output_mb": package.output_mb,
            "languages": list(package.languages),
            "starter": dict(package.starter), "scoring": str(package.scoring),
            "checker": package.checker.name, "tests": len(package.tests),
            "samples": [_sample(t) for t in package.tests if t.sample],
            "solutions": len(package.solutions),
        }


def _sample(test: Any) -> dict[str, Any]:
    def text(path: Path | None) -> str | None:
        if path is None:
            return None
        return path.read_bytes()[:MAX_SAMPLE_BYTES].decode(errors="replace")

    if test.function_case is not None:
        return {"name": test.name, "case": text(test.function_case)}
    return {"name": test.name, "input": text(test.input), "output": text(test.output)}


def references(blob: bytes) -> list[str]:
    """The package's accepted solutions, for the hint guard to compare hints with (never
    shown, never sent to a model)."""
    with tempfile.TemporaryDirectory(prefix="uw-hints-") as tmp:
        package = load(extract(io.BytesIO(blob), Path(tmp)), names(), aliases())
        return [s.path.read_text(errors="replace") for s in package.solutions
                if s.verdict.value == "AC"]
