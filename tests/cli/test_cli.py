"""The `usefulwriter` command, run as a user would (a real process, real sandbox)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent.parent


def usefulwriter(*args: str, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, **env} if env else None)


@pytest.mark.docker
def test_run_prints_the_program_output_and_exits_0() -> None:
    out = usefulwriter("run", "--lang", "python3", "examples/hello/hello.py",
                       "--stdin", "examples/hello/hello.in")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Hello, World!\n"
    assert "--- ok (exit 0)" in out.stderr


@pytest.mark.docker
def test_run_json_reports_limits(tmp_path: Path) -> None:
    prog = tmp_path / "main.c"
    prog.write_text("#include <stdlib.h>\n#include <string.h>\nint main(void){"
                    "for(;;){char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20);}}\n")
    out = usefulwriter("run", "--lang", "c", str(prog), "--memory-limit", "64", "--json")
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    assert doc["compile"]["status"] == "ok"
    assert doc["result"]["status"] == "memory_limit" and doc["result"]["limit_hit"] == "memory"


@pytest.mark.docker
def test_run_shows_compiler_errors(tmp_path: Path) -> None:
    prog = tmp_path / "Main.java"
    prog.write_text("public class Main { void f() { int x = \"s\"; } }\n")
    out = usefulwriter("run", "--lang", "java", str(prog))
    assert out.returncode == 1
    assert "compilation failed" in out.stdout and "incompatible types" in out.stdout


def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    missing = usefulwriter("run", "--lang", "python3", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "error:" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad_lang = usefulwriter("run", "--lang", "cobol", "x.cob")
    assert bad_lang.returncode == 2 and "unknown language 'cobol'" in bad_lang.stderr
    assert "python3 (python, py, py3)" in bad_lang.stderr and "Traceback" not in bad_lang.stderr
    (tmp_path / "main.c").write_text("int main(){}")
    bad_limit = usefulwriter("run", "--lang", "c", str(tmp_path / "main.c"), "--time-limit", "-1")
    assert bad_limit.returncode == 2 and "--time-limit must be > 0" in bad_limit.stderr


@pytest.mark.docker
@pytest.mark.parametrize("alias", ["python", "py", "Python3"])
def test_common_language_names_are_accepted(alias: str) -> None:
    out = usefulwriter("run", "--lang", alias, "examples/hello/hello.py",
                       "--stdin", "examples/hello/hello.in", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["language"] == "python3"


@pytest.mark.docker
def test_images_list_shows_every_language_and_the_media_image_built() -> None:
    out = usefulwriter("images", "list")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert len(lines) == len(LANGUAGES) + 1 and all(line.endswith("built") for line in lines)
    assert lines[-1].startswith("media ")


@pytest.mark.docker
def test_images_build_builds_only_the_enabled_languages_with_progress() -> None:
    out = usefulwriter("images", "build", env={"USEFULWRITER_RUNNER_LANGUAGES": "sh,golang"})
    assert out.returncode == 0, out.stderr
    assert [line.split()[0] for line in out.stdout.splitlines()] == ["bash", "go", "media"]
    assert "[1/2] bash: ready" in out.stderr and "[2/2] go: ready" in out.stderr  # built once
    bad = usefulwriter("images", "build", env={"USEFULWRITER_RUNNER_LANGUAGES": "bash,cobol"})
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: USEFULWRITER_RUNNER_LANGUAGES: unknown language 'cobol'")


@pytest.mark.docker
def test_selftest_reports_each_language_it_is_given() -> None:
    # every language's self-test runs in tests/sandbox/test_sandbox.py; here, the command
    out = usefulwriter("selftest", "sqlite", "c", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    assert [(r["language"], r["ok"]) for r in json.loads(out.stdout)] == [("sql", True),
                                                                          ("c", True)]


@pytest.mark.docker
def test_grade_streams_json_lines_and_exits_0_only_for_ac() -> None:
    out = usefulwriter("grade", "examples/sum-two", "examples/sum-two/solutions/ok.cpp", "--json")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines[0]["event"] == "compiling"
    verdicts = [doc["test"]["verdict"] for doc in lines if doc["event"] == "test"]
    assert verdicts and set(verdicts) == {"AC"}
    assert lines[-1]["event"] == "report" and lines[-1]["verdict"] == "AC"
    wrong = usefulwriter("grade", "examples/sum-two",
                         "examples/sum-two/solutions/wa_int_overflow.c")
    assert wrong.returncode == 1
    assert "verdict: WA" in wrong.stdout and "test" in wrong.stdout.splitlines()[0]


def test_grade_and_check_package_report_bad_input_clearly(tmp_path: Path) -> None:
    (tmp_path / "challenge.yaml").write_text("id: x\ntitle: X\nstatement: nope.md\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "1.in").write_text("1")
    (tmp_path / "tests" / "1.out").write_text("1")
    out = usefulwriter("check-package", str(tmp_path))
    assert out.returncode == 2 and "error: statement: file 'nope.md' not found" in out.stderr
    out = usefulwriter("grade", "examples/sum-two", str(tmp_path / "main.rs"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
