"""The field app in a real browser: Debian's Chromium driven by Playwright, against a live
`lykta serve` on the test database (the `live_server` fixture), once per database.

Each test gets a fresh browser context (its own storage, service worker and cookies) placed in
Upplands Väsby centrum by a mocked Geolocation API. This machine has no internet: requests to
anything but the live server (map tiles) fail at once, as with a dead tile server.

Tests wait on the app's state (data attributes on <body>, texts in live regions), never on
fixed sleeps; the app's Content-Security-Policy forbids eval, so waits use selectors and
locators rather than page.wait_for_function(). What a person does with the app (Phone) and
the other plain helpers are in tests/browser/phone.py.
"""

import contextlib
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select
from sqlalchemy.engine import make_url

from server.extensions import db
from server.findings.models import Finding
from server.photos.models import Photo
from tests.browser.phone import TIMEOUT_MS, VASBY, Phone
from tests.factories import PHOTOS, at
from tests.live_server import LiveServer
from tests.tile_server import TileServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    # No internet here, and none wanted: every name but the loopback fails at once (map tiles),
    # without request interception, which keeps clients.claim() from taking over the page.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Console errors that are the browser reporting a failed request, which these tests cause on
# purpose (offline, refused tiles, injected 500s): not errors of the app.
NETWORK_NOISE = re.compile(r"^Failed to load resource\b|net::ERR_")

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)
BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    """A browser test proves the app; the server's storage is proved on both databases by the
    API tests. So a browser test runs on one database, PostgreSQL (production's) when it is
    among those asked for, except one marked `both_databases`: the app's sync, whose replays
    and retries meet each database's locking."""
    kinds = {item.callspec.params.get("database") for item in items if hasattr(item, "callspec")}
    if "postgresql" not in kinds:
        return
    keep, drop = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_other_database = params is not None and params.params.get("database") == "sqlite"
        one_is_enough = BROWSER_TESTS in item.path.parents and not item.get_closest_marker(
            "both_databases"
        )
        (drop if on_other_database and one_is_enough else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    # A missing browser fails the run: skipped browser tests would pass while proving nothing.
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make chromium` (make test does)")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser, live_server, app, database):
    """A fresh phone: its own storage and service worker, positioned in Väsby centrum."""
    context = browser.new_context(
        base_url=live_server.url,
        service_workers="allow",
        geolocation=VASBY,
        permissions=["geolocation"],
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        viewport={"width": 412, "height": 860},
        has_touch=True,
    )
    # A grant for an origin replaces the context's grants there: name both. Not every Chromium
    # knows background-sync; without it the page's own triggers remain.
    with contextlib.suppress(PlaywrightError):
        context.grant_permissions(["geolocation", "background-sync"], origin=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()
    wait_for_quiet_database(database)


def wait_for_quiet_database(database, timeout_s: float = 10) -> None:
    """Requests the closed browser made may still run in the server (a sync started by the last
    upload). On PostgreSQL, emptying the database under such a reader's feet is a deadlock:
    wait until no other session of this database is busy or inside a transaction."""
    if database.kind != "postgresql":
        return  # SQLite waits for its lock by itself
    url = make_url(database.url).set(drivername="postgresql").render_as_string(hide_password=False)
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            busy = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state <> 'idle'"
            ).fetchone()[0]
            if not busy:
                return
            time.sleep(0.05)


@pytest.fixture(scope="session")
def tile_server():
    """A map tile server on the loopback that counts what it is asked (tests/tile_server.py)."""
    server = TileServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def tiled_live_server(database, tile_server, tmp_path_factory):
    """A second `lykta serve` whose tiles come from `tile_server`; a test module that needs
    tiles defines `live_server` as this one (tests/browser/test_map_offline.py)."""
    server = LiveServer(
        database,
        tmp_path_factory.mktemp(f"live-tiles-{database.kind}"),
        LYKTA_TILE_URL=tile_server.template,
        LYKTA_TILE_ATTRIBUTION="Testkartan",
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(context):
    """A tab; the test fails if the app throws or logs an error of its own (CSP included)."""
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))

    def console(message):
        if message.type == "error" and not NETWORK_NOISE.search(message.text):
            problems.append(f"console: {message.text}")

    page.on("console", console)
    yield page
    assert not problems, problems


@pytest.fixture
def phone(page):
    return Phone(page)


@dataclass
class StoredFinding:
    id: uuid.UUID
    category: str
    note: str
    lat: float
    lon: float
    accuracy_m: float | None
    complete: bool
    photos_expected: int
    photos: int
    walk_id: int | None


@pytest.fixture
def server(app):
    """What reached the server, read from its database."""

    class Server:
        def findings(self) -> list[StoredFinding]:
            with app.app_context():
                found = []
                for finding in db.session.scalars(select(Finding).order_by(Finding.received_at)):
                    photos = db.session.scalars(select(Photo).filter_by(finding_id=finding.id))
                    found.append(
                        StoredFinding(
                            finding.id,
                            finding.category.code,
                            finding.note,
                            finding.lat,
                            finding.lon,
                            finding.accuracy_m,
                            finding.complete,
                            finding.photos_expected,
                            len(list(photos)),
                            finding.walk_id,
                        )
                    )
                db.session.remove()
                return found

        def photo_rows(self) -> int:
            with app.app_context():
                count = len(list(db.session.scalars(select(Photo.id))))
                db.session.remove()
                return count

    return Server()


@pytest.fixture
def report(api, make_finding):
    """A reporter's finding at (x, y) metres from Väsby centrum, made through the API in
    November, with photos from real phones uploaded."""

    def report(reporter, x, y, category, note, day, photos=()):
        lat, lon = at(x, y)
        photo_ids = [str(uuid.uuid4()) for _ in photos]
        finding = make_finding(
            reporter,
            lat=lat,
            lon=lon,
            category=category,
            note=note,
            photos=photo_ids,
            captured_at=f"2026-11-{day}T18:42:10+01:00",
        )
        for photo_id, name in zip(photo_ids, photos, strict=True):
            response = api(reporter).put(
                f"/api/v1/findings/{finding['id']}/photos/{photo_id}",
                data=(PHOTOS / name).read_bytes(),
                content_type="image/jpeg",
            )
            assert response.status_code == 201, response.json
        return finding

    return report
