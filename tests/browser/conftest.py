"""The field app in a real browser: Debian's Chromium driven by Playwright, against a live
`lykta serve` on the test database (the `live_server` fixture), once per database.

Each test gets a fresh browser context (its own storage, service worker and cookies) placed in
Upplands Väsby centrum by a mocked Geolocation API. This machine has no internet: requests to
anything but the live server (map tiles) fail at once, as with a dead tile server.

Tests wait on the app's state (data attributes on <body>, texts in live regions), never on
fixed sleeps; the app's Content-Security-Policy forbids eval, so waits use selectors and
locators rather than page.wait_for_function().
"""

import contextlib
import re
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import select
from sqlalchemy.engine import make_url

from server.extensions import db
from server.findings.models import Finding
from server.photos.models import Photo
from tests.conftest import PASSWORD, PHOTOS
from tests.places.conftest import at

CHROMIUM = "/usr/bin/chromium"
STOCKHOLM = ZoneInfo("Europe/Stockholm")  # where the browser contexts live
DESKTOP = {"width": 1280, "height": 800}  # a coordinator's laptop
# The controls matched by a selector that are smaller than WCAG's 44 × 44 px touch target.
TOO_SMALL = """(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.checkVisibility())
  .map((e) => [e.id || e.className || e.tagName, e.getBoundingClientRect()])
  .filter(([, r]) => r.width < 44 || r.height < 44)
  .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`)"""
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
VASBY = {"latitude": 59.5186, "longitude": 17.9119, "accuracy": 8}
TIMEOUT_MS = 20_000
# Console errors that are the browser reporting a failed request, which these tests cause on
# purpose (offline, refused tiles, injected 500s): not errors of the app.
NETWORK_NOISE = re.compile(r"^Failed to load resource\b|net::ERR_")

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)


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


def wait_until(page, condition, timeout_s=TIMEOUT_MS / 1000):
    """Poll something outside the page (the server's database) while the browser runs."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        page.wait_for_timeout(200)


@dataclass
class Phone:
    """What a person does with the app, in a few words per step."""

    page: Page

    def open(self, path: str = "/"):
        self.page.goto(path)
        expect(self.page.locator("body")).to_have_attribute("data-app-state", "ready")
        return self

    def sign_in(self, user):
        self.open("/")
        expect(self.page.locator("body")).to_have_attribute("data-screen", "signin")
        self.page.fill("#signin-email", user.email)
        self.page.fill("#signin-password", PASSWORD)
        self.page.click("#signin-submit")
        expect(self.page.locator("body")).to_have_attribute("data-screen", "home")
        expect(self.page.locator("#home-last-sync")).not_to_have_text(re.compile("^Inte synkad"))
        return self

    def wait_for_service_worker(self):
        expect(self.page.locator("body")).to_have_attribute("data-sw", "controlled")

    def go(self, screen: str):
        self.page.click(f'#tab-bar a[data-route="{screen}"]')
        expect(self.page.locator("body")).to_have_attribute("data-screen", screen)

    def capture(self, category="belysning", photos=(), note="", walk=None):
        """Fill in and save a finding; returns to the home screen."""
        if walk is None:
            self.page.click("#report-outside")
        else:
            self.page.click(f'[data-walk-id="{walk}"] a.button')
        expect(self.page.locator("body")).to_have_attribute("data-screen", "capture")
        expect(self.page.locator("body")).to_have_attribute("data-position", "gps")
        self.page.click(f'label[for="category-{category}"]')
        for index, name in enumerate(photos):
            source = "#photo-camera" if index % 2 == 0 else "#photo-gallery"
            self.page.set_input_files(source, str(PHOTOS / name))
            expect(self.page.locator("#photo-list li")).to_have_count(index + 1)
        if note:
            self.page.fill("#note", note)
        self.save()

    def pending(self, count: int):
        expect(self.page.locator("body")).to_have_attribute("data-outbox-pending", str(count))

    def save(self):
        self.page.click("#save-finding")
        expect(self.page.locator("body")).to_have_attribute("data-screen", "home")

    def all_sent(self, count: int):
        """Wait until the outbox shows `count` items as sent and nothing else."""
        if self.page.get_attribute("body", "data-screen") != "outbox":
            self.go("outbox")
        sent = self.page.locator('#outbox-sent-list li[data-state="sent"]')
        expect(sent).to_have_count(count)
        expect(self.page.locator("#outbox-list")).to_have_attribute("data-count", "0")
        self.pending(0)


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


def stockholm_today() -> date:
    """Today where the browser is (its context runs in Europe/Stockholm)."""
    return datetime.now(STOCKHOLM).date()


def update(app, finding_id: str, **fields) -> None:
    with app.app_context():
        finding = db.session.get(Finding, uuid.UUID(finding_id))
        for key, value in fields.items():
            setattr(finding, key, value)
        finding.touch()
        db.session.commit()
        db.session.remove()


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
