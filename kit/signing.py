"""Short-lived tokens that open a directory of blobs: video playback, where one token must cover
the master playlist and every rendition and segment under it (players fetch them by relative
URI, so the token travels in the path, not per file).

A token is `<key id>.<expiry>.<HMAC-SHA256(key, scope | expiry)>`, base64url. Keys rotate by id:
new tokens are signed with the current key, and a token signed with an older key that is still
listed verifies until it expires; dropping a key from the list revokes its tokens at once.
Verification order leaks nothing: the key and the MAC are checked before the expiry, so 410
(expired) is only ever said of a token we made, and anything else is 403.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from kit import clock
from kit.errors import AppError, Forbidden


class BadToken(Forbidden):
    title = "Invalid Playback Token"


class ExpiredToken(AppError):
    status, title = 410, "Playback Token Expired"


@dataclass(frozen=True)
class Keys:
    current: str  # the id new tokens are signed with
    secrets: dict[str, str]  # id -> secret; old ids stay until their tokens have expired

    def __post_init__(self) -> None:
        if self.current not in self.secrets:
            raise ValueError(f"the current key {self.current!r} is not among the keys")
        for kid in self.secrets:
            if not kid.isalnum():
                raise ValueError(f"key ids are letters and digits ({kid!r})")


def _mac(secret: str, scope: str, expires: int) -> str:
    digest = hmac.new(secret.encode(), f"{scope}|{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(keys: Keys, scope: str, ttl_s: int, align_s: int = 1) -> str:
    """A token for everything under `scope` (a key prefix such as `videos/<id>/`), valid for at
    least `ttl_s`. With `align_s`, the expiry is rounded up to a multiple of it, so everyone who
    asks within one such window gets the same token and a CDN caches one copy of each file."""
    expires = -(-(int(clock.time()) + ttl_s) // align_s) * align_s
    return f"{keys.current}.{expires}.{_mac(keys.secrets[keys.current], scope, expires)}"


def verify(keys: Keys, token: str, scope: str) -> int:
    """The token's expiry if it opens `scope`; BadToken (403) or ExpiredToken (410)."""
    kid, _, rest = token.partition(".")
    expires_text, _, mac = rest.partition(".")
    secret = keys.secrets.get(kid)
    if secret is None or not expires_text.isdigit() or not mac:
        raise BadToken("the playback link is not valid", field="token")
    expires = int(expires_text)
    if not hmac.compare_digest(mac, _mac(secret, scope, expires)):
        raise BadToken("the playback link is not valid", field="token")
    if expires <= clock.time():
        raise ExpiredToken("the playback link has expired: reload the lesson for a new one",
                           field="token")
    return expires
