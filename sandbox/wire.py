"""Framing of a container's attached streams (Docker's multiplexed stdout/stderr, no tty)."""

from __future__ import annotations

import json
import socket
import struct
from typing import Any

from sandbox.errors import SandboxBroken

HEADER = struct.Struct(">BxxxL")
STDOUT, STDERR = 1, 2
MAX_LINE = 512 * 1024 * 1024


class AttachedStream:
    """Reads the supervisor's JSON lines from the multiplexed attach stream; writes its stdin."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw  # docker's wrapper; owns the socket
        self.sock: socket.socket = getattr(raw, "_sock", raw)
        self._buf = bytearray()  # raw multiplexed bytes not yet parsed
        self._out = bytearray()  # demultiplexed stdout not yet split into lines
        self.stderr = bytearray()  # supervisor's own stderr, kept for diagnostics

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_json(self, obj: dict[str, Any], payload: bytes = b"") -> None:
        self.sock.sendall(json.dumps(obj, separators=(",", ":")).encode() + b"\n" + payload)

    def read_message(self, timeout: float | None) -> dict[str, Any]:
        """Next JSON line of the supervisor. Raises SandboxBroken on EOF, timeout or garbage."""
        self.sock.settimeout(timeout)
        while True:
            nl = self._out.find(b"\n")
            if nl >= 0:
                line = bytes(self._out[:nl])
                del self._out[: nl + 1]
                try:
                    msg: dict[str, Any] = json.loads(line)
                except ValueError as exc:
                    raise SandboxBroken(f"supervisor out of protocol: {line[:200]!r}") from exc
                return msg
            if len(self._out) > MAX_LINE:
                raise SandboxBroken("supervisor line too long")
            self._fill()

    def _fill(self) -> None:
        try:
            chunk = self.sock.recv(1 << 20)
        except TimeoutError as exc:
            raise SandboxBroken("supervisor did not answer in time") from exc
        except OSError as exc:
            raise SandboxBroken(f"attach stream failed: {exc}") from exc
        if not chunk:
            detail = bytes(self.stderr[-2000:]).decode(errors="replace")
            raise SandboxBroken(f"sandbox closed its stream{': ' + detail if detail else ''}")
        self._buf += chunk
        while len(self._buf) >= HEADER.size:
            kind, size = HEADER.unpack_from(self._buf)
            if len(self._buf) < HEADER.size + size:
                break
            payload = self._buf[HEADER.size: HEADER.size + size]
            del self._buf[: HEADER.size + size]
            (self._out if kind == STDOUT else self.stderr).extend(payload)

    def close(self) -> None:
        for closable in (self.sock, self._raw):
            try:
                closable.close()
            except OSError:
                pass
