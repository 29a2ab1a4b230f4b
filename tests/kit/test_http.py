"""The outbound HTTP factory and its SSRF guard, against a real server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from kit import http


@pytest.fixture
def local_url() -> Iterator[str]:
    class Echo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            body = self.headers["User-Agent"].encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_the_plain_client_reaches_a_server_with_our_user_agent(local_url: str) -> None:
    with http.client() as c:
        assert c.get(local_url).text == http.HttpSettings().user_agent


def test_the_guarded_client_refuses_private_addresses(local_url: str) -> None:
    with http.client(guarded=True) as c, pytest.raises(http.BlockedAddress):
        c.get(local_url)
    for url in ("http://localhost/", "http://169.254.169.254/latest", "http://10.1.2.3/",
                "http://[::1]/", "http://no-such-host.invalid/"):
        assert not http.is_public(url), url
