"""Photo pipeline: our Pillow `process()` against libvips doing the same work, and a naive Pillow.

Run with `.venv/bin/python bench/photos.py`. Results go to bench/results/photos.json.

Every contestant does: decode, apply the EXIF orientation, a display JPEG with a long edge of at
most 2048 px (quality 82) and a thumbnail of at most 400 px (quality 75) made from the display
image, both without any metadata, optimize off, baseline.

- ours: server.photos.pipeline.process(). For JPEG the DCT decoder scales down by 1/2, 1/4 or
  1/8 while decoding (Image.draft) as long as DRAFT_MIN_LONG_EDGE px remain (a 4032 px photo
  gives a 2016 px display), a BICUBIC resize only when still above 2048, the thumbnail from the
  display image. It also reads EXIF GPS and time (well under a millisecond).
- libvips thumbnail: the reference of the brief. thumbnail_buffer(data, 2048, size="down")
  autorotates and resizes (shrink-on-load for JPEG only where it keeps a factor of 2 for the
  final lanczos3 reduce, so a 4032 px photo is decoded at full size and reduced to exactly
  2048), copy_memory() so the display is computed once, jpegsave_buffer(Q=82, stripped), then
  thumbnail_image(400) of the display and jpegsave_buffer(Q=75, stripped).
- libvips same work (JPEG only): what ours does, in libvips: jpegload with the same DCT shrink
  (sequential access, decoded to memory), autorot, lanczos3 resize only when still above 2048,
  then saved as above. The apples-to-apples comparison.
- naive Pillow: full decode, exif_transpose, LANCZOS from full size to 2048 and again from
  full size to 400 (the thumbnail from the original): what the draft() path saves.

libvips runs in child processes of its own: with Debian's libheif (loaded by libvips) already in
the process, pillow-heif's bundled libheif crashes on the first HEIC. Single-threaded:
VIPS_CONCURRENCY=1 in the libvips child, pillow-heif decodes with one thread here, and libvips'
operation cache is off so that repeated runs do real work. Multi-threaded libvips (one thread
per core) on the 12 MP photo is measured in another child as a second reference only.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps

from server.photos import pipeline

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO.parent / "shared" / "testdata" / "photos"
RESULTS = REPO / "bench" / "results" / "photos.json"
PHONE_SOURCE = PHOTOS / "apple_iphone6_gps.jpg"
PHONE_NAME = "phone_12mp_orient6.jpg (generated)"
LIBVIPS_FLAG = "--libvips-child"
PHONE_RUNS = 7
SHARED_RUNS = 5
TARGET_RATIO = 1.0

# --- the contestants -----------------------------------------------------------------------


def ours(data: bytes) -> tuple[int, int]:
    result = pipeline.process(data)
    return result.width, result.height


def naive_pillow(data: bytes) -> tuple[int, int]:
    with warnings.catch_warnings(), Image.open(BytesIO(data)) as source:
        warnings.simplefilter("ignore")  # "Corrupt EXIF data"
        source.load()  # full-size decode, no draft
        image = ImageOps.exif_transpose(source).convert("RGB")
    display = image.resize(_fit(image.size, 2048), Image.Resampling.LANCZOS)
    thumbnail = image.resize(_fit(image.size, 400), Image.Resampling.LANCZOS)
    _pillow_jpeg(display, 82)
    _pillow_jpeg(thumbnail, 75)
    return display.size


def libvips_thumbnail(data: bytes) -> tuple[int, int]:
    vips = load_pyvips()
    display = vips.Image.thumbnail_buffer(data, 2048, size="down").copy_memory()
    return _libvips_save_both(display)


def libvips_same_work(data: bytes) -> tuple[int, int]:
    vips = load_pyvips()
    header = vips.Image.new_from_buffer(data, "")
    if header.get("vips-loader") != "jpegload_buffer":
        raise ValueError("only JPEG has a DCT shrink")
    shrink = _dct_shrink((header.width, header.height))
    # Sequential access, as thumbnail_buffer loads: libvips 8.14 reduces an image without the
    # "vips-sequential" mark 4-5x slower with one thread. Decoded to memory before autorot,
    # whose rot90 reads out of order (ours, too, decodes fully before transposing).
    image = vips.Image.new_from_buffer(data, "", shrink=shrink, access="sequential")
    image = image.copy_memory().autorot()
    long_edge = max(image.width, image.height)
    if long_edge > pipeline.DISPLAY_LONG_EDGE:
        image = image.resize(pipeline.DISPLAY_LONG_EDGE / long_edge)
    return _libvips_save_both(image.copy_memory())


def _libvips_save_both(display) -> tuple[int, int]:
    _libvips_jpeg(display, 82)
    _libvips_jpeg(display.thumbnail_image(400), 75)
    return display.width, display.height


def _libvips_jpeg(image, quality: int) -> bytes:
    vips = load_pyvips()
    if vips.at_least_libvips(8, 15):
        return image.jpegsave_buffer(Q=quality, keep=vips.enums.ForeignKeep.NONE)
    return image.jpegsave_buffer(Q=quality, strip=True)  # libvips before 8.15


def _pillow_jpeg(image: Image.Image, quality: int) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False)
    return out.getvalue()


def _fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    factor = max(1.0, max(size) / long_edge)
    return max(1, round(size[0] / factor)), max(1, round(size[1] / factor))


def _dct_shrink(size: tuple[int, int]) -> int:
    """The scale our pipeline asks the JPEG decoder for, computed the same way."""
    for scale in (8, 4, 2):
        if max(size) // scale >= pipeline.DRAFT_MIN_LONG_EDGE:
            return scale
    return 1


PILLOW_CONTESTANTS = {"ours": ours, "naive_pillow": naive_pillow}
LIBVIPS_CONTESTANTS = {"libvips": libvips_thumbnail, "libvips_same_work": libvips_same_work}
COLUMNS = ("ours", "libvips", "libvips_same_work", "naive_pillow")


# --- inputs ----------------------------------------------------------------------------------


def phone_photo() -> bytes:
    """A 4032x3024 JPEG like a phone's: a real picture scaled up, with sensor-like noise so that
    it compresses like a photo (~3 MB at quality 92), Orientation 6, GPS and a capture time."""
    with Image.open(PHONE_SOURCE) as source:
        picture = source.convert("RGB").resize((4032, 3024), Image.Resampling.BICUBIC)
    noise = Image.merge("RGB", [Image.effect_noise(picture.size, 40) for _ in range(3)])
    picture = Image.blend(picture, noise, 0.10)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110] = "Lykta", "Bench Phone"
    exif.get_ifd(0x8769)[0x9003] = "2025:05:14 21:07:33"
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (59.0, 31.0, 6.5), 3: "E", 4: (17.0, 55.0, 3.25), 0: b"\x02\x02\x00\x00"}
    )
    out = BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def shared_photos() -> list[Path]:
    return sorted(path for path in PHOTOS.iterdir() if path.name in _manifest_names())


def _manifest_names() -> set[str]:
    lines = (PHOTOS / "MANIFEST.csv").read_text().splitlines()[1:]
    return {line.split(",", 1)[0] for line in lines if line}


# --- measuring -------------------------------------------------------------------------------


def median_ms(function, data: bytes, runs: int) -> float:
    function(data)  # warm-up: plugin registration, caches, page faults
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(contestants: dict, data: bytes, runs: int) -> dict:
    """{contestant: {"ms", "display"}} or {"error"} for a file that contestant cannot read."""
    results = {}
    for contestant, function in contestants.items():
        try:
            display = list(function(data))
        except Exception as error:
            results[contestant] = {"error": f"cannot read: {type(error).__name__}"}
            continue
        results[contestant] = {"ms": round(median_ms(function, data, runs), 1), "display": display}
    return results


def in_libvips_process(inputs: list[dict], threads: int) -> dict:
    """Run the libvips contestants in a fresh process with the given thread pool size (fixed
    when libvips starts, and libvips must not share a process with pillow-heif)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json") as listing:
        json.dump(inputs, listing)
        listing.flush()
        done = subprocess.run(
            [sys.executable, __file__, LIBVIPS_FLAG, listing.name],
            capture_output=True,
            text=True,
            env={**os.environ, "VIPS_CONCURRENCY": str(threads)},
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"the libvips process failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def libvips_child(listing: str) -> None:
    vips = load_pyvips()
    results = {
        "version": f"{vips.version(0)}.{vips.version(1)}.{vips.version(2)}",
        "threads": int(os.environ["VIPS_CONCURRENCY"]),
        "photos": {},
    }
    for item in json.loads(Path(listing).read_text()):
        data = Path(item["path"]).read_bytes()
        results["photos"][item["name"]] = measure(LIBVIPS_CONTESTANTS, data, item["runs"])
    print(json.dumps(results))


def load_pyvips():
    """pyvips, with the operation cache off so that every run decodes again."""
    import pyvips

    pyvips.cache_set_max(0)
    return pyvips


# --- report ----------------------------------------------------------------------------------


def combine(name: str, data: bytes, runs: int, pillow: dict, libvips: dict) -> dict:
    results = {**pillow, **libvips}
    ms = {key: results[key]["ms"] for key in COLUMNS if "ms" in results.get(key, {})}
    row = {"photo": name, "bytes": len(data), "runs": runs, "ms": ms}
    row["display"] = {key: results[key].get("display") for key in COLUMNS if key in results}
    row["errors"] = {key: results[key]["error"] for key in results if "error" in results[key]}
    for other in ("libvips", "libvips_same_work", "naive_pillow"):
        if "ours" in ms and other in ms:
            row[f"ours_vs_{other}"] = round(ms["ours"] / ms[other], 2)
    return row


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'photo':36} {'ours':>7} {'libvips':>8} {'lv same':>8} {'naive':>8} "
        f"{'ours/lv':>8} {'ours/same':>9} {'ours/naive':>10}  display ours | libvips"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ms = row["ms"]
        cells = [_cell(ms.get("ours"), width=7)]
        cells += [_cell(ms.get(key)) for key in COLUMNS[1:]]
        cells += [
            _cell(row.get("ours_vs_libvips"), "x", 8),
            _cell(row.get("ours_vs_libvips_same_work"), "x", 9),
            _cell(row.get("ours_vs_naive_pillow"), "x", 10),
        ]
        sizes = f"{_size(row['display'].get('ours'))} | {_size(row['display'].get('libvips'))}"
        print(f"{row['photo'][:36]:36} {' '.join(cells)}  {sizes}")
    print(
        "ms = median wall time, one thread each; lv same = libvips doing our work (same DCT "
        "shrink, JPEG only); - = that side cannot read the file"
    )


