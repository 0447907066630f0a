"""From uploaded bytes to the JPEGs we store: decode → read GPS and time → shrink → orient → encode.

Pure: bytes in, bytes out; no Flask, no database. Only the pixels survive, so nothing the camera
wrote (GPS, maker notes, XMP, ICC, comments) reaches anyone who sees the stored photo; the GPS
position and the capture time are read before that and returned separately.

Speed: resampling a full-size photo costs more than everything else together. For JPEG the DCT
decoder itself scales down by 1/2, 1/4 or 1/8 (`Image.draft`), and the thumbnail is made from the
reduced image rather than from the original.

Threads: a worker serves several requests at once, and Pillow lets go of the GIL only while it
decodes a block of input or encodes straight into a file descriptor. So the whole upload is
handed to the decoder in one block, and JPEGs are encoded into an anonymous in-memory file
rather than a BytesIO (which would hold the GIL for the whole encode and stall every other
request of the worker meanwhile).
"""

import functools
import math
import os
import struct
import tempfile
import warnings
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from numbers import Real

from PIL import Image

from server.errors import UnsupportedMediaType, ValidationFailed

ACCEPTED_CONTENT_TYPES = frozenset(
    {
        "image/jpeg",
        "image/pjpeg",
        "image/jpg",
        "image/png",
        "image/webp",
        "image/heic",
        "image/heif",
    }
)
# Pillow's JPEG opener hands back an MpoImageFile for phone photos with MPF data ("MPO" is not an
# opener of its own: naming it here fails), so MPO comes in through "JPEG".
DECODABLE_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")

DISPLAY_LONG_EDGE = 2048
THUMBNAIL_LONG_EDGE = 400
# The DCT scale is taken when the decoded long edge keeps at least this many pixels (full HD):
# a 4032 px phone photo then decodes at 2016 px instead of being resampled from full size, and
# nobody sees the missing 32 px on a screen.
DRAFT_MIN_LONG_EDGE = 1920
DISPLAY_QUALITY = 82
THUMBNAIL_QUALITY = 75

TAG_ORIENTATION = 0x0112
TAG_DATETIME = 0x0132
TAG_DATETIME_ORIGINAL = 0x9003
IFD_EXIF = 0x8769
IFD_GPS = 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4
GPS_STATUS = 9
EXIF_TIME_FORMATS = ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")

# The transposition that makes each EXIF orientation upright; 1, 0 and nonsense need none.
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# What Pillow and pillow-heif raise on bad bytes: every one of them means "not a photo we can
# read", never a server error. DecompressionBombWarning is here for when warnings are errors.
DECODER_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    TypeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    RuntimeError,
    MemoryError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


class UnsupportedPhotoType(UnsupportedMediaType):
    message = "Send a JPEG, PNG, WebP or HEIC photo."


class UndecodablePhoto(ValidationFailed):
    message = "The file is not an image that can be read."


@dataclass(frozen=True)
class ProcessedPhoto:
    display: bytes
    width: int
    height: int
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int
    source_format: str
    gps: tuple[float, float] | None
    taken_at: datetime | None


@dataclass(frozen=True)
class _Decoded:
    image: Image.Image  # RGB, upright, long edge <= DISPLAY_LONG_EDGE, empty info
    source_format: str
    gps: tuple[float, float] | None
    taken_at: datetime | None


