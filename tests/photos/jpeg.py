"""What a JPEG the pipeline writes is made of: its segments, and any that are not pixels."""

import struct
from io import BytesIO

from PIL import Image

SOI, EOI, SOS, DRI = 0xD8, 0xD9, 0xDA, 0xDD
APP0, COM = 0xE0, 0xFE
# All a pixels-only JPEG needs: JFIF header, quantisation and Huffman tables, frame header
# (baseline, extended or progressive), scans, restart interval, end.
PIXEL_MARKERS = {APP0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, SOS, DRI, EOI}
MARKER_NAMES = {0xE1: "APP1 (EXIF/XMP)", 0xE2: "APP2 (ICC/MPF)", 0xED: "APP13 (IPTC)", COM: "COM"}


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment, in order, walking the markers from SOI to EOI;
    entropy-coded scan data is skipped (it holds no markers but RSTn and stuffed 0xFF00)."""
    if data[:2] != b"\xff\xd8":
        raise AssertionError("not a JPEG: no SOI")
    segments, position = [], 2
    while True:
        if data[position] != 0xFF:
            raise AssertionError(f"no marker at byte {position}")
        while data[position] == 0xFF:  # fill bytes may precede a marker
            position += 1
        marker = data[position]
        position += 1
        if marker == EOI:
            segments.append((EOI, b""))
            if data[position:]:
                raise AssertionError(f"{len(data) - position} bytes after EOI")
            return segments
        (length,) = struct.unpack(">H", data[position : position + 2])
        segments.append((marker, data[position + 2 : position + length]))
        position += length
        if marker == SOS:
            position = _end_of_scan(data, position)


def _end_of_scan(data: bytes, position: int) -> int:
    while True:
        position = data.index(b"\xff", position)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1 if following == 0xFF else 2
            continue
        return position


def metadata_markers(data: bytes) -> list[str]:
    """Every segment that is not pixels: APPn other than a JFIF APP0, COM, anything unknown."""
    found = []
    for marker, payload in jpeg_segments(data):
        if marker == APP0 and payload.startswith(b"JFIF\x00"):
            continue
        if marker not in PIXEL_MARKERS or marker == APP0:
            found.append(MARKER_NAMES.get(marker, f"0xFF{marker:02X}"))
    return found


def assert_pixels_only(data: bytes) -> None:
    assert metadata_markers(data) == []
    with Image.open(BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert not {"icc_profile", "exif", "xmp", "comment", "photoshop", "mp"} & set(image.info)
        image.load()  # decodes, so the scans are complete
