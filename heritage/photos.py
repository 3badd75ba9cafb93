"""Checking and cleaning uploaded photos with Pillow.

A photo from a war zone can endanger whoever took it: the camera writes where and when into
the file (EXIF GPS tags), and some formats carry more in text chunks or XMP. We never store
the uploaded bytes: the pixels are decoded and encoded again into a fresh file, which carries
no metadata at all. Decoding untrusted files is also where image bombs bite, so the pixel
count is checked from the header before anything is decoded.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name → the extension we store it under.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (400, 400)


def max_photo_bytes() -> int:
    return getattr(settings, "PHOTO_MAX_BYTES", 15 * 1024 * 1024)


def max_photo_pixels() -> int:
    return getattr(settings, "PHOTO_MAX_PIXELS", 50_000_000)


@dataclass
class PreparedPhoto:
    """A validated upload, re-encoded without metadata, and its thumbnail."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int

    def assign_to(self, photo) -> None:
        """Put the clean files on a Photo (saved with it)."""
        photo.image.save(self.image.name, self.image, save=False)
        photo.thumbnail.save(self.thumbnail.name, self.thumbnail, save=False)


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f} megapixels"


def _open(upload) -> Image.Image:
    upload.seek(0)
    try:
        # Pillow warns (rather than fails) between its limit and twice its limit: treat
        # that as the bomb it probably is.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    f"{image.format} images are not accepted: upload a JPEG, PNG or WebP file.",
                    code="format",
                )
            width, height = image.size
            if width * height > max_photo_pixels():
                raise ValidationError(
                    f"The image is {width}×{height} pixels ({_megapixels(width * height)}); "
                    f"the limit is {_megapixels(max_photo_pixels())}. Scale it down first.",
                    code="pixels",
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This file claims an enormous picture size, as decompression bombs do; "
            "it was refused. Upload an ordinary photo.",
            code="bomb",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image Pillow can read: upload a JPEG, PNG or WebP photo.",
            code="not_image",
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            f"The image is damaged or cut short and cannot be read ({exc}).", code="broken"
        ) from None
    return image


def _encode(image: Image.Image, image_format: str) -> bytes:
    if image.mode == "P":
        # A fresh palette image would lose the palette; keep the colours instead.
        image = image.convert("RGBA")
    # A fresh image holds pixels only: no EXIF, XMP, ICC, comments or PNG text chunks.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image_format == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}
    clean.save(buffer, format=image_format, **options[image_format])
    return buffer.getvalue()


def photo_prepare(upload) -> PreparedPhoto:
    """Validate an uploaded file and return it re-encoded without metadata, with a thumbnail.

    Raises ValidationError with a message a curator can act on: not an image, a format
    other than JPEG/PNG/WebP, too many bytes or pixels, a decompression bomb, a broken file.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_photo_bytes():
        raise ValidationError(
            f"The file is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{max_photo_bytes() / 1024 / 1024:.0f} MB.",
            code="too_big",
        )
    image = _open(upload)
    image_format = image.format
    # Turn the picture upright before the orientation tag is dropped with the rest.
    upright = ImageOps.exif_transpose(image)
    stem = uuid.uuid4().hex
    full = ContentFile(
        _encode(upright, image_format), name=f"{stem}.{ALLOWED_FORMATS[image_format]}"
    )
    thumb = upright.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    if thumb.mode not in ("RGB", "L"):
        background = Image.new("RGB", thumb.size, "white")
        background.paste(thumb, mask=thumb.getchannel("A") if "A" in thumb.getbands() else None)
        thumb = background
    thumbnail = ContentFile(_encode(thumb, "JPEG"), name=f"{stem}-thumb.jpg")
    return PreparedPhoto(full, thumbnail, *upright.size)


def validate_photo(upload) -> None:
    """Form-field validator: the same checks as photo_prepare, without keeping the result."""
    photo_prepare(upload)
