#!/usr/bin/env python3
"""Container health checks of the service image, installed as `uw-healthcheck`.

    uw-healthcheck http URL            a 2xx answer from URL (the api's /healthz)
    uw-healthcheck process TEXT        a process whose command line contains TEXT
    uw-healthcheck docker [SOCKET]     the Docker engine answers /_ping on its socket

Checks can be chained (`process "usefulwriter runner" docker`); all must pass. The image has
no curl or procps, so this uses only the standard library. Exit status 0 means healthy.
"""

from __future__ import annotations

import os
import socket
import sys
import urllib.request
from pathlib import Path

DOCKER_SOCKET = "/var/run/docker.sock"


def http_ok(url: str, timeout: float = 4.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except OSError:
        return False


def process_running(text: str, proc: Path = Path("/proc")) -> bool:
    """True when a process other than this one has `text` in its command line."""
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            argv = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # the process ended while we looked
        if text in argv:
            return True
    return False


def docker_ok(path: str = DOCKER_SOCKET, timeout: float = 4.0) -> bool:
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(timeout)
            s.connect(path)
            s.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            answer = b""
            while chunk := s.recv(4096):  # HTTP/1.0: the engine closes after the answer
                answer += chunk
    except OSError:
        return False
    status, _, body = answer.partition(b"\r\n\r\n")
    return status.split(b" ")[1:2] == [b"200"] and body.strip() == b"OK"


def run(argv: list[str]) -> list[str]:
    """The failed checks of a command line (unknown words are failures too)."""
    failed: list[str] = []
    args = list(argv)
    while args:
        check = args.pop(0)
        if check == "http" and args:
            url = args.pop(0)
            if not http_ok(url):
                failed.append(f"http {url}")
        elif check == "process" and args:
            text = args.pop(0)
            if not process_running(text):
                failed.append(f"no process {text!r}")
        elif check == "docker":
            path = args.pop(0) if args and args[0].startswith("/") else DOCKER_SOCKET
            if not docker_ok(path):
                failed.append(f"docker engine at {path}")
        else:
            failed.append(f"unknown check {check!r}")
    return failed


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    failed = run(sys.argv[1:])
    for reason in failed:
        print(f"unhealthy: {reason}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
