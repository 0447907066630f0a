"""Serve the PWA: the shell at `/`, its files, the service worker, Leaflet and `/config.json`;
and the residents' pages (`/tipsa`, `/trygghet`) from `pwa/public/` with their own worker.

The files live in the repository's `pwa/` folder (or LYKTA_PWA_DIR); Leaflet comes from the
`xstatic-leaflet` package. Nothing here needs a build step. Two values are filled into sw.js as
it is served: a digest of the app's files (BUILD), so that any change of the app makes a new
service worker and thus a user-visible update, and the versioned folder of Leaflet's files.

Caching: the shell, the service worker and the app's files are revalidated on every use
(`no-cache`, answered by 304 when unchanged) because their URLs carry no version; Leaflet's
files live under a versioned URL and may be cached for a year. Offline, the service worker
answers from its own cache anyway.
"""

import hashlib
import os
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, request, send_file
from werkzeug.security import safe_join
from xstatic.pkg import leaflet

from server.accounts.policy import public

blp = Blueprint("web", __name__)

DEFAULT_PWA_DIR = Path(__file__).resolve().parents[2] / "pwa"
SERVED_FOLDERS = ("js", "css", "i18n", "icons")
SERVED_SUFFIXES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
LEAFLET_SUFFIXES = {**SERVED_SUFFIXES, ".map": "application/json"}
# The residents' pages (/tipsa, /trygghet) live in pwa/public/ with their own service worker.
PUBLIC_SUFFIXES = {**SERVED_SUFFIXES, ".webmanifest": "application/manifest+json"}
LEAFLET_PREFIX = f"/vendor/leaflet/{leaflet.VERSION}/"
REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
OSM_ATTRIBUTION = "© OpenStreetMap"

_digests: dict[bool, tuple[tuple, str]] = {}  # with the public pages or not: (files, digest)


def pwa_dir() -> Path:
    configured = current_app.config.get("LYKTA_PWA_DIR") or os.environ.get("LYKTA_PWA_DIR")
    return Path(configured) if configured else DEFAULT_PWA_DIR


@blp.get("/")
@public
def shell():
    """The app's one page; every screen is drawn by the scripts (hash routes)."""
    response = _send(pwa_dir() / "index.html", "text/html")
    response.headers["Content-Security-Policy"] = page_policy()
    return response


@blp.get("/sw.js")
@public
def service_worker():
    return _worker(pwa_dir() / "sw.js", build_digest())


def _worker(path: Path, build: str):
    source = path.read_text("utf-8")
    body = source.replace("__BUILD__", build).replace("__LEAFLET__", LEAFLET_PREFIX)
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = REVALIDATE
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Content-Security-Policy"] = worker_policy()
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    return response.make_conditional(request)


@blp.get("/manifest.webmanifest")
@public
def manifest():
    return _send(pwa_dir() / "manifest.webmanifest", "application/manifest+json")


@blp.get("/config.json")
@public
def config():
    """What the app needs to know about this installation; public, no personal data."""
    tile_url = current_app.config["LYKTA_TILE_URL"]
    response = jsonify(
        {
            "version": metadata.version("lykta"),
            "build": build_digest(),
            "tile_url": tile_url,
            "tile_attribution": current_app.config.get(
                "LYKTA_TILE_ATTRIBUTION",
                os.environ.get("LYKTA_TILE_ATTRIBUTION")
                or (OSM_ATTRIBUTION if "openstreetmap" in tile_url else ""),
            ),
            "leaflet": LEAFLET_PREFIX,
            "tile_download_max": tile_download_max(tile_url),
        }
    )
    response.headers["Cache-Control"] = REVALIDATE
    return response


@blp.get("/<any(js, css, i18n, icons):folder>/<path:name>")
@public
def app_file(folder: str, name: str):
    path = safe_join(str(pwa_dir() / folder), name)
    if path is None or Path(path).suffix not in SERVED_SUFFIXES:
        abort(404)
    return _send(Path(path), SERVED_SUFFIXES[Path(path).suffix])


