"""The field app as the server hands it out: the shell, its headers, the service worker, the
manifest, Leaflet, /config.json, and the catalogues the app's strings come from.

These need no database: the app is made on an in-memory SQLite that is never touched."""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from xstatic.pkg import leaflet

from server import create_app
from server.accounts.models import Role
from server.est.models import ActionKind, ActionStatus
from server.findings.models import Status
from server.promises.models import CommitmentKind
from server.walks.models import WalkStatus, WalkType

PWA = Path(__file__).resolve().parents[2] / "pwa"
LEAFLET = f"/vendor/leaflet/{leaflet.VERSION}/"
# The staff screens, the modules only they use and their styles: cached on first use, not precached.
STAFF_FILES = {
    "/css/staff.css",
    "/js/forms.js",
    "/js/screens/case-actions.js",
    "/js/screens/case-parts.js",
    "/js/screens/case.js",
    "/js/screens/cases.js",
    "/js/screens/dashboard.js",
    "/js/screens/followup-comments.js",
    "/js/screens/followup-moves.js",
    "/js/screens/followup.js",
    "/js/screens/online.js",
    "/js/screens/redaction.js",
    "/js/screens/reports-lagesbild.js",
    "/js/screens/reports.js",
    "/js/screens/tasks.js",
    "/js/screens/walk-forms.js",
    "/js/screens/walks.js",
    "/js/screens/tasks-map.js",
    "/js/screens/est-import.js",
    "/js/screens/est-parts.js",
    "/js/screens/est.js",
    "/js/screens/promise-common.js",
    "/js/screens/promise-form.js",
    "/js/screens/promise-parts.js",
    "/js/screens/promise.js",
    "/js/screens/promises.js",
    "/js/screens/survey-common.js",
    "/js/screens/survey-form.js",
    "/js/screens/survey-results.js",
    "/js/screens/survey.js",
    "/js/screens/tips-parts.js",
    "/js/screens/tips.js",
}
# Registrera händelse, Logga trygghetsrunda, a follow-up walk's list: every role's, yet not in
# the first load; lazy like the staff screens, and kept offline when any signed-in page asks.
FIELD_FILES = {
    "/js/capture/exif.js",  # the capture screen's EXIF reader, HEIC preview and hyphens
    "/js/capture/hyphenate.js",
    "/js/capture/original.js",
    "/js/screens/field-forms.js",
    "/js/screens/field-lists.js",
    "/js/screens/incident.js",
    "/js/screens/revisits.js",
    "/js/screens/round.js",
    "/js/offline-map.js",
    "/js/screens/walk-map.js",
    "/js/capture/same-thing.js",  # 'samma sak' on the capture screen, loaded when tapped
    "/js/screens/walk-track.js",  # the walked route's switch on Hem's walks
}
MIGRATION = next(
    (Path(__file__).resolve().parents[2] / "migrations" / "versions").glob("*_categories_*.py")
)


