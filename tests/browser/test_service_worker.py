"""The service worker's other duties: Background Sync sends the outbox with the app closed, a
new version waits for the user's word, and an ended session keeps everything queued."""

import shutil

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from server.accounts.models import ApiToken, TokenKind
from server.database import utcnow
from server.extensions import db
from tests.browser.phone import wait_until
from tests.browser.test_language_and_access import PWA_DIR
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser


def test_background_sync_sends_the_outbox_while_the_app_is_closed(
    phone, context, server, make_user, live_server
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.wait_for_service_worker()
    page = phone.page
    context.set_offline(True)
    phone.capture(category="tunnel", photos=["orientation_1.jpg"], note="Mörk tunnel")
    phone.pending(1)
    tags = page.evaluate("navigator.serviceWorker.ready.then((r) => r.sync.getTags())")
    assert tags == ["lykta-outbox"]

    devtools = context.new_cdp_session(page)
    registrations = []
    devtools.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    devtools.send("ServiceWorker.enable")
    page.goto("about:blank")  # the app is closed; only its service worker remains
    assert [p.url for p in context.pages] == ["about:blank"]
    context.set_offline(False)
    wait_until(page, lambda: registrations)
    # What Chromium does when the network returns: wake the worker with a sync event. (It may
    # have done so already by itself; a second event then finds the work done, or waits for
    # the lock while the first one sends.)
    devtools.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registrations[0]["registrationId"],
            "tag": "lykta-outbox",
            "lastChance": False,
        },
    )
    wait_until(page, lambda: [f.photos for f in server.findings()] == [1])
    [stored] = server.findings()
    assert stored.complete and stored.note == "Mörk tunnel"

    phone.open("/#/outbox")
    expect(page.locator('#outbox-sent-list li[data-state="sent"]')).to_have_count(1)
    phone.pending(0)


class PwaServer(LiveServer):
    """A second `lykta serve` whose app files live in a folder the test may change."""

    def __init__(self, database, instance_dir, pwa_dir):
        super().__init__(database, instance_dir)
        self.pwa_dir = pwa_dir

    def environment(self) -> dict:
        return {**super().environment(), "LYKTA_PWA_DIR": str(self.pwa_dir)}


@pytest.fixture
def pwa_server(database, tmp_path):
    pwa = tmp_path / "pwa"
    shutil.copytree(PWA_DIR, pwa)
    instance = tmp_path / "instance"
    instance.mkdir()
    server = PwaServer(database, instance, pwa)
    server.start()
    yield server
    server.stop()


def test_a_new_version_waits_until_the_user_reloads(browser, app, pwa_server):
    context = browser.new_context(base_url=pwa_server.url, service_workers="allow")
    try:
        page = context.new_page()
        page.goto("/")
        body = page.locator("body")
        expect(body).to_have_attribute("data-sw", "controlled")
        old_build = page.evaluate(
            "fetch('/config.json').then((r) => r.json()).then((c) => c.build)"
        )
        expect(page.locator("#update-banner")).to_be_hidden()

        stylesheet = pwa_server.pwa_dir / "css" / "app.css"
        stylesheet.write_text(stylesheet.read_text("utf-8") + "\n/* a new version */\n", "utf-8")
        page.reload()  # the browser checks for a new worker; it installs and waits
        banner = page.locator("#update-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Ny version finns — ladda om")
        expect(body).to_have_attribute("data-update", "available")
        # Until the user says so, the page runs the old version, from the old cache.
        caches = page.evaluate("caches.keys()")
        assert f"lykta-shell-v1-{old_build}" in caches

        with page.expect_event("load"):
            page.click("#update-button")  # SKIP_WAITING, then one reload
        expect(body).to_have_attribute("data-app-state", "ready")
        expect(page.locator("#update-banner")).to_be_hidden()
        caches = page.evaluate("caches.keys()")
        assert f"lykta-shell-v1-{old_build}" not in caches  # the old shell is gone
        assert len([name for name in caches if name.startswith("lykta-shell-")]) == 1
        served = page.evaluate("fetch('/css/app.css').then((r) => r.text())")
        assert served.endswith("/* a new version */\n")
    finally:
        context.close()


def test_an_ended_session_asks_to_sign_in_again_and_keeps_the_outbox(
    phone, context, server, make_user, app
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    context.set_offline(True)
    phone.capture(category="skyltning", photos=["orientation_1.jpg"], note="Skylten saknas")
    phone.pending(1)
    with app.app_context():  # the session ends on the server (revoked, or expired)
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == reporter.id, ApiToken.kind == TokenKind.SESSION.value)
            .values(revoked_at=utcnow())
        )
        db.session.commit()
        db.session.remove()

    context.set_offline(False)
    body = page.locator("body")
    expect(body).to_have_attribute("data-screen", "signin")
    expect(page.locator("main")).to_contain_text("Din inloggning har gått ut.")
    expect(page.locator("main")).to_contain_text("1 iakttagelse väntar i utkorgen")
    expect(page.locator("#signin-email")).to_have_value(reporter.email)
    phone.pending(1)
    assert server.findings() == []

    page.fill("#signin-password", "korrekt-hast-batteri")
    page.click("#signin-submit")
    expect(body).to_have_attribute("data-screen", "home")
    phone.all_sent(1)
    [stored] = server.findings()
    assert stored.note == "Skylten saknas" and stored.complete


def test_a_first_install_that_loses_a_file_tries_again(phone, context):
    """A poor connection on the first visit: a file of the app does not arrive while the service
    worker installs, so the install fails. The app tries again, and then opens with no network."""
    lost = []

    def lose_once(route):
        if lost:
            return route.continue_()
        lost.append(route.request.url)
        return route.abort("connectionreset")

    context.route("**/i18n/en.json", lose_once)  # only the service worker asks for it here
    phone.open("/")
    phone.wait_for_service_worker()
    assert lost, "the install never lost the file: the test proves nothing"
    context.set_offline(True)
    phone.page.reload()
    expect(phone.page.locator("#signin-title")).to_have_text("Logga in")
