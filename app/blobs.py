"""/blobs/{key}: what a signed URL of the local storage backend points at (kit.storage). No
login: the signature is the permission, and it expires. Range requests are answered (video
players seek with them). With the S3 backend, URLs point at the bucket and this answers 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from kit.errors import Forbidden
from kit.storage import BlobNotFound, LocalStorage
from kit.web.deps import StateDep

router = APIRouter(prefix="/blobs", tags=["blobs"])


@router.get("/{key:path}", response_class=FileResponse)
def read(key: str, st: StateDep, expires: Annotated[int, Query()],
         signature: Annotated[str, Query(max_length=128)]) -> FileResponse:
    blobs = st.storage
    if not isinstance(blobs, LocalStorage):
        raise BlobNotFound("blobs are served by the storage service itself")
    if not blobs.verify(key, expires, signature):
        raise Forbidden("the link is not valid or has expired", field="signature")
    if not blobs.exists(key):
        raise BlobNotFound(f"no blob {key}")
    return FileResponse(blobs.path(key), headers={"Cache-Control": "private, max-age=300"})
