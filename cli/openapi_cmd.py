"""`usefulwriter openapi`: the service's OpenAPI document, as the app serves it at /openapi.json
(the web app generates its typed API client from it: web/lib/api/schema.d.ts)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("openapi", help="print the service's OpenAPI document")
    p.add_argument("-o", "--output", type=Path, default=None, help="write here, not stdout")
    p.set_defaults(handler=dump)


def document() -> dict[str, Any]:
    from app.http import create_app
    from kit.settings import Settings

    # no connection is made: the document only needs the routes
    spec: dict[str, Any] = create_app(Settings()).openapi()
    return spec


def dump(args: argparse.Namespace) -> int:
    text = json.dumps(document(), indent=2, sort_keys=True) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
    return 0