def _cell(value, unit: str = "", width: int = 8) -> str:
    if value is None:
        return f"{'-':>{width}}"
    return f"{value:>{width - len(unit)}.{2 if unit else 1}f}{unit}"


def _size(display) -> str:
    return f"{display[0]}x{display[1]}" if isinstance(display, list) else "-"


def verdict(phone: dict) -> dict:
    ratio = phone.get("ours_vs_libvips")
    same = phone.get("ours_vs_libvips_same_work")
    met = ratio is not None and ratio <= TARGET_RATIO
    print(
        f"\nTarget: ours <= {TARGET_RATIO:.1f}x libvips on the 12 MP JPEG: ours/libvips = "
        f"{ratio}x, {'MET' if met else 'NOT MET'}. Against libvips doing the same work "
        f"(same DCT shrink): {same}x. Speed-up over naive Pillow: "
        f"{phone.get('ours_vs_naive_pillow')}x of its time."
    )
    return {"target_ratio": TARGET_RATIO, "ratio": ratio, "met": met, "same_work_ratio": same}


def thread_scaling(data: bytes, photos: int = 48) -> dict:
    """Our pipeline's photos/s on one thread and on one thread per core, in this process: how
    much the request threads of one gunicorn worker can process at once (Pillow must let go of
    the GIL for that; the ideal is the number of cores)."""
    cores = os.cpu_count() or 1
    per_second = {}
    for threads in (1, cores):
        with ThreadPoolExecutor(threads) as pool:
            started = time.perf_counter()
            list(pool.map(lambda _: pipeline.process(data), range(photos)))
            per_second[threads] = photos / (time.perf_counter() - started)
    scaling = per_second[cores] / per_second[1]
    print(
        f"Threads: ours on 1 thread {per_second[1]:.1f} photos/s, on {cores} threads "
        f"{per_second[cores]:.1f} photos/s: {scaling:.2f}x (ideal {cores}x)."
    )
    return {"cores": cores, "photos_per_s": per_second, "scaling": round(scaling, 2)}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == LIBVIPS_FLAG:
        libvips_child(sys.argv[2])
        return
    import pillow_heif

    pillow_heif.register_heif_opener()  # for naive Pillow; ours registers it itself
    pillow_heif.options.DECODE_THREADS = 1
    print(f"Pillow {Image.__version__}, pillow-heif {pillow_heif.__version__} (1 decode thread)")
    with tempfile.TemporaryDirectory() as scratch:
        phone_path = Path(scratch, "phone.jpg")
        phone_path.write_bytes(phone_photo())
        inputs = [{"name": PHONE_NAME, "path": str(phone_path), "runs": PHONE_RUNS}]
        inputs += [
            {"name": path.name, "path": str(path), "runs": SHARED_RUNS} for path in shared_photos()
        ]
        libvips = in_libvips_process(inputs, threads=1)
        threaded = in_libvips_process(inputs[:1], threads=os.cpu_count() or 1)
        print(f"libvips {libvips['version']} in a child process, VIPS_CONCURRENCY=1")
        print(f"12 MP input: 4032x3024, {phone_path.stat().st_size / 1e6:.1f} MB, Orientation 6\n")
        rows = []
        for item in inputs:
            data = Path(item["path"]).read_bytes()
            pillow = measure(PILLOW_CONTESTANTS, data, item["runs"])
            rows.append(
                combine(item["name"], data, item["runs"], pillow, libvips["photos"][item["name"]])
            )
    print_table(rows)
    result = verdict(rows[0])
    scaling = thread_scaling(phone_photo())
    threaded_ms = threaded["photos"][PHONE_NAME]
    print(
        f"Second reference, libvips with {threaded['threads']} threads (separate process) on "
        f"the 12 MP JPEG: thumbnail {threaded_ms['libvips']['ms']} ms, same work "
        f"{threaded_ms['libvips_same_work']['ms']} ms; ours (1 thread) {rows[0]['ms']['ours']} ms."
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "verdict": result,
                "libvips_threaded": threaded,
                "thread_scaling": scaling,
                "photos": rows,
            },
            indent=2,
        )
    )
    print(f"\nWritten to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
