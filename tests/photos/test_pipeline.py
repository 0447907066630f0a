import json
import random
import struct
import warnings
import zlib
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat
from PIL.TiffImagePlugin import IFDRational

from server.photos import pipeline
from server.photos.pipeline import (
    DISPLAY_LONG_EDGE,
    DRAFT_MIN_LONG_EDGE,
    THUMBNAIL_LONG_EDGE,
    ProcessedPhoto,
    UndecodablePhoto,
    UnsupportedPhotoType,
    check_content_type,
    process,
)
from tests.factories import MANIFEST, MANIFEST_BY_NAME, PHOTOS, photo
from tests.photos.jpeg import assert_pixels_only, metadata_markers

SWEDISH = Path(pipeline.__file__).resolve().parents[1] / "translations" / "sv.json"
# Mean absolute difference per channel (0-255) between two renderings of the same picture at
# 90x60: the right orientation gives < 1, a wrong one 80 or more.
SAME_PICTURE = 3.0


def opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def jpeg(image: Image.Image, **options) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def picture(size: tuple[int, int]) -> Image.Image:
    """Not flat, not symmetric: a gradient with a mark in the top left corner."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill="red")
    return image


def difference(first: Image.Image, second: Image.Image) -> float:
    size = (90, 60) if first.width >= first.height else (60, 90)
    first, second = (i.convert("RGB").resize(size, Image.Resampling.BOX) for i in (first, second))
    return max(ImageStat.Stat(ImageChops.difference(first, second)).mean)


def upright_size(row: dict) -> tuple[int, int]:
    width, height = int(row["width"]), int(row["height"])
    return (height, width) if row["orientation"] in {"5", "6", "7", "8"} else (width, height)


# --- every real photo --------------------------------------------------------------------------


@pytest.mark.parametrize("row", MANIFEST, ids=lambda row: row["file"])
def test_every_photo_becomes_clean_upright_jpegs(row):
    result = process(photo(row["file"]))

    assert isinstance(result, ProcessedPhoto)
    display, thumbnail = opened(result.display), opened(result.thumbnail)
    assert display.size == (result.width, result.height)
    assert thumbnail.size == (result.thumbnail_width, result.thumbnail_height)
    assert display.mode == thumbnail.mode == "RGB"

    upright = upright_size(row)
    if max(upright) <= DISPLAY_LONG_EDGE:
        assert display.size == upright
    else:
        assert DRAFT_MIN_LONG_EDGE <= max(display.size) <= DISPLAY_LONG_EDGE
        assert display.width / display.height == pytest.approx(upright[0] / upright[1], rel=0.01)
    assert max(thumbnail.size) == min(THUMBNAIL_LONG_EDGE, max(display.size))
    assert thumbnail.width / thumbnail.height == pytest.approx(
        display.width / display.height, rel=0.05
    )

    assert_pixels_only(result.display)
    assert_pixels_only(result.thumbnail)
    expected_formats = {"JPEG", "MPO"} if row["format"] == "JPEG" else {row["format"]}
    assert result.source_format in expected_formats


@pytest.mark.parametrize("row", MANIFEST, ids=lambda row: row["file"])
def test_gps_is_the_manifest_position(row):
    gps = process(photo(row["file"])).gps

    if row["has_gps"] == "True":
        assert gps == pytest.approx((float(row["lat"]), float(row["lon"])), abs=1e-5)
    else:
        assert gps is None


def test_gps_in_the_southern_and_western_hemispheres_is_negative():
    assert process(photo("kodak_cx7530_gps_south.jpg")).gps[0] < 0
    assert process(photo("apple_iphone6_gps.jpg")).gps[1] < 0
    assert process(photo("apple_iphone11pm_gps.heic")).gps[1] < 0


# --- orientation -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upright_landscape() -> Image.Image:
    return opened(process(photo("orientation_1.jpg")).display)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_gives_the_same_upright_picture(orientation, upright_landscape):
    result = opened(process(photo(f"orientation_{orientation}.jpg")).display)

    assert result.size == upright_landscape.size == (1800, 1200)
    assert difference(result, upright_landscape) < SAME_PICTURE


@pytest.mark.parametrize(
    "wrong",
    [Image.Transpose.ROTATE_180, Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM],
)
def test_the_comparison_sees_a_wrong_orientation(wrong, upright_landscape):
    assert difference(upright_landscape.transpose(wrong), upright_landscape) > SAME_PICTURE


def test_an_invalid_orientation_leaves_the_photo_as_stored():
    name = "orientation_0_invalid.jpg"
    result = opened(process(photo(name)).display)

    with Image.open(PHOTOS / name) as stored:
        assert stored.getexif()[0x0112] == 0
        assert result.size == stored.size
        assert difference(result, stored) < SAME_PICTURE


def test_a_real_camera_orientation_6_is_turned_upright():
    result = process(photo("canon_sx60hs_orient6.jpg"))

    assert (result.width, result.height) == (1536, 2048)


def test_png_orientation_from_an_imagemagick_text_chunk_is_applied():
    """Pillow's getexif() reads Orientation 3 from the "Raw profile type exif" chunk, so the
    PNG is turned by 180 degrees, as its EXIF asks."""
    name = "png_orient3.png"
    with Image.open(PHOTOS / name) as stored:
        assert stored.getexif()[0x0112] == 3
        turned = stored.convert("RGB").transpose(Image.Transpose.ROTATE_180)
        assert difference(stored, turned) > SAME_PICTURE  # else this test proves nothing

    result = opened(process(photo(name)).display)

    assert difference(result, turned) < SAME_PICTURE


def test_orientation_of_a_generated_photo_turns_the_pixels():
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = picture((300, 200))

    result = opened(process(jpeg(stored, exif=exif, quality=95)).display)

    assert result.size == (200, 300)
    assert difference(result, stored.transpose(Image.Transpose.ROTATE_270)) < SAME_PICTURE


# --- capture time --------------------------------------------------------------------------------


def exif_time(value: str) -> datetime:
    return datetime.strptime(value, "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 - cameras have no zone


def test_taken_at_is_date_time_original():
    name = "nikon_p6000_gps1.jpg"
    with Image.open(PHOTOS / name) as image:
        exif = image.getexif()
        original, modified = exif.get_ifd(0x8769)[0x9003], exif[0x0132]
    assert original != modified  # the file was edited later: DateTime would be wrong

    assert process(photo(name)).taken_at == exif_time(original)


def test_taken_at_falls_back_to_date_time_when_the_exif_ifd_is_unreadable():
    name = "exif_ptr_badtype.jpg"
    with Image.open(PHOTOS / name) as image:
        exif = image.getexif()
        assert exif.get_ifd(0x8769) == {}
        modified = exif[0x0132]

    assert process(photo(name)).taken_at == exif_time(modified)


def test_taken_at_is_read_from_heic():
    name = "apple_iphone11pm_gps.heic"
    pipeline._enable_heif()
    with Image.open(PHOTOS / name) as image:
        original = image.getexif().get_ifd(0x8769)[0x9003]

    assert process(photo(name)).taken_at == exif_time(original)


@pytest.mark.parametrize("name", ["orientation_1.jpg", "olympus_d320l_noexif.jpg"])
def test_taken_at_is_none_without_a_time(name):
    assert process(photo(name)).taken_at is None


def with_exif(ifd0=None, exif_ifd=None, gps_ifd=None) -> bytes:
    exif = Image.Exif()
    exif.update(ifd0 or {})
    if exif_ifd:
        exif.get_ifd(0x8769).update(exif_ifd)
    if gps_ifd:
        exif.get_ifd(0x8825).update(gps_ifd)
    return jpeg(picture((64, 48)), exif=exif)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024:05:06 07:08:09", datetime(2024, 5, 6, 7, 8, 9)),  # noqa: DTZ001
        ("2024:05:06 07:08:09\x00\x00\x00", datetime(2024, 5, 6, 7, 8, 9)),  # noqa: DTZ001
        ("2024-05-06 07:08:09", datetime(2024, 5, 6, 7, 8, 9)),  # noqa: DTZ001
        ("0000:00:00 00:00:00", None),
        ("    :  :     :  :  ", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_taken_at_survives_what_cameras_write(value, expected):
    assert process(with_exif(exif_ifd={0x9003: value})).taken_at == expected


def test_taken_at_of_the_wrong_type_is_none():
    data = with_exif(exif_ifd={0x9003: 20240506}, ifd0={0x0132: b"\x01\x02"})

    assert process(data).taken_at is None


# --- GPS that is not quite GPS -----------------------------------------------------------------

NORTH = {1: "N", 2: (59.0, 30.0, 0.0), 3: "E", 4: (17.0, 45.0, 36.0)}


def test_generated_gps_is_read():
    assert process(with_exif(gps_ifd=NORTH)).gps == pytest.approx((59.5, 17.76))


@pytest.mark.parametrize(
    "broken",
    [
        {2: (IFDRational(59, 0), 30.0, 0.0)},  # zero denominator
        {2: (59.0, 30.0, 0.0, 1.0)},  # four parts
        {2: (95.0, 0.0, 0.0)},  # beyond the pole
        {4: (181.0, 0.0, 0.0)},  # beyond the date line
        {1: "X"},  # no such hemisphere
        {3: None},  # a reference missing
        {4: None},  # a longitude missing
        {9: "V"},  # the receiver says the measurement is void
        {2: (0.0, 0.0, 0.0), 4: (0.0, 0.0, 0.0)},  # what receivers without a fix write
    ],
)
def test_broken_gps_is_none(broken):
    gps = {key: value for key, value in {**NORTH, **broken}.items() if value is not None}

    assert process(with_exif(gps_ifd=gps)).gps is None


ASCII, SHORT, LONG, RATIONAL, SRATIONAL = 2, 3, 4, 5, 10


def rationals(*pairs: tuple[int, int]) -> bytes:
    return b"".join(struct.pack(">ii" if min(pair) < 0 else ">II", *pair) for pair in pairs)


def raw_gps_exif(entries: dict[int, tuple[int, int, bytes]]) -> bytes:
    """EXIF written by hand, for field types Pillow would refuse to write: IFD0 holds only the
    GPS pointer; entries maps a GPS tag to (field type, count, value bytes)."""
    gps_at = 8 + 2 + 12 + 4
    data_at = gps_at + 2 + 12 * len(entries) + 4
    table, data = b"", b""
    for tag, (kind, count, value) in sorted(entries.items()):
        if len(value) <= 4:
            field = value.ljust(4, b"\x00")
        else:
            field, data = struct.pack(">I", data_at + len(data)), data + value
        table += struct.pack(">HHI", tag, kind, count) + field
    ifd0 = struct.pack(">HHHII", 1, 0x8825, LONG, 1, gps_at) + struct.pack(">I", 0)
    gps = struct.pack(">H", len(entries)) + table + struct.pack(">I", 0) + data
    return b"Exif\x00\x00" + b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + gps


RAW_NORTH = {
    1: (ASCII, 2, b"N\x00"),
    2: (RATIONAL, 3, rationals((59, 1), (30, 1), (0, 1))),
    3: (ASCII, 2, b"E\x00"),
    4: (RATIONAL, 3, rationals((17, 1), (4536, 100), (0, 1))),
}


def test_hand_written_gps_is_read():
    data = jpeg(picture((64, 48)), exif=raw_gps_exif(RAW_NORTH))

    assert process(data).gps == pytest.approx((59.5, 17.756))


def test_gps_in_whole_numbers_is_read_although_the_type_is_wrong():
    """LONG instead of RATIONAL: unusual, but the numbers mean what they say."""
    latitude = {2: (LONG, 3, struct.pack(">III", 59, 30, 0))}
    data = jpeg(picture((64, 48)), exif=raw_gps_exif({**RAW_NORTH, **latitude}))

    assert process(data).gps == pytest.approx((59.5, 17.756))


@pytest.mark.parametrize(
    "broken",
    [
        {2: (ASCII, 5, b"59.5\x00")},  # text instead of rationals
        {2: (SRATIONAL, 3, rationals((-59, 1), (30, 1), (0, 1)))},  # negative degrees
        {2: (RATIONAL, 3, rationals((59, 0), (0, 0), (0, 0)))},  # all zero denominators
        {2: (RATIONAL, 0, b"")},  # no values at all
        {1: (SHORT, 1, struct.pack(">H", 78))},  # a reference of the wrong type
        {1: (ASCII, 1, b"\x00")},  # an empty reference
        {3: (RATIONAL, 1, rationals((1, 1)))},  # a reference that is a number
    ],
)
def test_hand_written_broken_gps_is_none(broken):
    data = jpeg(picture((64, 48)), exif=raw_gps_exif({**RAW_NORTH, **broken}))

    assert process(data).gps is None


def test_gps_reference_padded_with_nul_is_read():
    gps = {**NORTH, 1: "N\x00", 3: "E\x00"}

    assert process(with_exif(gps_ifd=gps)).gps == pytest.approx((59.5, 17.76))


# --- formats and colour ------------------------------------------------------------------------


@pytest.mark.parametrize("format_", ["JPEG", "MPO"])
def test_a_12_megapixel_jpeg_is_decoded_at_half_scale_and_not_enlarged(format_):
    out = BytesIO()
    frames = {"save_all": True, "append_images": [picture((640, 480))]} if format_ == "MPO" else {}
    picture((4032, 3024)).save(out, format_, quality=80, **frames)

    result = process(out.getvalue())

    assert result.source_format == format_
    assert (result.width, result.height) == (2016, 1512)
    assert (result.thumbnail_width, result.thumbnail_height) == (400, 300)


def test_a_jpeg_just_above_the_display_size_is_resized_to_it():
    result = process(jpeg(picture((3000, 2000)), quality=80))

    assert (result.width, result.height) == (2048, 1365)


@pytest.mark.parametrize(
    ("stored", "display", "thumbnail"),
    [
        ((4096, 3000), (2048, 1500), (400, 293)),  # display by reduce(2)
        ((2000, 1000), (2000, 1000), (400, 200)),  # thumbnail by reduce(5)
        ((4100, 2050), (2048, 1024), (400, 200)),  # resampled
    ],
)
def test_sizes_of_formats_without_dct_scaling(stored, display, thumbnail):
    out = BytesIO()
    picture(stored).save(out, "PNG", compress_level=1)

    result = process(out.getvalue())

    assert (result.width, result.height) == display
    assert (result.thumbnail_width, result.thumbnail_height) == thumbnail


def test_mpo_gives_its_first_frame():
    out = BytesIO()
    first, second = picture((400, 300)), Image.new("RGB", (400, 300), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])

    result = process(out.getvalue())

    assert result.source_format == "MPO"
    assert difference(opened(result.display), first) < SAME_PICTURE
    assert_pixels_only(result.display)


def test_webp_is_accepted():
    out = BytesIO()
    picture((300, 200)).save(out, "WEBP", quality=90)

    result = process(out.getvalue())

    assert (result.source_format, result.width, result.height) == ("WEBP", 300, 200)


def png(image: Image.Image, **options) -> bytes:
    out = BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


@pytest.mark.parametrize("mode", ["RGBA", "LA"])
def test_transparency_becomes_white(mode):
    image = Image.new("RGBA", (40, 20), (255, 0, 0, 255))
    image.paste((0, 0, 0, 0), (20, 0, 40, 20))  # right half transparent black
    image = image.convert(mode)

    display = opened(process(png(image)).display)

    assert display.getpixel((35, 10)) == pytest.approx((255, 255, 255), abs=3)
    assert display.getpixel((5, 10)) != pytest.approx((255, 255, 255), abs=3)


def test_palette_transparency_becomes_white():
    image = Image.new("P", (40, 20), 1)
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    image.paste(0, (20, 0, 40, 20))

    display = opened(process(png(image, transparency=0)).display)

    assert display.getpixel((35, 10)) == pytest.approx((255, 255, 255), abs=3)
    assert display.getpixel((5, 10)) == pytest.approx((200, 0, 0), abs=8)


def test_16_bit_greyscale_keeps_its_tones():
    image = Image.new("I;16", (32, 32), 32768)

    display = opened(process(png(image)).display)

    assert display.getpixel((16, 16)) == pytest.approx((128, 128, 128), abs=2)


def test_cmyk_becomes_plausible_rgb():
    name = "cmyk_adobe.jpg"
    with Image.open(PHOTOS / name) as stored:
        assert stored.mode == "CMYK"
        expected = stored.convert("RGB")  # Pillow undoes the Adobe inversion itself

    display = opened(process(photo(name)).display)

    assert difference(display, opened(jpeg(expected, quality=82))) < 1
    assert difference(display, ImageChops.invert(expected)) > 100


def test_greyscale_becomes_rgb():
    assert opened(process(photo("corrupt_exif_gray.jpg")).display).mode == "RGB"


# --- metadata never survives -------------------------------------------------------------------


def test_the_marker_walker_sees_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    marked = jpeg(picture((32, 32)), exif=exif, comment=b"hello", icc_profile=b"\x00" * 128)

    assert metadata_markers(marked) == ["APP1 (EXIF/XMP)", "APP2 (ICC/MPF)", "COM"]
    assert metadata_markers(jpeg(picture((32, 32)))) == []


def test_comments_exif_and_icc_are_not_carried_over():
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    exif.get_ifd(0x8825).update(NORTH)
    marked = jpeg(
        picture((64, 48)),
        exif=exif,
        comment=b"secret",
        icc_profile=b"\x00" * 128,
        xmp=b"<x:xmpmeta/>",
    )

    result = process(marked)

    assert result.gps is not None  # read before it was dropped
    assert_pixels_only(result.display)
    assert_pixels_only(result.thumbnail)
    assert b"secret" not in result.display + result.thumbnail


def test_a_photo_with_a_jpeg_comment_loses_it():
    name = "canon_a5_ciff_noexif.jpg"
    with Image.open(PHOTOS / name) as stored:
        assert stored.info.get("comment")

    assert_pixels_only(process(photo(name)).display)


# --- what is not a photo -----------------------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A valid 1x1 PNG whose header claims another size (with a correct CRC)."""
    data = bytearray(png(Image.new("L", (1, 1))))
    ihdr = 8 + 4 + 4  # signature, chunk length, chunk type
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", zlib.crc32(data[ihdr - 4 : ihdr + 13]))
    return bytes(data)


