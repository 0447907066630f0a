"""Photos for the demo: real phone and camera photos from the shared test data when the
folder is there, otherwise a picture drawn here (a dusky street scene with the category)."""

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

SHARED_PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "photos"


def demo_photo(photo_dir: Path | None, name: str, label: str) -> tuple[bytes, str]:
    path = (photo_dir or SHARED_PHOTOS) / name
    if path.is_file():
        return path.read_bytes(), "image/jpeg"
    return _drawn(label), "image/jpeg"


def _drawn(label: str) -> bytes:
    image = Image.new("RGB", (1600, 1200))
    draw = ImageDraw.Draw(image)
    for y in range(1200):  # an evening sky over a dark street
        shade = int(20 + 60 * y / 1200)
        draw.line([(0, y), (1600, y)], fill=(shade // 2, shade // 2, shade))
    draw.rectangle([200, 500, 700, 1100], fill=(60, 60, 70))
    draw.rectangle([900, 400, 1400, 1100], fill=(70, 65, 60))
    draw.ellipse([1050, 250, 1120, 320], fill=(250, 230, 150))
    draw.text((80, 80), label, fill=(255, 255, 255), font_size=96)
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
