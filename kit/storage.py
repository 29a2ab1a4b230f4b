"""Blob storage: one small interface for the bytes that do not belong in table rows (challenge
packages now; video, cover images and certificate PDFs next), with two implementations chosen by
settings (`USEFULWRITER_STORAGE__BACKEND`):

- `LocalStorage`: a directory. Writes are atomic (a temporary file renamed into place), so a
  reader never sees half a blob; its URLs are signed by us (HMAC over key and expiry) and
  served by the app (`/api/v1/blobs/...`).
- `S3Storage`: any S3-compatible bucket through boto3 (AWS, MinIO, Ceph, R2...); its URLs are
  S3 presigned URLs.

Keys are relative paths of safe characters (`packages/<sha256>`); nothing from a user becomes a
key without `check_key`. `put_content` stores by content hash, so storing the same bytes twice
is one blob and a key never changes meaning.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from kit import clock
from kit.errors import BadRequest, NotFound
from kit.settings import HttpSettings, StorageSettings

KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*(/[A-Za-z0-9][A-Za-z0-9._\-]*)*")
MAX_KEY = 1024


class BlobNotFound(NotFound):
    title = "Blob Not Found"


class BadKey(BadRequest):
    title = "Bad Blob Key"


def check_key(key: str) -> str:
    """The key itself, when it is a relative path of safe segments (no `..`, no `//`)."""
    if len(key) > MAX_KEY or not KEY.fullmatch(key) or ".." in key.split("/"):
        raise BadKey(f"not a blob key: {key[:80]!r}", field="key")
    return key


def content_key(prefix: str, data: bytes) -> str:
    return f"{prefix}/{hashlib.sha256(data).hexdigest()}"


@dataclass(frozen=True)
class BlobInfo:
    size: int
    etag: str  # changes whenever the bytes do (a strong validator, quoted as HTTP wants it)
    modified: datetime


class Storage(ABC):
    """What every backend does. `get_range` and `stream` are half-open: bytes [start, stop)."""

    CHUNK = 1024 * 1024

    @abstractmethod
    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream",
            ) -> None: ...

    @abstractmethod
    def get(self, key: str) -> bytes: ...

    @abstractmethod
    def get_range(self, key: str, start: int, stop: int) -> bytes: ...

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def stat(self, key: str) -> BlobInfo:
        """Size and validator of the blob (BlobNotFound when it is not there)."""

    def stream(self, key: str, start: int, stop: int) -> Iterator[bytes]:
        """Bytes [start, stop) in chunks, so serving a large file does not hold it in memory."""
        at = start
        while at < stop:
            chunk = self.get_range(key, at, min(stop, at + self.CHUNK))
            if not chunk:
                return
            yield chunk
            at += len(chunk)

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the blob; removing one that is not there is not an error."""

    @abstractmethod
    def list(self, prefix: str = "") -> list[str]:
        """Every key that starts with `prefix`, sorted."""

    @abstractmethod
    def url(self, key: str, expires_s: int = 3600) -> str:
        """A URL that reads the blob without credentials until it expires."""

    def put_file(self, key: str, path: Path,
                 content_type: str = "application/octet-stream") -> None:
        """Store a file's bytes (a large upload) without reading it all into memory."""
        self.put(key, path.read_bytes(), content_type)

    def put_content(self, prefix: str, data: bytes,
                    content_type: str = "application/octet-stream") -> str:
        """Store by content (sha256) under `prefix`; returns the key. Idempotent."""
        key = content_key(prefix, data)
        if not self.exists(key):
            self.put(key, data, content_type)
        return key