class Client:
    """The test client, reading and closing every answer (files are streamed from disk)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path, **kwargs):
        response = self.client.get(path, **kwargs)
        response.get_data()
        response.close()
        return response


def make(**config):
    return Client(create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", **config}))


@pytest.fixture(scope="module")
def web():
    return make()


def catalogue(code: str) -> dict:
    return json.loads((PWA / "i18n" / f"{code}.json").read_text("utf-8"))


def app_sources() -> str:
    return "\n".join(path.read_text("utf-8") for path in sorted(PWA.rglob("*.js")))


def test_the_shell_is_served_at_the_root_with_a_strict_policy(web):
    response = web.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b'<html lang="sv"' in response.data
    assert b'<link rel="manifest" href="/manifest.webmanifest">' in response.data
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["img-src"] == "'self' data: blob: https://tile.openstreetmap.org"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_shell_has_no_inline_script_or_style_and_no_literal_text():
    html = (PWA / "index.html").read_text("utf-8")
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers"
    # Every text a person reads comes from a catalogue; only the product name is written here.
    body = re.sub(r"<[^>]+>", "\n", html.split("<body", 1)[1].split(">", 1)[1])
    words = {line.strip() for line in body.splitlines() if line.strip()}
    assert words <= {"Lykta"}, words


def test_unchanged_files_are_answered_with_304(web):
    first = web.get("/js/app.js")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    again = web.get("/js/app.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_app_files_have_the_right_types(web):
    assert web.get("/js/app.js").mimetype == "text/javascript"
    assert web.get("/js/screens/capture.js").mimetype == "text/javascript"
    assert web.get("/css/app.css").mimetype == "text/css"
    assert web.get("/i18n/sv.json").mimetype == "application/json"
    assert web.get("/i18n/sv.json").headers["Cache-Control"] == "no-cache"
    assert web.get("/icons/icon-192.png").mimetype == "image/png"
    assert web.get("/icons/favicon.svg").mimetype == "image/svg+xml"


@pytest.mark.parametrize(
    "path",
    [
        "/icons/make_icons.py",
        "/js/../../server/config.py",
        "/js/%2e%2e/%2e%2e/pyproject.toml",
        "/css/nothing.css",
        "/vendor/leaflet/0.0.1/leaflet.js",
        f"{LEAFLET}../__init__.py",
        "/pwa/index.html",
    ],
)
def test_nothing_else_is_served(web, path):
    assert web.get(path).status_code == 404


def test_the_service_worker_knows_its_build_and_is_always_revalidated(web):
    response = web.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert (
        "connect-src 'self' https://tile.openstreetmap.org"
        in (response.headers["Content-Security-Policy"])
    )
    source = response.get_data(as_text=True)
    build = web.get("/config.json").json["build"]
    assert f'const BUILD = "{build}";' in source
    assert f'const LEAFLET = "{LEAFLET}";' in source
    assert "__BUILD__" not in source
    assert "__LEAFLET__" not in source
    assert web.get("/sw.js", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_the_service_worker_precaches_exactly_the_app(web):
    """Every file, precached or (the owner's screens) cached on first use."""
    source = (PWA / "sw.js").read_text("utf-8")
    listed = re.search(r"const SHELL = \[(.*?)\];", source, re.S).group(1)
    vendor = re.findall(r"`\$\{LEAFLET\}([^`]+)`", listed)
    urls = set(re.findall(r'"([^"]+)"', listed))
    urls |= {LEAFLET + name for name in vendor}
    listed_lazy = re.search(r"const LAZY = \[(.*?)\];", source, re.S).group(1)
    lazy = set(re.findall(r'"([^"]+)"', listed_lazy))
    assert lazy == STAFF_FILES | FIELD_FILES
    listed_field = re.search(r"const FIELD = \[(.*?)\];", source, re.S).group(1)
    assert set(re.findall(r'"([^"]+)"', listed_field)) == FIELD_FILES
    assert not lazy & urls
    urls |= lazy
    on_disk = {
        "/" + path.relative_to(PWA).as_posix()
        for folder in ("js", "css", "i18n", "icons")
        for path in (PWA / folder).rglob("*")
        if path.is_file() and path.suffix in {".js", ".css", ".json", ".png", ".svg"}
    }
    expected = on_disk | {"/", "/manifest.webmanifest", "/config.json"}
    expected |= {LEAFLET + "leaflet.js", LEAFLET + "leaflet.css"}
    assert urls == expected
    for url in urls:
        assert web.get(url).status_code == 200, url


def test_versioned_cache_names_and_an_importable_engine():
    source = (PWA / "sw.js").read_text("utf-8")
    assert "const SHELL_CACHE = `lykta-shell-v1-${BUILD}`;" in source
    [imported] = re.findall(r"^importScripts\(([^)]*)\);", source, re.M)
    engine = [
        "store.js",
        "sending/verdicts.js",
        "sending/requests.js",
        "sending/lock.js",
        "sender.js",
    ]
    assert re.findall(r'"/js/([^"]+)"', imported) == engine
    # The page loads the engine in the same order (each file needs the ones before it).
    page = (PWA / "js" / "outbox.js").read_text("utf-8")
    assert re.findall(r'^import "\./([^"]+)";', page, re.M) == engine
    # The shared engine must load in a classic worker (importScripts): no module syntax.
    for name in engine:
        text = (PWA / "js" / name).read_text("utf-8")
        assert not re.search(r"^\s*(import|export)\b", text, re.M), name


def static_imports(path: Path) -> set[Path]:
    text = path.read_text("utf-8")
    names = re.findall(r'^import\b[^;]*?"([^"]+)";', text, re.M)
    return {(path.parent / name).resolve() for name in names}


def test_reporters_never_load_the_staff_screens():
    """The staff screens' modules and styles are loaded only when a staff screen is opened:
    imported dynamically (app.js, and case.js for the follow-up panel), never by a module every
    user loads, neither linked nor preloaded by the page, nor precached by the service worker."""
    html = (PWA / "index.html").read_text("utf-8")
    staff = {(PWA / url.lstrip("/")).resolve() for url in STAFF_FILES}
    assert all(path.is_file() for path in staff)
    assert not [path.name for path in staff if path.name in html]
    reached, waiting = set(), [(PWA / "js" / "app.js").resolve()]
    while waiting:
        path = waiting.pop()
        if path not in reached:
            reached.add(path)
            waiting.extend(static_imports(path))
    assert not reached & staff, "a module every user loads imports a staff screen"
    app = (PWA / "js" / "app.js").read_text("utf-8")
    assert app.count('import("./screens/tasks.js")') == 1
    assert app.count('import("./screens/case.js")') == 1
    # The coordinators' walks and reports: likewise, only from app.js.
    assert app.count('import("./screens/walks.js")') == 1
    assert app.count('import("./screens/reports.js")') == 1
    # The coordinators' follow-up: from app.js (#/triage) and case.js (the finding's panel).
    assert app.count('import("./screens/followup.js")') == 1
    case = (PWA / "js" / "screens" / "case.js").read_text("utf-8")
    assert case.count('import("./followup.js")') == 1
    # Their styles: linked by app.js when a staff screen is first shown, not by the page.
    assert app.count('"/css/staff.css"') == 1


def test_a_changed_file_makes_a_new_service_worker(tmp_path):
    copy = tmp_path / "pwa"
    shutil.copytree(PWA, copy)
    client = make(LYKTA_PWA_DIR=str(copy))
    before = client.get("/config.json").json["build"]
    assert f'"{before}"' in client.get("/sw.js").get_data(as_text=True)
    css = copy / "css" / "app.css"
    css.write_text(css.read_text("utf-8") + "\n/* changed */\n", "utf-8")
    after = client.get("/config.json").json["build"]
    assert after != before
    assert f'"{after}"' in client.get("/sw.js").get_data(as_text=True)
    assert client.get("/css/app.css").data.endswith(b"/* changed */\n")


def test_a_changed_residents_page_renews_their_worker_only(tmp_path):
    """The staff are offered no update when only the residents' pages changed."""
    copy = tmp_path / "pwa"
    shutil.copytree(PWA, copy)
    client = make(LYKTA_PWA_DIR=str(copy))
    staff, residents = client.get("/sw.js").data, client.get("/public-sw.js").data
    page = copy / "public" / "tipsa.html"
    page.write_text(page.read_text("utf-8") + "<!-- changed -->\n", "utf-8")
    assert client.get("/sw.js").data == staff
    assert client.get("/public-sw.js").data != residents
    photos = copy / "js" / "photos.js"  # the residents' worker keeps it too
    photos.write_text(photos.read_text("utf-8") + "\n// changed\n", "utf-8")
    assert client.get("/sw.js").data != staff
    assert client.get("/public-sw.js").data != residents


def test_leaflet_comes_from_the_package_and_may_be_cached_for_good(web):
    script = web.get(LEAFLET + "leaflet.js")
    assert script.status_code == 200
    assert script.data == (Path(leaflet.BASE_DIR) / "leaflet.js").read_bytes()
    assert script.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert web.get(LEAFLET + "leaflet.css").mimetype == "text/css"
    assert web.get(LEAFLET + "images/layers.png").mimetype == "image/png"


def test_config_is_public_and_names_the_tile_server():
    client = make(LYKTA_TILE_URL="https://{s}.tiles.example.se/{z}/{x}/{y}.png")
    response = client.get("/config.json")
    assert response.status_code == 200
    assert response.json["tile_url"] == "https://{s}.tiles.example.se/{z}/{x}/{y}.png"
    assert response.json["leaflet"] == LEAFLET
    assert response.json["version"]
    assert response.json["tile_attribution"] == ""
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://*.tiles.example.se;" in policy


def test_tiles_from_this_server_need_no_extra_source():
    client = make(LYKTA_TILE_URL="/tiles/{z}/{x}/{y}.png")
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:;" in policy


def test_the_manifest_makes_an_installable_app(web):
    response = web.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"].startswith("Lykta")
    assert manifest["short_name"] == "Lykta"
    assert manifest["lang"] == "sv"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = set()
    for icon in manifest["icons"]:
        fetched = web.get(icon["src"])
        assert fetched.status_code == 200, icon["src"]
        assert fetched.mimetype == icon["type"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(fetched.data)).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    apple = Image.open(io.BytesIO(web.get("/icons/apple-touch-icon.png").data))
    assert apple.size == (180, 180)
    assert apple.mode == "RGB"  # iOS shows transparency as black


def test_the_routes_declare_that_they_are_public():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    endpoints = [
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("web.")
    ]
    assert len(endpoints) >= 6
    for endpoint in endpoints:
        assert app.view_functions[endpoint].permission is None


# --- The catalogues ------------------------------------------------------------------------


def test_both_catalogues_have_the_same_keys_and_placeholders():
    sv, en = catalogue("sv"), catalogue("en")
    assert sv.keys() == en.keys()
    for key in sv:
        assert sv[key].strip() and en[key].strip(), key
        assert set(re.findall(r"\{\w+\}", sv[key])) == set(re.findall(r"\{\w+\}", en[key])), key


def test_every_key_the_app_uses_is_in_the_catalogues():
    keys = catalogue("sv").keys()
    sources = app_sources()
    html = (PWA / "index.html").read_text("utf-8")
    used = set(re.findall(r'\bt\("([\w.]+)"', sources))
    used |= set(re.findall(r'PhotoError\("([\w.]+)"', sources))
    used |= set(re.findall(r'data-i18n(?:-aria-label)?="([\w.]+)"', html))
    plural = set(re.findall(r'\btn\("([\w.]+)"', sources))
    assert used, "the scan found nothing"
    assert not used - keys
    for key in plural:
        assert f"{key}.other" in keys and f"{key}.one" in keys, key


def test_every_value_the_server_sends_has_a_text():
    keys = catalogue("sv").keys()
    expected = {f"status.{status.value}" for status in Status}
    expected |= {f"walk.type.{kind.value}" for kind in WalkType}
    expected |= {f"walk.status.{status.value}" for status in WalkStatus}
    expected |= {f"role.{role.value}" for role in Role}
    expected |= {f"outbox.state.{state}" for state in ("waiting", "sending", "failed", "sent")}
    expected |= {f"settings.storage_{answer}" for answer in ("granted", "denied", "unknown")}
    expected |= {f"capture.position_{source}" for source in ("gps", "manual", "photo")}
    expected |= {f"language.{code}" for code in ("sv", "en")}
    expected |= {f"promise.kind.{kind.value}" for kind in CommitmentKind}
    expected |= {f"est.kind.{kind.value}" for kind in ActionKind}
    expected |= {f"est.status.{status.value.replace(' ', '_')}" for status in ActionStatus}
    expected |= {f"promises.activity.{kind}" for kind in ("walk", "insats")}
    assert not expected - keys


def test_every_category_icon_is_drawn():
    icons = (PWA / "js" / "icons.js").read_text("utf-8")
    drawn = set(re.findall(r'^\s*"?([\w-]+)"?:\s*"M', icons, re.M))
    seeded = set(re.findall(r'"(\w[\w-]*)",\s*\d,\s*(?:\d+|None),\s*\d+\)', MIGRATION.read_text()))
    seeded |= set(re.findall(r'^\s+"([\w-]+)",\n\s+\d,\n', MIGRATION.read_text(), re.M))
    assert {"lightbulb", "heart", "broken-glass", "dots"} <= seeded
    assert seeded <= drawn
    required = {"lightbulb", "tree", "spray", "trash", "recycle", "broken-glass", "flame"}
    required |= {"footpath", "tunnel", "signpost", "eye", "bicycle", "dots", "heart"}
    assert required <= drawn


def test_no_text_is_written_into_the_scripts():
    """Strings in the scripts are keys, codes, selectors or URLs, never words for people."""
    sources = app_sources()
    swedish = re.findall(r'"[^"\n]*[åäöÅÄÖ][^"\n]*"', sources)
    allowed = {'"åtgärdad"', '"ej vårt ansvar"', '"pågår"', '"inställd"'}  # API status values
    allowed.add('"områdesvandring"')  # a walk type, a code of the API (the plan form)
    allowed.add('"förändrad"')  # a follow-up walk's mark, a code of the API (revisits.js)
    allowed.add('"kväll"')  # a time of day, a code of the API (the survey page)
    allowed |= {'"väntar"', '"godkänd"', '"kväll"'}  # a tip's state, a time of day (API codes)
    assert set(swedish) <= allowed, set(swedish) - allowed


def test_the_outbox_puts_each_kind_where_the_server_takes_it():
    """Each kind of outbox item (sending/requests.js) goes to an idempotent PUT of the API, and
    an item without a kind (queued before the kinds) is a finding."""
    source = (PWA / "js" / "sending" / "requests.js").read_text("utf-8")
    listed = re.search(r"const URLS = \{(.*?)\};", source, re.S).group(1)
    urls = dict(re.findall(r'(\w+): "([^"]+)"', listed))
    assert set(urls) == {"finding", "incident", "round"}
    assert 'return item.kind || "finding";' in source
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    puts = {
        rule.rule: rule.methods
        for rule in app.url_map.iter_rules()
        if rule.rule.endswith("_id>") and "PUT" in rule.methods
    }
    for kind, prefix in urls.items():
        assert [rule for rule in puts if re.fullmatch(f"{prefix}<uuid:\\w+>", rule)], kind
