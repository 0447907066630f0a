"""Blurring parts of a stored photo, pure: JPEG bytes in, JPEG bytes out.

A redacted rectangle is first reduced to blocks of an eighth of its shorter side (at least
8 px), so that the detail is gone and not merely smeared, then blurred with a Gaussian of a
quarter of its shorter side (at least 8 px), so that no block edges remain to hint at a shape.
IMY notes that pixelation alone may not anonymise; both together leave a face the size of
the rectangle as a few soft blotches of colour. Pixels outside the rectangles are not touched
(the JPEG is encoded again, which changes them by a few levels at most).
"""

from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageFilter

from server.photos import pipeline

MIN_BLOCK = 8
MIN_RADIUS = 8.0


@dataclass(frozen=True)
class Blurred:
    display: bytes
    width: int
    height: int
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int


def blur_rectangles(display: bytes, rectangles: list[tuple[int, int, int, int]]) -> Blurred:
    """rectangles: (x, y, width, height) in the display image's pixels, inside it."""
    with Image.open(BytesIO(display), formats=["JPEG"]) as source:
        image = source.convert("RGB")
    for x, y, width, height in rectangles:
        _blur(image, (x, y, x + width, y + height))
    return _encode(image)


def blur_everything(display: bytes) -> Blurred:
    with Image.open(BytesIO(display), formats=["JPEG"]) as source:
        image = source.convert("RGB")
    _blur(image, (0, 0, image.width, image.height))
    return _encode(image)


def _blur(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    region = image.crop(box)
    width, height = region.size
    short = min(width, height)
    block = max(MIN_BLOCK, short // 8)
    small = region.resize(
        (max(1, round(width / block)), max(1, round(height / block))), Image.Resampling.BOX
    )
    region = small.resize((width, height), Image.Resampling.BILINEAR)
    region = region.filter(ImageFilter.GaussianBlur(radius=max(MIN_RADIUS, short / 4)))
    image.paste(region, box)


def _encode(image: Image.Image) -> Blurred:
    # The thumbnail is made the way the pipeline makes it, from the redacted display image.
    thumbnail = pipeline._shrink(image, pipeline.THUMBNAIL_LONG_EDGE, reducing_gap=1.0)
    return Blurred(
        display=pipeline._encode(image, pipeline.DISPLAY_QUALITY),
        width=image.width,
        height=image.height,
        thumbnail=pipeline._encode(thumbnail, pipeline.THUMBNAIL_QUALITY),
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )
