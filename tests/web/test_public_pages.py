"""The residents' pages as the server hands them out: /tipsa and /trygghet(/<code>) with the
app's policy, their own service worker at /public-sw.js, their manifests and their small
catalogues. No database is touched."""

import gzip
import json
import re
from pathlib import Path

import pytest
from xstatic.pkg import leaflet

from server import create_app

PWA = Path(__file__).resolve().parents[2] / "pwa"
PUBLIC = PWA / "public"
LEAFLET = f"/vendor/leaflet/{leaflet.VERSION}/"
# The tip and survey pages' own files (pwa/public/ also holds the public map page, /karta).
SCRIPTS = ["common.js", "place.js", "queue.js", "survey.js", "tips.js"]
FILES = {f"/public/js/{name}" for name in SCRIPTS} | {
    "/public/public.css",
    "/public/i18n/sv.json",
    "/public/i18n/en.json",
    "/public/tips.webmanifest",
    "/public/survey.webmanifest",
}
PAGES = {
    "/tipsa": "tipsa.html",
    "/trygghet": "trygghet.html",
    "/trygghet/vasby-2026": "trygghet.html",
}


class Client:
    """The test client, reading and closing every answer (files are streamed from disk)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path, **kwargs):
        response = self.client.get(path, **kwargs)
        response.get_data()
        response.close()
        return response


@pytest.fixture(scope="module")
def web():
    return Client(create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}))


def catalogue(code: str) -> dict:
    return json.loads((PUBLIC / "i18n" / f"{code}.json").read_text("utf-8"))


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_served_with_the_apps_policy(web, path):
    response = web.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.data == (PUBLIC / PAGES[path]).read_bytes()
    assert (
        response.headers["Content-Security-Policy"]
        == web.get("/").headers["Content-Security-Policy"]
    )
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("name", ["tipsa.html", "trygghet.html"])
def test_the_pages_have_no_inline_code_and_no_literal_text(name):
    html = (PUBLIC / name).read_text("utf-8")
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers"
    body = re.sub(r"<[^>]+>", "\n", html.split("<body", 1)[1].split(">", 1)[1])
    words = {line.strip() for line in body.splitlines() if line.strip()}
    assert words <= {"Lykta"}, words
    # They never load the staff app.
    assert "/js/app.js" not in html
    assert "/i18n/sv.json" not in html


def test_the_honeypot_is_hidden_from_people_and_screen_readers():
    for name in ("tipsa.html", "trygghet.html"):
        html = (PUBLIC / name).read_text("utf-8")
        [honeypot] = re.findall(r'<div class="honeypot"[^>]*>.*?</div>', html, re.S)
        assert 'aria-hidden="true"' in honeypot
        assert 'id="website"' in honeypot
        assert 'tabindex="-1"' in honeypot
        assert 'autocomplete="off"' in honeypot


def test_the_public_worker_has_its_build_and_caches_only_the_public_pages(web):
    response = web.get("/public-sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    build = re.search(r'const BUILD = "(\w{12})";', source).group(1)
    assert build != web.get("/config.json").json["build"]  # its own: the app's and its pages
    assert "__LEAFLET__" not in source
    listed = re.search(r"const SHELL = \[(.*?)\];", source, re.S).group(1)
    urls = set(re.findall(r'"([^"]+)"', listed))
    urls |= {LEAFLET + name for name in re.findall(r"`\$\{LEAFLET\}([^`]+)`", listed)}
    assert all((PUBLIC / url.removeprefix("/public/")).is_file() for url in FILES)
    assert urls >= FILES | {"/tipsa", "/trygghet", "/js/photos.js"}
    assert not {url for url in urls if url.startswith("/js/") and url != "/js/photos.js"}
    assert "/i18n/sv.json" not in urls
    for url in urls:
        assert web.get(url).status_code == 200, url
    # Its caches are not the app's ("lykta-…", which the app's worker clears).
    names = re.findall(r"_CACHE = [`\"]([\w${}-]+)", source)
    assert len(names) == 2
    assert all(name.startswith("public-lykta-") for name in names), names


def test_the_worker_is_not_served_as_a_plain_file(web):
    assert web.get("/public/sw.js").status_code == 404
    assert web.get("/public/../server/config.py").status_code == 404
    assert web.get("/public/tipsa.html").status_code == 404


@pytest.mark.parametrize(
    ("name", "start"), [("tips.webmanifest", "/tipsa"), ("survey.webmanifest", "/trygghet")]
)
def test_each_page_is_installable_on_its_own(web, name, start):
    response = web.get(f"/public/{name}")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["start_url"] == start
    assert manifest["scope"] == start
    assert manifest["id"] == start
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "sv"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert web.get(icon["src"]).status_code == 200


def test_both_public_catalogues_have_the_same_keys_and_placeholders():
    sv, en = catalogue("sv"), catalogue("en")
    assert sv.keys() == en.keys()
    for key in sv:
        assert sv[key].strip() and en[key].strip(), key
        assert set(re.findall(r"\{\w+\}", sv[key])) == set(re.findall(r"\{\w+\}", en[key])), key


def test_every_key_the_pages_use_is_in_their_catalogue():
    keys = catalogue("sv").keys()
    scripts = "\n".join((PUBLIC / "js" / name).read_text("utf-8") for name in SCRIPTS)
    pages = "\n".join(
        (PUBLIC / name).read_text("utf-8") for name in ("tipsa.html", "trygghet.html")
    )
    used = set(re.findall(r'\btext\("([\w.]+)"', scripts))
    used |= set(re.findall(r'data-(?:i18n|doc-title)="([\w.]+)"', pages))
    used |= {f"survey.score_{score}" for score in range(1, 6)}
    used |= {f"survey.time_{time}" for time in ("dag", "kväll", "natt")}
    used |= {f"place.chosen_{source}" for source in ("gps", "map", "typed")}
    used |= {f"queue.problem_{kind}" for kind in ("tip", "rating")}
    used |= {f"photo.error_{reason}" for reason in ("type", "size", "decode")}
    assert len(used) > 50
    assert not used - keys
    plural = set(re.findall(r'\btextN\("([\w.]+)"', scripts)) | {"queue.tips", "queue.ratings"}
    for key in plural:
        assert {f"{key}.one", f"{key}.other"} <= keys, key


def test_the_tip_page_stays_light():
    """What /tipsa loads before its map, gzipped: under 30 kB (23.1 when written; Leaflet's 45.6
    come after, for the map). The staff app's first load is about 60."""
    loaded = [
        PUBLIC / "tipsa.html",
        PWA / "css" / "app.css",
        PUBLIC / "public.css",
        *(PUBLIC / "js" / name for name in ("common.js", "place.js", "queue.js", "tips.js")),
        PWA / "js" / "photos.js",
        PUBLIC / "i18n" / "sv.json",
        PUBLIC / "tips.webmanifest",
    ]
    html = (PUBLIC / "tipsa.html").read_text("utf-8")
    linked = {
        PWA / url.lstrip("/")
        for url in re.findall(r'(?:href|src)="(/[^"]+\.js|/[^"]+\.css)"', html)
    }
    assert linked <= set(loaded)  # nothing else is linked from the page
    size = sum(len(gzip.compress(path.read_bytes(), 9)) for path in loaded)
    assert size < 30_000, size