def gif() -> bytes:
    out = BytesIO()
    picture((20, 20)).save(out, "GIF")
    return out.getvalue()


def bmp() -> bytes:
    out = BytesIO()
    picture((20, 20)).save(out, "BMP")
    return out.getvalue()


NOT_PHOTOS = {
    "empty": b"",
    "random": random.Random(7).randbytes(5000),
    "truncated jpeg": photo("orientation_1.jpg")[: len(photo("orientation_1.jpg")) // 2],
    "jpeg header only": photo("orientation_1.jpg")[:600],
    "png header and garbage": b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(2000),
    "truncated png": photo("png_orient3.png")[:5000],
    "bomb 30000x30000": png_declaring(30000, 30000),
    "bomb 10000x10000 (Pillow only warns)": png_declaring(10000, 10000),
    "gif": gif(),
    "bmp": bmp(),
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>',
    "html": b"<!doctype html><title>x</title>",
    "heic header and garbage": photo("apple_iphone11pm_gps.heic")[:4000],
}


@pytest.mark.parametrize("data", NOT_PHOTOS.values(), ids=NOT_PHOTOS.keys())
def test_what_is_not_a_readable_photo_is_refused_with_422(data):
    with pytest.raises(UndecodablePhoto) as raised:
        process(data)

    assert raised.value.status == 422
    assert raised.value.text == "The file is not an image that can be read."


def test_the_bomb_guard_does_not_depend_on_warning_filters():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(UndecodablePhoto):
            process(png_declaring(10000, 10000))


def test_the_pixel_limit_is_pillows(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100)

    process(jpeg(picture((100, 100))))
    with pytest.raises(UndecodablePhoto):
        process(jpeg(picture((101, 100))))


def test_a_declared_size_within_limits_but_no_pixels_is_refused():
    with pytest.raises(UndecodablePhoto):
        process(png_declaring(3000, 3000))


# --- content types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "image/heif",
        "IMAGE/JPEG",
        "image/jpeg; charset=binary",
        "image/png;name=x.png",
        " image/jpeg ",
    ],
)
def test_accepted_content_types(content_type):
    check_content_type(content_type)


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "",
        "application/octet-stream",
        "image/gif",
        "image/bmp",
        "image/svg+xml",
        "text/plain",
        "image/jpeg2",
        "multipart/form-data; boundary=x",
    ],
)
def test_refused_content_types(content_type):
    with pytest.raises(UnsupportedPhotoType) as raised:
        check_content_type(content_type)

    assert raised.value.status == 415
    assert raised.value.text == "Send a JPEG, PNG, WebP or HEIC photo."


def test_error_texts_have_swedish_translations():
    catalogue = json.loads(SWEDISH.read_text("utf-8"))

    for error in (UnsupportedPhotoType(), UndecodablePhoto()):
        assert catalogue[error.text]
        assert catalogue[error.text] != error.text


def test_every_manifest_file_is_tested():
    assert len(MANIFEST) == 35
    assert set(MANIFEST_BY_NAME) == {
        path.name for path in PHOTOS.iterdir() if path.suffix in {".jpg", ".png", ".heic", ".heif"}
    }
