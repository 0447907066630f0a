"""Capturing a finding online: from the phone's buttons to the server's database."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.phone import VASBY
from tests.live_server import http

pytestmark = pytest.mark.browser


def test_a_finding_with_two_photos_and_a_note_reaches_the_server(phone, server, make_user):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    page.click("#report-outside")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    expect(page.locator("#position-text")).to_have_text("59.51860, 17.91190 (±8 m)")
    expect(page.locator("#accuracy-warning")).to_be_hidden()
    page.click('label[for="category-belysning"]')
    page.set_input_files("#photo-camera", "/work/shared/testdata/photos/orientation_1.jpg")
    expect(page.locator("#photo-list li")).to_have_count(1)
    page.set_input_files("#photo-gallery", "/work/shared/testdata/photos/jolla_phone.jpg")
    expect(page.locator("#photo-list li")).to_have_count(2)
    page.fill("#note", "Lampan vid cykelställen är trasig")
    expect(page.locator("#nearby")).to_have_attribute("data-state", "done")
    expect(page.locator("#nearby")).to_have_attribute("data-source", "server")
    # No tile server here: the map says so in words, and the coordinates are there as text.
    expect(page.locator("#capture-map")).to_have_attribute("data-tiles", "failed")
    phone.save()
    expect(page.locator("#home-flash")).to_contain_text("Iakttagelsen är sparad")
    phone.all_sent(1)

    [stored] = server.findings()
    assert stored.category == "belysning"
    assert stored.note == "Lampan vid cykelställen är trasig"
    assert (stored.lat, stored.lon) == (VASBY["latitude"], VASBY["longitude"])
    assert stored.accuracy_m == 8
    assert stored.photos_expected == 2
    assert stored.photos == 2
    assert stored.complete
    assert stored.walk_id is None


def test_photos_are_made_smaller_on_the_phone(phone, server, make_user, live_server):
    """jolla_phone.jpg is 3264 × 2448 px: the server receives 2048 × 1536, as JPEG."""
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    phone.capture(photos=["jolla_phone.jpg"])
    phone.all_sent(1)
    [stored] = server.findings()
    status, finding = http(
        "GET", f"{live_server.url}/api/v1/findings/{stored.id}", token=reporter.token
    )
    assert status == 200
    [photo] = finding["photos"]
    assert (photo["width"], photo["height"]) == (2048, 1536)
    status, data = http("GET", live_server.url + photo["url"], token=reporter.token)
    assert status == 200
    assert Image.open(io.BytesIO(data)).size == (2048, 1536)


def test_a_finding_within_a_walk_and_the_nearby_duplicate(
    phone, server, make_user, make_walk, make_finding
):
    reporter = make_user("reporter")
    colleague = make_user("reporter")
    walk = make_walk([reporter, colleague], title="Kvällsvandring Centrum")
    make_finding(colleague, category="klotter", lat=59.51870, lon=17.91195, walk_id=walk)
    phone.sign_in(reporter)
    page = phone.page
    card = page.locator(f'[data-walk-id="{walk}"]')
    expect(card).to_contain_text("Kvällsvandring Centrum")
    card.locator("a.button").click()
    expect(page.locator("#capture-walk")).to_contain_text("Kvällsvandring Centrum")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click('label[for="category-klotter"]')
    nearby = page.locator("#nearby")
    expect(nearby).to_have_attribute("data-state", "done")
    expect(nearby).to_contain_text("1 liknande iakttagelse finns i närheten")
    expect(nearby).to_contain_text(re.compile(r"1[12] m bort"))
    phone.save()
    phone.all_sent(1)
    stored = server.findings()
    assert len(stored) == 2  # the colleague's and this one
    assert {f.walk_id for f in stored} == {walk}


def test_a_walk_that_is_over_offers_no_reporting_on_it(phone, make_user, make_walk):
    reporter = make_user("reporter")
    ended = {
        make_walk([reporter], title="Inställd vandring", status="inställd"): "Inställd",
        make_walk([reporter], title="Avslutad vandring", status="avslutad"): "Avslutad",
    }
    running = make_walk([reporter], title="Pågående vandring")
    phone.sign_in(reporter)
    page = phone.page
    expect(page.locator(f'[data-walk-id="{running}"] a.button')).to_have_count(1)
    for walk, label in ended.items():
        card = page.locator(f'[data-walk-id="{walk}"]')
        expect(card).to_contain_text(label)
        expect(card.locator("a.button")).to_have_count(0)


def test_without_a_category_nothing_is_saved(phone, make_user):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    page.click("#report-outside")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click("#save-finding")
    expect(page.locator("#capture-error")).to_have_text("Välj vad du har hittat.")
    expect(page.locator("#category-belysning")).to_be_focused()
    phone.pending(0)


def test_a_poor_position_is_warned_about_and_the_pin_can_be_moved_by_keyboard(
    phone, context, server, make_user
):
    context.set_geolocation({"latitude": 59.5186, "longitude": 17.9119, "accuracy": 120})
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    page.click("#report-outside")
    expect(page.locator("#accuracy-warning")).to_be_visible()
    expect(page.locator("#accuracy-warning")).to_contain_text("±120 m")
    pin = page.locator(".map-pin")
    pin.focus()
    page.keyboard.press("Shift+ArrowUp")  # 10 m north
    expect(page.locator("body")).to_have_attribute("data-position", "manual")
    expect(page.locator("#accuracy-warning")).to_be_hidden()
    expect(page.locator("#position-text")).to_have_text(
        re.compile(r"^59\.5186\d, 17\.91190 \(placerad för hand\)$")
    )
    page.click('label[for="category-trygg_plats"]')
    phone.save()
    phone.all_sent(1)
    [stored] = server.findings()
    assert stored.category == "trygg_plats"
    assert abs((stored.lat - 59.5186) * 111320 - 10) < 0.5
    assert stored.lon == 17.9119
    assert stored.accuracy_m is None


def test_coordinates_can_be_typed_instead(phone, server, make_user):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    page.click("#report-outside")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.click(".coordinates summary")
    page.fill("#coord-lat", "59,52001")
    page.fill("#coord-lon", "17.90999")
    page.click("#use-coordinates")
    expect(page.locator("#position-text")).to_have_text("59.52001, 17.90999 (placerad för hand)")
    page.click('label[for="category-nedskrapning"]')
    phone.save()
    phone.all_sent(1)
    [stored] = server.findings()
    assert (stored.lat, stored.lon) == (59.52001, 17.90999)


def test_a_gallery_photo_offers_its_own_position(phone, make_user):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    page.click("#report-outside")
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.set_input_files("#photo-gallery", "/work/shared/testdata/photos/apple_iphone6_gps.jpg")
    page.click("#use-photo-position")
    expect(page.locator("#position-text")).to_have_text(
        "40.44697, -3.72475 (från bildens platsinformation)"
    )


def test_a_photo_can_be_removed_before_saving(phone, server, make_user):
    reporter = make_user("reporter")
    phone.sign_in(reporter)
    page = phone.page
    page.click("#report-outside")
    page.click('label[for="category-vegetation"]')
    page.set_input_files("#photo-camera", "/work/shared/testdata/photos/orientation_1.jpg")
    page.set_input_files("#photo-camera", "/work/shared/testdata/photos/sony_cybershot.jpg")
    expect(page.locator("#photo-list li")).to_have_count(2)
    page.get_by_role("button", name="Ta bort foto 1").click()
    expect(page.locator("#photo-list li")).to_have_count(1)
    expect(page.locator("#photo-list img")).to_have_attribute("alt", "Foto 1 av 1")
    phone.save()
    phone.all_sent(1)
    [stored] = server.findings()
    assert stored.photos_expected == 1 and stored.photos == 1 and stored.complete
