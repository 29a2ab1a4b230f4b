"""Outbound HTTP: one factory for httpx clients (timeouts, connection retries, our user agent)
that the official SDKs can be given (`openai.OpenAI(http_client=...)`), and a guarded transport
for URLs that users supply (webhooks), which refuses every address that is not globally routable
(SSRF: loopback, private ranges, link-local cloud metadata, ...).

The guard resolves the host once, checks every address, and connects to the address it checked
(the Host header and TLS server name stay the original host), so a DNS answer that changes
between the check and the connection (rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

from kit.settings import HttpSettings


class BlockedAddress(httpx.TransportError):
    """The URL's host resolves to an address we never call (or does not resolve)."""


def resolve_public(host: str) -> str:
    """The address to connect to, if every address `host` resolves to is global."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        raise BlockedAddress(f"{host!r} does not resolve") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses or not all(a.is_global for a in addresses):
        raise BlockedAddress(f"{host!r} is not a public address")
    return str(addresses[0])


def is_public(url: str) -> bool:
    try:
        resolve_public(urlsplit(url).hostname or "")
    except BlockedAddress:
        return False
    return True


class GuardedTransport(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        address = resolve_public(host)
        request.url = request.url.copy_with(host=address)
        if request.url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": host}
        return super().handle_request(request)


def client(settings: HttpSettings | None = None, guarded: bool = False) -> httpx.Client:
    """A client for outbound calls; `guarded` for any URL a user gave us."""
    settings = settings or HttpSettings()
    transport_type = GuardedTransport if guarded else httpx.HTTPTransport
    return httpx.Client(
        transport=transport_type(retries=settings.retries),
        timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
        headers={"User-Agent": settings.user_agent}, follow_redirects=False)
