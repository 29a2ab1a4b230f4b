"""Course cover images, through blob storage (kit.storage), like videos and certificates.

An upload is decoded with Pillow, limited to JPEG, PNG and WebP and to 40 megapixels (so a
decompression bomb is refused before it is decoded), turned upright by its EXIF orientation,
scaled to at most 1600 px a side and written again as a progressive JPEG: what is stored is an
image we made, without the upload's metadata (camera, location) or any trailing bytes. The key is
its content hash (`covers/<course>/<sha256>`), so a cover's URL never changes meaning and is
cached for a year.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from kit.errors import NotFound, Unprocessable
from kit.storage import Storage
from models import Course

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
FORMATS = ("JPEG", "PNG", "WEBP")


class BadCover(Unprocessable):
    title = "Invalid Cover Image"


def render(data: bytes) -> bytes:
    """The stored form of an uploaded image, or BadCover with the reason."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise BadCover(f"the image is {img.width}×{img.height}; at most "
                                   f"{MAX_PIXELS // 1_000_000} megapixels", field="file")
                img.load()
                upright = ImageOps.exif_transpose(img).convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, ValueError, SyntaxError):
        raise BadCover("the file is not a JPEG, PNG or WebP image we can read",
                       field="file") from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def set_cover(blobs: Storage, course: Course, data: bytes) -> Course:
    if not data:
        raise BadCover("the file is empty", field="file")
    old, course.cover_key = course.cover_key, blobs.put_content(f"covers/{course.id}",
                                                                render(data), "image/jpeg")
    if old and old != course.cover_key:
        blobs.delete(old)
    return course


def remove(blobs: Storage, course: Course) -> None:
    if course.cover_key is None:
        raise NotFound("the course has no cover")
    blobs.delete(course.cover_key)
    course.cover_key = None
