"""Photos of workspaces as images: what an upload must be, and the files made from it.

Plain functions over bytes and Pillow, no ORM, so the rules are tested without a database:
- `photo_clean()` takes an upload and returns a JPEG re-encoded from its pixels alone, or refuses
  it with a message for the field. Re-encoding is what strips EXIF, GPS and any other metadata
  (Pillow writes none unless asked), and what neutralises a file that is a valid image AND
  something else (a polyglot): only the pixels survive.
- `photo_sizes()` makes the responsive widths, run by a task after the upload, never in the
  request (a 24-megapixel photo takes seconds to resize).
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from alpsatellites.core.errors import Invalid

MAX_BYTES = 10 * 1024 * 1024
# A bigger picture is a decompression bomb or a scan, not a photo of a room: refused before
# Pillow allocates it.
MAX_PIXELS = 50_000_000
# Widths offered to the browser (srcset); a photo narrower than a width is not enlarged.
WIDTHS = (480, 960, 1600)
# Declared content type → Pillow format the bytes must really have.
ACCEPTED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
SIZE_FORMAT, SIZE_EXTENSION, SIZE_CONTENT_TYPE = "WEBP", "webp", "image/webp"


class PhotoRejected(Invalid):
    """An upload that is not an acceptable photo; the message names what is wrong."""


@dataclass(frozen=True)
class CleanPhoto:
    """A photo's pixels re-encoded as JPEG, without metadata, upright."""

    content: bytes
    width: int
    height: int


def _refuse(message: str) -> PhotoRejected:
    return PhotoRejected(message, field="original", code="invalid_photo")


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow warns (DecompressionBombWarning) before it refuses: the size is checked here.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def photo_clean(data: bytes, content_type: str) -> CleanPhoto:
    """The upload's pixels as a clean JPEG; PhotoRejected if it is not a photo we accept."""
    if len(data) > MAX_BYTES:
        raise _refuse(_("The photo is larger than 10 MB: please send a smaller file."))
    expected = ACCEPTED.get((content_type or "").split(";")[0].strip().lower())
    if expected is None:
        raise _refuse(_("Send a JPEG, PNG or WebP photo."))
    try:
        image = _open(data)
        real_format = image.format
        image.verify()  # structure and checksums; the image must be opened again to be read
        image = _open(data)
        if image.width * image.height > MAX_PIXELS:
            raise _refuse(_("The photo has too many pixels: 50 megapixels at most."))
        image.load()
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(_("This file is not a photo that can be read.")) from None
    if real_format != expected:
        # A file whose declared type is not what its bytes are: a forged or mislabelled upload.
        raise _refuse(_("The file's type does not match its content."))
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P"):
        upright = upright.convert("RGBA")
        background = Image.new("RGB", upright.size, "white")
        background.paste(upright, mask=upright.getchannel("A"))
        upright = background
    upright = upright.convert("RGB")
    output = io.BytesIO()
    # No exif=, no icc_profile=: nothing but the pixels is written.
    upright.save(output, "JPEG", quality=88, optimize=True)
    return CleanPhoto(output.getvalue(), upright.width, upright.height)


def photo_sizes(data: bytes) -> dict[int, bytes]:
    """The responsive widths of a clean photo (width → WebP bytes), never wider than it."""
    image = _open(data)
    image.load()
    image = image.convert("RGB")
    widths = [width for width in WIDTHS if width < image.width] or [image.width]
    if image.width not in widths and image.width < WIDTHS[-1]:
        widths.append(image.width)  # the full resolution, for wide screens
    sizes = {}
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        resized.save(output, SIZE_FORMAT, quality=80, method=4)
        sizes[width] = output.getvalue()
    return sizes