class LocalStorage(Storage):
    def __init__(self, root: str | Path, secret: str, public_url: str) -> None:
        self.root = Path(root)
        self.secret, self.public_url = secret.encode(), public_url.rstrip("/")

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream",
            ) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put_file(self, key: str, path: Path,
                 content_type: str = "application/octet-stream") -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        os.close(fd)
        try:
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise BlobNotFound(f"no blob {key}") from None

    def get_range(self, key: str, start: int, stop: int) -> bytes:
        try:
            with self.path(key).open("rb") as f:
                f.seek(start)
                return f.read(max(0, stop - start))
        except (FileNotFoundError, IsADirectoryError):
            raise BlobNotFound(f"no blob {key}") from None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def stat(self, key: str) -> BlobInfo:
        try:
            st = self.path(key).stat()
        except (FileNotFoundError, NotADirectoryError):
            raise BlobNotFound(f"no blob {key}") from None
        if not self.path(key).is_file():
            raise BlobNotFound(f"no blob {key}")
        return BlobInfo(size=st.st_size, etag=f'"{st.st_mtime_ns:x}-{st.st_size:x}"',
                        modified=datetime.fromtimestamp(st.st_mtime, UTC))

    def stream(self, key: str, start: int, stop: int) -> Iterator[bytes]:
        try:
            f = self.path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError):
            raise BlobNotFound(f"no blob {key}") from None
        with f:
            f.seek(start)
            left = stop - start
            while left > 0:
                chunk = f.read(min(left, self.CHUNK))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> list[str]:
        if not self.root.is_dir():
            return []
        keys = (p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                if p.is_file() and not p.name.startswith(".tmp-"))
        return sorted(k for k in keys if k.startswith(prefix))

    def url(self, key: str, expires_s: int = 3600) -> str:
        expires = int(clock.time()) + expires_s
        query = urlencode({"expires": expires, "signature": self.sign(key, expires)})
        return f"{self.public_url}/{quote(check_key(key))}?{query}"

    def sign(self, key: str, expires: int) -> str:
        return hmac.new(self.secret, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def verify(self, key: str, expires: int, signature: str) -> bool:
        """A URL from `url`, not altered and not expired."""
        return (expires >= clock.time()
                and hmac.compare_digest(self.sign(check_key(key), expires), signature))


class S3Storage(Storage):
    def __init__(self, settings: StorageSettings, http: HttpSettings | None = None) -> None:
        import boto3
        from botocore.config import Config

        http = http or HttpSettings()
        self.bucket = settings.bucket
        self.client: Any = boto3.client(
            "s3", endpoint_url=settings.endpoint_url, region_name=settings.region,
            aws_access_key_id=settings.access_key_id,
            aws_secret_access_key=settings.secret_access_key,
            config=Config(connect_timeout=http.connect_timeout_s, read_timeout=http.timeout_s,
                          retries={"max_attempts": http.retries + 1, "mode": "standard"},
                          user_agent_extra=http.user_agent,
                          # S3-compatible servers rarely have per-bucket DNS names
                          s3={"addressing_style": "path" if settings.endpoint_url else "auto"}))

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream",
            ) -> None:
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data,
                               ContentType=content_type)

    def put_file(self, key: str, path: Path,
                 content_type: str = "application/octet-stream") -> None:
        # boto3's managed transfer: multipart above 8 MiB, parts in parallel
        self.client.upload_file(str(path), self.bucket, check_key(key),
                                ExtraArgs={"ContentType": content_type})

    def _get(self, key: str, **extra: Any) -> bytes:
        try:
            reply = self.client.get_object(Bucket=self.bucket, Key=check_key(key), **extra)
        except self.client.exceptions.NoSuchKey:
            raise BlobNotFound(f"no blob {key}") from None
        body: bytes = reply["Body"].read()
        return body

    def get(self, key: str) -> bytes:
        return self._get(key)

    def get_range(self, key: str, start: int, stop: int) -> bytes:
        if stop <= start:
            return b""
        return self._get(key, Range=f"bytes={start}-{stop - 1}")

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def stat(self, key: str) -> BlobInfo:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise BlobNotFound(f"no blob {key}") from None
            raise
        return BlobInfo(size=int(head["ContentLength"]), etag=str(head["ETag"]),
                        modified=head["LastModified"].astimezone(UTC))

    def stream(self, key: str, start: int, stop: int) -> Iterator[bytes]:
        if stop <= start:
            return
        try:
            reply = self.client.get_object(Bucket=self.bucket, Key=check_key(key),
                                           Range=f"bytes={start}-{stop - 1}")
        except self.client.exceptions.NoSuchKey:
            raise BlobNotFound(f"no blob {key}") from None
        body = reply["Body"]
        try:
            yield from body.iter_chunks(self.CHUNK)
        finally:
            body.close()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def list(self, prefix: str = "") -> list[str]:
        return sorted(self._keys(prefix))

    def _keys(self, prefix: str) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                      Prefix=prefix)
        for page in pages:
            yield from (item["Key"] for item in page.get("Contents", []))

    def url(self, key: str, expires_s: int = 3600) -> str:
        url: str = self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": check_key(key)},
            ExpiresIn=expires_s)
        return url


def from_settings(settings: StorageSettings, secret: str,
                  http: HttpSettings | None = None) -> Storage:
    """The configured backend; `secret` signs local URLs."""
    if settings.backend == "s3":
        return S3Storage(settings, http)
    return LocalStorage(settings.root, secret, settings.public_url)
