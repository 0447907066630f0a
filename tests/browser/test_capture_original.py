"""A photo Chromium cannot decode (HEIC, as on an Android phone) is sent in its original format:
before it is queued the capture screen shows a preview and its size, and warns when it is large
for a weak connection."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.phone import wait_until
from tests.factories import PHOTOS

pytestmark = pytest.mark.browser

HEIC = PHOTOS / "apple_iphone11pm_gps.heic"  # 833,284 bytes, no JPEG thumbnail in its EXIF
# An iPhone JPEG's EXIF (with its 15.8 kB thumbnail, IFD1) and no image after it: a photo this
# browser cannot decode, whose preview can still be shown.
EXIF_END = 20482


def open_capture(phone, make_user):
    phone.sign_in(make_user("reporter"))
    phone.page.click("#report-outside")
    expect(phone.page.locator("body")).to_have_attribute("data-position", "gps")
    return phone.page


def test_a_heic_shows_its_name_and_size_and_is_sent_as_it_is(phone, server, make_user):
    page = open_capture(phone, make_user)
    page.set_input_files("#photo-gallery", str(HEIC))
    item = page.locator("#photo-list li")
    expect(item).to_have_count(1)
    expect(item).to_have_attribute("data-preview", "placeholder")
    placeholder = item.locator('[role="img"]')
    expect(placeholder).to_have_accessible_name("Foto 1 av 1")
    expect(placeholder).to_contain_text("Ingen förhandsvisning")
    expect(item).to_contain_text("apple_iphone11pm_gps.heic")
    expect(item).to_contain_text("833,3 kB, skickas i originalstorlek")
    expect(item.locator(".photo-warning")).to_have_count(0)  # small enough
    # Its EXIF position is offered, as a JPEG's is.
    expect(page.locator("#use-photo-position")).to_be_visible()
    page.click('label[for="category-belysning"]')
    phone.save()
    phone.all_sent(1)
    [stored] = server.findings()
    assert (stored.photos, stored.complete) == (1, True)


def test_a_large_original_is_flagged_and_can_be_removed(phone, make_user):
    page = open_capture(phone, make_user)
    big = HEIC.read_bytes() + bytes(5_000_000)  # 5.8 MB
    page.set_input_files(
        "#photo-gallery", files=[{"name": "IMG_0001.HEIC", "mimeType": "image/heic", "buffer": big}]
    )
    item = page.locator("#photo-list li")
    expect(item).to_contain_text("5,8 MB, skickas i originalstorlek")
    expect(item.locator(".photo-warning")).to_contain_text("Stor fil för en svag uppkoppling")
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    page.click("#photo-list .photo-remove")
    expect(item).to_have_count(0)
    expect(page.locator("#photo-status")).to_have_text(
        "Inga foton ännu. Foton är frivilliga men hjälper den som ska åtgärda."
    )


def test_an_undecodable_photo_with_an_exif_thumbnail_shows_the_thumbnail(phone, make_user):
    page = open_capture(phone, make_user)
    head = (PHOTOS / "apple_iphone6_gps.jpg").read_bytes()[:EXIF_END] + b"\xff\xd9"
    page.set_input_files(
        "#photo-gallery", files=[{"name": "IMG_0042.JPG", "mimeType": "image/jpeg", "buffer": head}]
    )
    item = page.locator("#photo-list li")
    expect(item).to_have_attribute("data-preview", "thumbnail")
    image = item.locator("img")
    expect(image).to_have_attribute("alt", "Foto 1 av 1")
    # The thumbnail is drawn: the browser decoded it.
    page.wait_for_function(
        "() => document.querySelector('#photo-list img').naturalWidth > 0", timeout=10_000
    )
    expect(item).to_contain_text("IMG_0042.JPG")
    expect(item).to_contain_text("20,5 kB, skickas i originalstorlek")


KEPT = """async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith("lykta-shell-") && (await (await caches.open(name)).match(
      "/js/capture/original.js"))) return true;
  }
  return false;
}"""


def test_offline_a_heic_still_gets_its_tile(phone, context, make_user):
    """The tile's module is not in the first load: the service worker keeps it for offline."""
    phone.sign_in(make_user("reporter"))
    phone.wait_for_service_worker()
    page = phone.page
    wait_until(page, lambda: page.evaluate(KEPT))
    context.set_offline(True)
    page.click("#report-outside")
    expect(page.locator("body")).to_have_attribute("data-screen", "capture")
    page.set_input_files("#photo-gallery", str(HEIC))
    item = page.locator("#photo-list li")
    expect(item).to_have_attribute("data-preview", "placeholder")
    expect(item).to_contain_text("833,3 kB, skickas i originalstorlek")
    expect(page.locator("#use-photo-position")).to_be_visible()  # exif.js came along too
