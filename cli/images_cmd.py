"""`usefulwriter images build|list`: build the per-language sandbox images and the media image
(ffmpeg for video uploads; built with every language unless languages are named)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cli.args import language, runner_settings
from sandbox.errors import RunnerError
from sandbox.languages import LANGUAGES, UnknownLanguage


def register(sub: Any) -> None:
    p = sub.add_parser("images", help="build or list the sandbox images")
    isub = p.add_subparsers(dest="images_command", required=True)
    b = isub.add_parser("build", help="build (or reuse cached) images: the named languages, or "
                        "the enabled ones (USEFULWRITER_RUNNER_LANGUAGES; default: all) and media")
    b.add_argument("languages", nargs="*", metavar="LANG", type=language,
                   help=f"any of {', '.join(LANGUAGES)} (or an alias)")
    b.set_defaults(handler=build)
    ls = isub.add_parser("list", help="show each language's image tag and whether it is built")
    ls.set_defaults(handler=list_images)


def build(args: argparse.Namespace) -> int:
    from sandbox.images import build_images, build_media_image

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        built = build_images(args.languages or runner_settings().enabled_languages(), log=log)
        if not args.languages:
            built["media"] = build_media_image(log)
    except (RunnerError, UnknownLanguage) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, tag in built.items():
        print(f"{name:<12} {tag}")
    return 0


def list_images(args: argparse.Namespace) -> int:
    import docker

    from sandbox.images import image_tag, media_tag, missing_images

    client = docker.from_env()
    missing = set(missing_images(client, LANGUAGES))
    for name in LANGUAGES:
        print(f"{name:<12} {image_tag(name):<40} {'missing' if name in missing else 'built'}")
    built = bool(client.images.list(name=media_tag()))
    print(f"{'media':<12} {media_tag():<40} {'built' if built else 'missing'}")
    return 0
