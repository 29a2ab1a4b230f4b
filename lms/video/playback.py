"""Playback: who may watch, the links they get, and how the files behind them are served.

A playback link is `/api/v1/media/<token>/<asset id>/hls/master.m3u8` (and `video.mp4`,
`poster.jpg`, `sprite.vtt`, the caption tracks...). The token (kit.signing) opens the asset's
published directory (`videos/<id>/out/`) and nothing else (not the upload, not another asset), so
one token covers every playlist and segment a player fetches by relative URI. Expiries are
aligned to the hour, so every viewer of an asset within that hour shares one URL per file and a
CDN keeps one copy. Segments, the MP4, the poster and the sprite never change once published
(immutable, a year); playlists and captions can (a caption track added), so they are cached for
seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime

from fastapi import Request, Response

from kit import signing
from kit.errors import NotFound
from kit.settings import Settings
from kit.storage import BlobNotFound, Storage, check_key
from kit.web.ranges import blob_response
from lms.video.service import TYPES, playable, published

__all__ = ["base_url", "keys", "playable", "serve"]

MEDIA_PATH = "/api/v1/media"
ALIGN_S = 3600
SHORT = "public, max-age=10"
IMMUTABLE = "public, max-age=31536000, immutable"


def keys(settings: Settings) -> signing.Keys:
    v = settings.video
    if v.playback_keys:
        return signing.Keys(current=v.playback_key, secrets=dict(v.playback_keys))
    derived = hmac.new(settings.secret_key.encode(), b"video playback",
                       hashlib.sha256).hexdigest()
    return signing.Keys(current=v.playback_key, secrets={v.playback_key: derived})


def base_url(settings: Settings, asset_id: uuid.UUID) -> tuple[str, datetime]:
    """The directory URL a player resolves the asset's files against, and when it expires."""
    token = signing.sign(keys(settings), published(asset_id), settings.video.playback_ttl_s,
                         align_s=ALIGN_S)
    expires = int(token.split(".")[1])
    return f"{MEDIA_PATH}/{token}/{asset_id}/", datetime.fromtimestamp(expires, UTC)


def serve(request: Request, settings: Settings, blobs: Storage, token: str,
          asset_id: uuid.UUID, path: str) -> Response:
    """One published file of the asset, for a token that opens it (403/410 otherwise), with
    byte ranges and the caching its kind allows."""
    scope = published(asset_id)
    signing.verify(keys(settings), token, scope)
    key = check_key(scope + path)
    suffix = "." + path.rsplit(".", 1)[-1] if "." in path else ""
    if suffix not in TYPES:
        raise NotFound(f"no file {path} in this video")
    cache = SHORT if suffix in (".m3u8", ".vtt") else IMMUTABLE
    try:
        return blob_response(request, blobs, key, TYPES[suffix], cache)
    except BlobNotFound:
        raise NotFound(f"no file {path} in this video") from None

