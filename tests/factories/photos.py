"""Real photos with known EXIF (../shared/testdata/photos, described by its MANIFEST.csv)."""

import csv
import os
from pathlib import Path


def _shared_photos() -> Path:
    """The real phone and camera photos of the shared test data, beside the repository."""
    candidates = [
        os.environ.get("LYKTA_TEST_PHOTOS"),
        Path(__file__).resolve().parents[3] / "shared" / "testdata" / "photos",
        "/work/shared/testdata/photos",
    ]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "MANIFEST.csv").is_file():
            return Path(candidate)
    raise RuntimeError("The shared test photos are missing: set LYKTA_TEST_PHOTOS")


PHOTOS = _shared_photos()


def _manifest() -> list[dict]:
    with (PHOTOS / "MANIFEST.csv").open(newline="") as file:
        return list(csv.DictReader(file))


MANIFEST = _manifest()
MANIFEST_BY_NAME = {row["file"]: row for row in MANIFEST}


def photo(name: str) -> bytes:
    return (PHOTOS / name).read_bytes()