@blp.get("/tipsa")
@public
def tip_page():
    """The residents' tip page (invånartips): no account, its own small service worker."""
    return _public_page("tipsa.html")


@blp.get("/trygghet")
@blp.get("/trygghet/<code>")
@public
def survey_page(code: str | None = None):
    """The residents' safety survey, for a campaign when its code is in the path."""
    return _public_page("trygghet.html")


@blp.get("/public-sw.js")
@public
def public_service_worker():
    """The residents' pages' own service worker (pwa/public/sw.js), at the root so that it may
    control /tipsa and /trygghet; it never loads the staff app."""
    return _worker(pwa_dir() / "public" / "sw.js", build_digest(with_public_pages=True))


@blp.get("/public/<path:name>")
@public
def public_file(name: str):
    path = safe_join(str(pwa_dir() / "public"), name)
    if path is None or Path(path).suffix not in PUBLIC_SUFFIXES or name == "sw.js":
        abort(404)
    return _send(Path(path), PUBLIC_SUFFIXES[Path(path).suffix])


def _public_page(name: str):
    response = _send(pwa_dir() / "public" / name, "text/html")
    response.headers["Content-Security-Policy"] = page_policy()
    return response


@blp.get("/vendor/leaflet/<version>/<path:name>")
@public
def leaflet_file(version: str, name: str):
    path = safe_join(leaflet.BASE_DIR, name)
    if version != leaflet.VERSION or path is None or Path(path).suffix not in LEAFLET_SUFFIXES:
        abort(404)
    return _send(Path(path), LEAFLET_SUFFIXES[Path(path).suffix], IMMUTABLE)


def _send(path: Path, mimetype: str, cache_control: str = REVALIDATE):
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mimetype, conditional=True, etag=True)
    response.headers.pop("Content-Disposition", None)
    response.headers["Cache-Control"] = cache_control
    return response


def build_digest(*, with_public_pages: bool = False) -> str:
    """A digest of every file the app is made of (and Leaflet's version), 12 hex digits. The
    residents' pages (pwa/public/) count only for their own worker, which also keeps some of
    the app's files: a change of theirs offers no update to the staff.

    Computed from contents, not dates, so that every server behind a load balancer agrees;
    recomputed only when a file's size or modification time changed."""
    root = pwa_dir()
    files = sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and (path.suffix in SERVED_SUFFIXES or path.suffix in {".html", ".webmanifest"})
        and (with_public_pages or root / "public" not in path.parents)
    )
    signature = (
        str(root),
        leaflet.VERSION,
        *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files),
    )
    known = _digests.get(with_public_pages)
    if known is None or known[0] != signature:  # only the current state is worth remembering
        hasher = hashlib.sha256(leaflet.VERSION.encode())
        for path in files:
            hasher.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
        known = _digests[with_public_pages] = (signature, hasher.hexdigest()[:12])
    return known[1]


def tile_download_max(tile_url: str) -> int:
    """How many tiles the app may keep offline for a walk. Never from OpenStreetMap's own
    servers, whose tile usage policy forbids bulk downloading, whatever the setting."""
    if "openstreetmap.org" in (urlsplit(tile_url).hostname or ""):
        return 0
    return current_app.config["LYKTA_TILE_DOWNLOAD_MAX_TILES"]


def tile_source() -> str | None:
    """The CSP source for the tile server: its origin, `{s}` subdomains as a wildcard."""
    parts = urlsplit(current_app.config["LYKTA_TILE_URL"])
    if not parts.scheme or not parts.netloc:
        return None  # tiles served by this server itself: 'self' covers them
    host = parts.netloc.replace("{s}", "*")
    if "{" in host:
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{host}"


def page_policy() -> str:
    tiles = tile_source()
    images = " ".join(filter(None, ["'self'", "data:", "blob:", tiles]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def worker_policy() -> str:
    """The service worker fetches tiles for the page's <img> elements: it may reach the tile
    server, nothing else outside this origin."""
    connect = " ".join(filter(None, ["'self'", tile_source()]))
    return f"default-src 'self'; connect-src {connect}; script-src 'self'"
