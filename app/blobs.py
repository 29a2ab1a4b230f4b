"""/blobs/{key}: what a signed URL of the local storage backend points at (kit.storage). No
login: the signature is the permission, and it expires. Range requests are answered the same
way as for video playback (kit.web.ranges). With the S3 backend, URLs point at the bucket and
this answers 404.
"""

from __future__ import annotations

import mimetypes
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from kit.errors import Forbidden
from kit.storage import BlobNotFound, LocalStorage
from kit.web.deps import StateDep
from kit.web.ranges import blob_response

router = APIRouter(prefix="/blobs", tags=["blobs"])


@router.get("/{key:path}", response_class=Response)
def read(key: str, request: Request, st: StateDep, expires: Annotated[int, Query()],
         signature: Annotated[str, Query(max_length=128)]) -> Response:
    blobs = st.storage
    if not isinstance(blobs, LocalStorage):
        raise BlobNotFound("blobs are served by the storage service itself")
    if not blobs.verify(key, expires, signature):
        raise Forbidden("the link is not valid or has expired", field="signature")
    kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return blob_response(request, blobs, key, kind, "private, max-age=300")
