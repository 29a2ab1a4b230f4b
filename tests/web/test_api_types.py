"""The web app's API types are generated from the service's OpenAPI document: this fails when
they drift (regenerate with `npm --prefix web run api:types`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cli.openapi_cmd import document

WEB = Path(__file__).resolve().parents[2] / "web"


def test_the_generated_api_types_match_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document(), indent=2, sort_keys=True) + "\n")
    out = tmp_path / "schema.d.ts"
    run = subprocess.run(["node", "node_modules/.bin/openapi-typescript", str(spec),
                          "-o", str(out)], cwd=WEB, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    committed = (WEB / "lib/api/schema.d.ts").read_text()
    assert out.read_text() == committed, (
        "web/lib/api/schema.d.ts is out of date with the API: run `npm --prefix web run api:types`")