def check_content_type(content_type: str | None) -> None:
    """Refuse what does not even claim to be a photo we accept (parameters are ignored)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type not in ACCEPTED_CONTENT_TYPES:
        raise UnsupportedPhotoType()


def process(data: bytes) -> ProcessedPhoto:
    decoded = _decode(data)
    display = decoded.image
    # A thumbnail is small enough that a box reduce by nearly the whole factor looks as good as
    # resampling, at a third of the cost.
    thumbnail = _shrink(display, THUMBNAIL_LONG_EDGE, reducing_gap=1.0)
    return ProcessedPhoto(
        display=_encode(display, DISPLAY_QUALITY),
        width=display.width,
        height=display.height,
        thumbnail=_encode(thumbnail, THUMBNAIL_QUALITY),
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
        source_format=decoded.source_format,
        gps=decoded.gps,
        taken_at=decoded.taken_at,
    )


def _decode(data: bytes) -> _Decoded:
    _enable_heif()
    # Pillow warns about corrupt EXIF and oversized images; neither may escape to the caller.
    # catch_warnings is process-wide, so the bomb guard below does not rely on it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(BytesIO(data), formats=DECODABLE_FORMATS) as source:
                _refuse_bombs(source)
                exif = _exif(source)
                source.decodermaxblock = max(source.decodermaxblock, len(data))  # one block
                image = _reduced_rgb(source)
                source_format = source.format or "unknown"
        except DECODER_ERRORS as error:
            raise UndecodablePhoto() from error
    image = _upright(image, _orientation(exif))
    image.info = {}  # Pillow writes a comment found here into the JPEG
    return _Decoded(image, source_format, _gps(exif), _taken_at(exif))


@functools.cache
def _enable_heif() -> None:
    """Register the HEIC/HEIF decoder on first use rather than at import."""
    import pillow_heif  # lazy on purpose: importing loads libheif

    pillow_heif.register_heif_opener()


def _refuse_bombs(image: Image.Image) -> None:
    """Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse."""
    limit = Image.MAX_IMAGE_PIXELS
    if limit and image.width * image.height > limit:
        raise Image.DecompressionBombError(f"{image.width}x{image.height} pixels is too many")


def _exif(image: Image.Image) -> Image.Exif | None:
    try:
        return image.getexif()
    except Exception:  # corrupt metadata is no reason to refuse the pixels
        return None


def _reduced_rgb(source: Image.Image) -> Image.Image:
    """Decoded pixels in RGB, long edge at most DISPLAY_LONG_EDGE, with as little work as we can."""
    scale = _draft_scale(source.size)
    if scale > 1:
        source.draft("RGB", (source.width // scale, source.height // scale))
    source.load()
    return _shrink(_to_rgb(source), DISPLAY_LONG_EDGE)


def _draft_scale(size: tuple[int, int]) -> int:
    """The largest DCT scale-down (1, 2, 4, 8) that keeps DRAFT_MIN_LONG_EDGE pixels."""
    long_edge = max(size)
    for scale in (8, 4, 2):
        if long_edge // scale >= DRAFT_MIN_LONG_EDGE:
            return scale
    return 1


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: keep the top 8 bits, not clip
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.has_transparency_data:
        return _on_white(image.convert("RGBA"))
    return image.convert("RGB")


def _on_white(image: Image.Image) -> Image.Image:
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _shrink(image: Image.Image, long_edge: int, reducing_gap: float = 2.0) -> Image.Image:
    """At most long_edge on the long side, never enlarged. An exact integer factor is a box
    average (reduce); otherwise BICUBIC, after a reduce() by most of the factor when it is large
    (reducing_gap), which keeps the cost near that of resampling the smaller image."""
    if max(image.size) <= long_edge:
        return image
    if max(image.size) % long_edge == 0:
        return image.reduce(max(image.size) // long_edge)
    factor = max(image.size) / long_edge
    size = (
        max(1, round(image.width / factor)),
        max(1, round(image.height / factor)),
    )
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=reducing_gap)


def _orientation(exif: Image.Exif | None) -> int:
    try:
        value = exif.get(TAG_ORIENTATION) if exif is not None else None
    except Exception:
        return 1
    return value if isinstance(value, int) and value in UPRIGHT else 1


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    method = UPRIGHT.get(orientation)
    return image.transpose(method) if method is not None else image


def _encode(image: Image.Image, quality: int) -> bytes:
    """Baseline JPEG from the pixels alone: no EXIF, ICC, XMP or comment is passed, so none is
    written (the caller has emptied image.info, where Pillow would look for a comment)."""
    with _memory_file() as out:
        image.save(out, "JPEG", quality=quality, optimize=False)
        out.seek(0)
        return out.read()


def _memory_file():
    """A file with a descriptor but no name on disk (Linux); elsewhere an unnamed temporary file."""
    if hasattr(os, "memfd_create"):
        return open(os.memfd_create("lykta-jpeg"), "w+b")
    return tempfile.TemporaryFile()


# --- metadata: any problem means "not known", never an error --------------------------------


def _gps(exif: Image.Exif | None) -> tuple[float, float] | None:
    """(lat, lon) in decimal degrees, negative for S and W; None unless complete and plausible."""
    try:
        gps = exif.get_ifd(IFD_GPS) if exif is not None else {}
        if _text(gps.get(GPS_STATUS)) == "V":  # the receiver says the fix is void
            return None
        latitude = _signed(gps.get(GPS_LATITUDE), gps.get(GPS_LATITUDE_REF), "N", "S")
        longitude = _signed(gps.get(GPS_LONGITUDE), gps.get(GPS_LONGITUDE_REF), "E", "W")
    except Exception:
        return None
    if latitude is None or longitude is None:
        return None
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    if latitude == 0 and longitude == 0:  # what receivers without a fix write
        return None
    return latitude, longitude


def _signed(value, ref, positive: str, negative: str) -> float | None:
    degrees = _degrees(value)
    direction = _text(ref)
    if degrees is None or direction not in (positive, negative):
        return None
    return -degrees if direction == negative else degrees


def _degrees(value) -> float | None:
    """Degrees, minutes, seconds (any trailing parts may be missing) as decimal degrees."""
    parts = value if isinstance(value, tuple) else (value,)
    if not 1 <= len(parts) <= 3 or not all(isinstance(part, Real) for part in parts):
        return None
    numbers = [float(part) for part in parts]  # a zero denominator gives nan
    if not all(math.isfinite(number) and number >= 0 for number in numbers):
        return None
    return sum(number / 60**index for index, number in enumerate(numbers))


def _text(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 ").upper()


def _taken_at(exif: Image.Exif | None) -> datetime | None:
    """DateTimeOriginal, else DateTime, as the camera's clock showed it (naive)."""
    if exif is None:
        return None
    try:
        candidates = [exif.get_ifd(IFD_EXIF).get(TAG_DATETIME_ORIGINAL), exif.get(TAG_DATETIME)]
    except Exception:
        return None
    for candidate in candidates:
        parsed = _parse_exif_time(candidate)
        if parsed is not None:
            return parsed
    return None


def _parse_exif_time(value) -> datetime | None:
    text = _text(value)
    if not text:
        return None
    for time_format in EXIF_TIME_FORMATS:
        try:
            # Cameras record local time without an offset; the caller decides what it means.
            return datetime.strptime(text[:19], time_format)  # noqa: DTZ007
        except ValueError:
            continue
    return None
