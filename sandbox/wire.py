"""The supervisor's channel: JSON lines (and raw test input) each way, over a Unix socket of
its own (`SocketStream`) or over the container's attached streams (`AttachedStream`: Docker's
multiplexed stdout/stderr, no tty)."""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Callable
from typing import Any

from sandbox.errors import SandboxBroken

HEADER = struct.Struct(">BxxxL")
STDOUT, STDERR = 1, 2
MAX_LINE = 512 * 1024 * 1024


class SocketStream:
    """Reads the supervisor's JSON lines from a connected socket; writes its requests.
    `diagnose` says what the container said on its way out (its log), when the stream ends."""

    def __init__(self, sock: socket.socket, diagnose: Callable[[], str] = str) -> None:
        self.sock = sock
        self._out = bytearray()  # bytes read, not yet split into lines
        self._seen = 0  # how much of _out holds no newline
        self._chunk = bytearray(1 << 16)
        self._diagnose = diagnose

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_json(self, obj: dict[str, Any], payload: bytes = b"") -> None:
        self.sock.sendall(json.dumps(obj, separators=(",", ":")).encode() + b"\n" + payload)

    def read_message(self, timeout: float | None) -> dict[str, Any]:
        """Next JSON line of the supervisor. Raises SandboxBroken on EOF, timeout or garbage."""
        self.sock.settimeout(timeout)
        while True:
            nl = self._out.find(b"\n", self._seen)
            if nl >= 0:
                line = bytes(self._out[:nl])
                del self._out[: nl + 1]
                self._seen = 0
                try:
                    msg: dict[str, Any] = json.loads(line)
                except ValueError as exc:
                    raise SandboxBroken(f"supervisor out of protocol: {line[:200]!r}") from exc
                return msg
            if len(self._out) > MAX_LINE:
                raise SandboxBroken("supervisor line too long")
            self._seen = len(self._out)
            self._fill()

    def _fill(self) -> None:
        self._out += self._recv()

    def _recv(self) -> memoryview:
        try:
            n = self.sock.recv_into(self._chunk)
        except TimeoutError as exc:
            raise SandboxBroken("supervisor did not answer in time") from exc
        except OSError as exc:
            raise SandboxBroken(f"the supervisor's channel failed: {exc}") from exc
        if not n:
            detail = self._diagnose()[-2000:]
            raise SandboxBroken(f"sandbox closed its stream{': ' + detail if detail else ''}")
        return memoryview(self._chunk)[:n]

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


class AttachedStream(SocketStream):
    """The same over the multiplexed attach stream: demultiplexes the supervisor's stdout (its
    lines) from its stderr (kept for diagnostics)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw  # docker's wrapper; owns the socket
        super().__init__(getattr(raw, "_sock", raw),
                         lambda: bytes(self.stderr).decode(errors="replace"))
        self._buf = bytearray()  # raw multiplexed bytes not yet parsed
        self.stderr = bytearray()  # supervisor's own stderr, kept for diagnostics

    def _fill(self) -> None:
        self._buf += self._recv()
        while len(self._buf) >= HEADER.size:
            kind, size = HEADER.unpack_from(self._buf)
            if len(self._buf) < HEADER.size + size:
                break
            payload = self._buf[HEADER.size: HEADER.size + size]
            del self._buf[: HEADER.size + size]
            (self._out if kind == STDOUT else self.stderr).extend(payload)

    def close(self) -> None:
        super().close()
        try:
            self._raw.close()
        except OSError:
            pass
