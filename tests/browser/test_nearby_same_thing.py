"""'Samma sak' on the capture screen (issue 16, item 6): the finding already reported nearby
shows its photo and note to whom may read it, and one tap adds the user's photo to it; someone
who may not read it saves theirs marked as the same, for the coordinator's triage queue."""

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.findings.models import Finding
from server.photos.models import Photo
from tests.browser.phone import TOO_SMALL, wait_until
from tests.factories import PHOTOS

pytestmark = pytest.mark.browser


@pytest.fixture
def lamp(api, make_user, make_walk, make_finding):
    """A walker's finding with its photo, about 11 m north of where the phone stands."""
    walker = make_user("reporter")
    fellow = make_user("reporter")
    walk_id = make_walk(participants=[walker, fellow])
    photo_id = str(uuid.uuid4())
    finding = make_finding(
        walker,
        lat=59.51870,
        lon=17.91190,
        walk_id=walk_id,
        photos=[photo_id],
        note="Lampan vid porten är släckt",
    )
    response = api(walker).put(
        f"/api/v1/findings/{finding['id']}/photos/{photo_id}",
        data=(PHOTOS / "jolla_phone.jpg").read_bytes(),
        content_type="image/jpeg",
    )
    assert response.status_code == 201
    return {"finding": finding, "fellow": fellow, "walk_id": walk_id}


def start_capture(phone, walk_id=None):
    page = phone.page
    if walk_id is None:
        page.click("#report-outside")
    else:
        page.click(f'[data-walk-id="{walk_id}"] a[href^="#/capture"]')
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.set_input_files("#photo-camera", str(PHOTOS / "orientation_1.jpg"))
    expect(page.locator("#photo-list li")).to_have_count(1)
    page.click('label[for="category-belysning"]')
    expect(page.locator("#nearby")).to_have_attribute("data-source", "server")
    return page


def rows(app, model, **where):
    with app.app_context():
        found = list(db.session.scalars(select(model).filter_by(**where)))
        db.session.remove()
        return found


def test_a_fellow_walker_adds_their_photo_to_the_finding_already_there(phone, app, lamp):
    phone.sign_in(lamp["fellow"])
    page = start_capture(phone, lamp["walk_id"])
    item = page.locator("#nearby .nearby-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Lampan vid porten är släckt")
    thumbnail = item.locator("img")
    expect(thumbnail).to_have_attribute("alt", "Foto av iakttagelsen som redan finns")
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("(img) => img.naturalWidth") > 0

    assert page.evaluate(TOO_SMALL, "#nearby button") == []
    item.get_by_role("button", name="Samma sak — lägg till mitt foto").click()
    expect(page.locator("body")).to_have_attribute("data-screen", "home")
    expect(page.locator("#home-flash")).to_have_text(
        "Ditt foto lades till iakttagelsen som redan fanns."
    )
    photos = rows(app, Photo, finding_id=uuid.UUID(lamp["finding"]["id"]))
    assert sorted(p.kind for p in photos) == ["added", "report"]
    assert len(rows(app, Finding)) == 1  # no second finding
    # The capture screen starts afresh.
    page.click("#report-outside")
    expect(page.locator("#photo-list li")).to_have_count(0)


def test_someone_outside_the_walk_saves_theirs_marked_as_the_same(phone, app, lamp, make_user):
    phone.sign_in(make_user("reporter"))
    page = start_capture(phone)
    item = page.locator("#nearby .nearby-item")
    expect(item).to_have_count(1)
    expect(item.locator("img")).to_have_count(0)
    expect(item).not_to_contain_text("Lampan")
    item.get_by_role("button", name="Samma sak — spara som möjlig dubblett").click()
    expect(page.locator("#home-flash")).to_have_text(
        "Sparad och markerad som samma sak: samordnaren ser det."
    )
    phone.all_sent(1)
    [mine] = [f for f in rows(app, Finding) if str(f.id) != lamp["finding"]["id"]]
    assert str(mine.same_as_id) == lamp["finding"]["id"]
    assert mine.complete and len(rows(app, Photo, finding_id=mine.id)) == 1


def test_offline_the_finding_is_saved_marked_as_the_same_and_sent_later(phone, app, lamp):
    phone.sign_in(lamp["fellow"])  # the sync brought the walk's findings
    phone.wait_for_service_worker()
    page = phone.page
    # The button's module is kept for offline use with the field screens, soon after sign-in.
    kept = '() => caches.match("/js/capture/same-thing.js").then(Boolean)'
    wait_until(page, lambda: page.evaluate(kept))
    page.context.set_offline(True)
    page.click(f'[data-walk-id="{lamp["walk_id"]}"] a[href^="#/capture"]')
    expect(page.locator("body")).to_have_attribute("data-position", "gps")
    page.set_input_files("#photo-camera", str(PHOTOS / "orientation_1.jpg"))
    expect(page.locator("#photo-list li")).to_have_count(1)
    page.click('label[for="category-belysning"]')
    expect(page.locator("#nearby")).to_have_attribute("data-source", "device")
    item = page.locator("#nearby .nearby-item")
    expect(item).to_contain_text("Lampan vid porten är släckt")  # the note, from the last sync
    # Offline the photo cannot be added to the other finding: the finding is kept instead.
    item.get_by_role("button", name="Samma sak — spara som möjlig dubblett").click()
    expect(page.locator("#home-flash")).to_have_text(
        "Sparad på telefonen och markerad som samma sak: den skickas när det finns nät."
    )
    phone.pending(1)
    page.context.set_offline(False)
    phone.all_sent(1)
    [mine] = [f for f in rows(app, Finding) if str(f.id) != lamp["finding"]["id"]]
    assert str(mine.same_as_id) == lamp["finding"]["id"]
