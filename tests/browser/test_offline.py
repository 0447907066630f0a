"""No network: the app opens, captures into the outbox, keeps it across a reload, and sends
everything exactly once when the network is back."""

import json

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.both_databases]

PHOTO_SETS = [
    ["orientation_1.jpg", "jolla_phone.jpg"],
    ["orientation_6.jpg"],
    ["sony_cybershot.jpg", "nikon_p6000_gps1.jpg", "pentax_k10d.jpg"],
]


def test_findings_captured_offline_survive_a_reload_and_arrive_once(
    phone, context, server, make_user
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.wait_for_service_worker()
    page = phone.page

    context.set_offline(True)
    expect(page.locator("#net-status")).to_be_visible()
    for index, photos in enumerate(PHOTO_SETS):
        phone.capture(category="klotter", photos=photos, note=f"Fynd {index + 1}")
        expect(page.locator("#home-flash")).to_contain_text("skickas när det finns nät")
        phone.pending(index + 1)

    page.reload()  # still offline: the service worker opens the app from its cache
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    phone.pending(3)
    phone.go("outbox")
    items = page.locator('#outbox-list li[data-state="waiting"]')
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("Fynd 1")  # oldest first
    expect(items.first).to_contain_text("Ingen kontakt med servern")
    # The connection failed, not the findings: the younger ones wait behind the oldest.
    expect(items.nth(1).locator(".reason-soft")).to_have_count(0)
    expect(items.nth(2).locator(".reason-soft")).to_have_count(0)
    assert server.findings() == []

    context.set_offline(False)  # the `online` event starts the sender
    phone.all_sent(3)
    stored = server.findings()
    assert [f.note for f in stored] == ["Fynd 1", "Fynd 2", "Fynd 3"]  # in the order made
    assert [f.photos for f in stored] == [len(p) for p in PHOTO_SETS]
    assert all(f.complete for f in stored)
    assert server.photo_rows() == 6


def test_the_app_shell_outbox_and_my_findings_work_with_no_network(
    phone, context, server, make_user
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.capture(category="belysning", photos=["orientation_1.jpg"], note="Mörk passage")
    phone.all_sent(1)
    # Only what the service worker fetches is cached: a thumbnail the page loaded before the
    # worker took control would not be, and the test would race the worker's install.
    phone.wait_for_service_worker()
    phone.go("findings")  # once online: the thumbnail goes into the photo cache
    expect(phone.page.locator(".finding img")).to_have_count(1)
    phone.wait_for_cached_photos(1)
    page = phone.page

    context.set_offline(True)
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    expect(page.locator("body")).to_have_attribute("data-screen", "findings")
    finding = page.locator(".finding").first
    expect(finding).to_contain_text("Trasig/bristfällig belysning")
    expect(finding).to_contain_text("Status: Ny")
    expect(finding).to_contain_text("Ansvarig: inte utsedd ännu")
    expect(finding).to_contain_text("Mörk passage")
    expect(finding.locator("img")).to_have_count(1)  # from the service worker's photo cache

    phone.go("home")
    expect(page.locator("#home-outbox-summary")).to_contain_text("Allt är skickat")
    phone.go("outbox")
    expect(page.locator('#outbox-sent-list li[data-state="sent"]')).to_have_count(1)
    phone.go("settings")
    expect(page.locator("#storage-status")).not_to_be_empty()
    phone.go("capture")
    expect(page.locator("#category-group input")).to_have_count(14)
    expect(page.locator("#position-text")).to_have_text("59.51860, 17.91190 (±8 m)")
    expect(page.locator("#map-status")).to_contain_text("Kartbilderna kan inte visas")

    page.goto("/#/outbox")  # a new navigation, also from the cache
    expect(page.locator("body")).to_have_attribute("data-screen", "outbox")


def test_the_manifest_is_valid_and_the_worker_controls_the_page(phone, make_user):
    page = phone.page
    phone.open("/")
    manifest_url = page.get_attribute('link[rel="manifest"]', "href")
    response = page.request.get(manifest_url)
    assert response.ok
    manifest = json.loads(response.body())
    assert manifest["name"] and manifest["short_name"] == "Lykta"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).ok, icon["src"]
    phone.wait_for_service_worker()
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-app-state", "ready")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_my_findings_shows_what_became_of_them_after_a_sync(
    phone, server, make_user, make_org, assign
):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.capture(category="atervinning", photos=["orientation_1.jpg"], note="Full container")
    phone.all_sent(1)
    [stored] = server.findings()
    assign({"id": str(stored.id)}, make_org("Väsbyhem"), status="mottagen")

    page = phone.page
    phone.go("home")
    page.click("#sync-now")
    expect(page.locator("#announcer")).to_have_text("Synkat. Allt är skickat.")
    phone.go("findings")
    finding = page.locator(f'.finding[data-id="{stored.id}"]')
    expect(finding).to_contain_text("Status: Mottagen")
    expect(finding).to_contain_text("Ansvarig: Väsbyhem")
    page.click("#findings-view-map")
    expect(page.locator("#findings-map .map-dot")).to_have_count(1)
    expect(page.locator("#findings-map-status")).to_contain_text("Kartbilderna kan inte visas")
    page.click("#findings-view-list")
    expect(finding).to_be_visible()
