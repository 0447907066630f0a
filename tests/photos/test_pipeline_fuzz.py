"""Whatever bytes arrive, process() returns a clean photo or raises UndecodablePhoto (a 422),
never anything else: mutated real photos and random blobs with and without image signatures."""

from io import BytesIO

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from server.photos import pipeline
from server.photos.pipeline import (
    DISPLAY_LONG_EDGE,
    THUMBNAIL_LONG_EDGE,
    ProcessedPhoto,
    UndecodablePhoto,
    process,
)
from tests.factories import photo
from tests.photos.jpeg import metadata_markers

FUZZ = settings(
    deadline=None,
    database=None,  # nothing written to .hypothesis/
    print_blob=True,  # a failure prints the @reproduce_failure line that replays it
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SIGNATURES = [
    b"\xff\xd8\xff\xe0",  # JPEG/JFIF
    b"\xff\xd8\xff\xe1",  # JPEG/EXIF
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\x00\x10\x00\x00WEBPVP8 ",
    b"\x00\x00\x00\x18ftypheic",
    b"GIF89a",
    b"BM",
]


def generated(format_: str, **options) -> bytes:
    image = Image.linear_gradient("L").resize((48, 32)).convert("RGB")
    out = BytesIO()
    image.save(out, format_, **options)
    return out.getvalue()


def seeds() -> dict[str, bytes]:
    pipeline._enable_heif()  # so that Pillow can write the HEIC seed
    real = [
        "xiaomi_redmi9s_emptygps.jpg",  # phone EXIF, orientation 6, empty GPS IFD
        "kodak_cx7530_gps_south.jpg",  # GPS
        "canon_40d_gpsver.jpg",  # ICC profile, GPS version only
        "nikon_d300_progressive.jpg",  # progressive, XMP
    ]
    return {
        **{name: photo(name) for name in real},
        "generated.png": generated("PNG"),
        "generated.webp": generated("WEBP", quality=50),
        "generated.heic": generated("HEIF", quality=50),
        "generated.mpo": generated("MPO"),
    }


SEEDS = seeds()

# Positions are reduced modulo the length; half of them land in the first 600 bytes, where the
# headers and metadata are and where decoders make their decisions.
positions = st.one_of(st.integers(0, 600), st.integers(0, 2**31))
flips = st.tuples(st.just("flip"), positions, st.integers(1, 255))
# Mostly flips, which keep a file's structure: decoders then get further before they fail.
mutations = st.one_of(
    flips,
    flips,
    flips,
    st.tuples(st.just("insert"), positions, st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), positions, st.integers(1, 64)),
    st.tuples(st.just("truncate"), positions, st.just(0)),
)


@st.composite
def mutated_photos(draw) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for kind, position, argument in draw(st.lists(mutations, min_size=1, max_size=4)):
        position %= len(data) + 1
        if kind == "flip" and position < len(data):
            data[position] ^= argument
        elif kind == "insert":
            data[position:position] = argument
        elif kind == "delete":
            del data[position : position + argument]
        elif kind == "truncate":
            del data[position:]
    return bytes(data)


signed = st.tuples(st.sampled_from(SIGNATURES), st.binary(max_size=4096))
blobs = st.one_of(st.binary(max_size=4096), signed.map(lambda parts: parts[0] + parts[1]))


def assert_photo_or_refused(data: bytes) -> None:
    try:
        result = process(data)
    except UndecodablePhoto as refused:
        assert refused.status == 422
        event(f"refused: {type(refused.__cause__).__name__}")  # --hypothesis-show-statistics
        return
    event("processed")
    assert isinstance(result, ProcessedPhoto)
    assert 0 < max(result.width, result.height) <= DISPLAY_LONG_EDGE
    assert 0 < max(result.thumbnail_width, result.thumbnail_height) <= THUMBNAIL_LONG_EDGE
    assert metadata_markers(result.display) == metadata_markers(result.thumbnail) == []
    if result.gps is not None:
        assert abs(result.gps[0]) <= 90
        assert abs(result.gps[1]) <= 180


def test_every_seed_is_a_photo():
    for data in SEEDS.values():
        assert isinstance(process(data), ProcessedPhoto)


@settings(FUZZ, max_examples=160)
@given(mutated_photos())
def test_mutated_photos_are_processed_or_refused(data):
    assert_photo_or_refused(data)


@settings(FUZZ, max_examples=40)
@given(blobs)
def test_random_bytes_are_refused_or_processed(data):
    assert_photo_or_refused(data)
