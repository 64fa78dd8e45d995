"""Lead images: refuse what is not a safe picture, strip metadata, render sizes once.

An upload is trusted for nothing: its type is read from its content, its size and pixel
count are capped before decoding, and what we keep is re-encoded by Pillow so EXIF (GPS
positions of sources, camera serials) never reaches the site.
"""

import hashlib
import io
import logging
import warnings
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

#: Pillow format -> (extensions it may carry, stored extension, MIME type).
FORMATS = {
    "JPEG": ({".jpg", ".jpeg"}, ".jpg", "image/jpeg"),
    "PNG": ({".png"}, ".png", "image/png"),
    "WEBP": ({".webp"}, ".webp", "image/webp"),
}
#: Rendition name -> target width in pixels (never upscaled).
SIZES = {"thumbnail": 320, "medium": 800, "large": 1600}
RENDITIONS_DIR = "articles/renditions"

ACCEPTED = "JPEG, PNG or WebP"


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _read_limited(upload):
    limit = settings.IMAGE_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        _refuse(
            f"The image is {filesizeformat(size)}; the limit is {filesizeformat(limit)}. "
            "Export a smaller file and upload it again.",
            "too_large",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        _refuse(
            f"The image is larger than {filesizeformat(limit)}. "
            "Export a smaller file and upload it again.",
            "too_large",
        )
    if not data:
        _refuse("The file is empty.", "empty")
    return data


def _open_checked(data):
    """Open with the pixel cap; Pillow's decompression-bomb warning is an error here."""
    max_pixels = settings.IMAGE_MAX_PIXELS
    # Pillow warns above MAX_IMAGE_PIXELS and raises only above twice that; we refuse both.
    Image.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                raise Image.DecompressionBombError(f"{width}x{height}")
            image.verify()
            # verify() leaves the object unusable: open again to decode for real.
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            _refuse(
                f"The image has too many pixels (more than {max_pixels:,}). "
                "Resize it to a normal photo size and upload it again.",
                "too_many_pixels",
            )
        except (UnidentifiedImageError, SyntaxError, OSError, ValueError) as exc:
            logger.info("Refused an upload that is not a readable image: %s", exc)
            _refuse(
                f"This file is not a {ACCEPTED} image (or it is damaged). "
                "Upload a photo saved as .jpg, .png or .webp.",
                "not_an_image",
            )
    return image


def clean_upload(upload):
    """Return a safe re-encoded copy of ``upload`` or raise ``ValidationError``.

    The copy keeps the pixels (turned upright per EXIF orientation) and nothing else.
    """
    data = _read_limited(upload)
    image = _open_checked(data)
    kind = image.format
    if kind not in FORMATS:
        _refuse(
            f"{kind or 'This'} images are not accepted; upload a {ACCEPTED} image.",
            "bad_format",
        )
    extensions, stored_ext, _ = FORMATS[kind]
    name = PurePosixPath(getattr(upload, "name", "") or "image").name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in extensions:
        _refuse(
            f"The file is named “{name}” but it is a {kind} image. "
            f"Rename it to end in {stored_ext} or export it as {suffix.lstrip('.') or 'an image'}.",
            "wrong_extension",
        )
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    _encode(image, kind, out)
    stem = PurePosixPath(name).stem or "image"
    clean = ContentFile(out.getvalue(), name=f"{stem}{stored_ext}")
    clean.newsroom_clean = True
    return clean


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _encode(image, kind, out):
    """Write pixels only: no exif=, no icc_profile=, no info chunks are passed on."""
    if kind == "JPEG":
        image = image if image.mode in ("RGB", "L") else image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif kind == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(out, "WEBP", quality=82, method=4)


def render_renditions(source):
    """Render every size as WebP plus a JPEG (or PNG with alpha) fallback, store them.

    ``source`` is a file of an already cleaned image. Returns the mapping stored in
    ``Article.lead_image_renditions``::

        {"thumbnail": {"webp": url, "fallback": url, "fallback_type": "image/jpeg",
                       "width": 320, "height": 213}, "medium": {...}, "large": {...}}
    """
    source.seek(0)
    data = source.read()
    digest = hashlib.sha256(data).hexdigest()[:16]
    image = _open_checked(data)
    image = ImageOps.exif_transpose(image)
    alpha = _has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    fallback_kind = "PNG" if alpha else "JPEG"
    _, fallback_ext, fallback_type = FORMATS[fallback_kind]
    renditions = {}
    for size, target in SIZES.items():
        width = min(target, image.width)
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        entry = {"fallback_type": fallback_type, "width": width, "height": height}
        for key, kind, ext in (
            ("webp", "WEBP", ".webp"),
            ("fallback", fallback_kind, fallback_ext),
        ):
            out = io.BytesIO()
            _encode(resized, kind, out)
            name = default_storage.save(
                f"{RENDITIONS_DIR}/{digest}/{size}-{width}w{ext}", ContentFile(out.getvalue())
            )
            entry[key] = default_storage.url(name)
        renditions[size] = entry
    return renditions


def rendition_names(renditions):
    """Storage names of the files listed in a renditions mapping."""
    base = default_storage.base_url or ""
    names = []
    for entry in (renditions or {}).values():
        for key in ("webp", "fallback"):
            url = entry.get(key) if isinstance(entry, dict) else None
            if url and url.startswith(base):
                names.append(unquote(url[len(base) :]))
    return names


def delete_renditions(renditions):
    """Housekeeping after an image changed: remove the files of the old sizes."""
    for name in rendition_names(renditions):
        if name.startswith(f"{RENDITIONS_DIR}/"):
            default_storage.delete(name)
