"""The walked route (issue 16, item 7): with the walker's consent (a switch on the walk, off by
default) the phone keeps a point every 20 m of good fixes while the walker moves, sends the
track with the walk, and the protocol shows where the walk actually went."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.walks.models import WalkTrack
from tests.browser.phone import TOO_SMALL
from tests.factories import at

pytestmark = pytest.mark.browser


def move(page, x: float, y: float, accuracy: float = 8):
    lat, lon = at(x, y)
    page.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": accuracy})


def test_a_walker_records_the_route_walked_and_the_protocol_shows_it(
    phone, app, api, make_user, make_walk
):
    walker, coordinator = make_user("reporter"), make_user("coordinator")
    walk_id = make_walk(participants=[walker])
    phone.sign_in(walker)
    page = phone.page
    track = page.locator(f"#track-{walk_id}")
    switch = page.locator(f"#track-{walk_id}-switch")
    expect(switch).not_to_be_checked()  # off unless the walker turns it on
    expect(page.locator(f"#track-{walk_id}-hint")).to_contain_text("Bara du och samordnarna")
    assert page.evaluate(TOO_SMALL, f"#track-{walk_id} label, #track-{walk_id} button") == []

    page.click(f'label[for="track-{walk_id}-switch"]')
    expect(switch).to_be_checked()
    expect(track).to_have_attribute("data-points", "1")  # where the phone stands
    expect(track).to_have_attribute("data-sent", "1")
    move(page, 30, 0)
    expect(track).to_have_attribute("data-points", "2")
    move(page, 35, 0)  # 5 m on: not yet another point
    move(page, 200, 0, accuracy=80)  # a poor fix: left out
    move(page, 60, 0)
    expect(track).to_have_attribute("data-points", "3")
    move(page, 60, 40)
    expect(track).to_have_attribute("data-points", "4")
    expect(page.locator(f"#track-{walk_id}-status")).to_contain_text("4 punkter sparade")

    page.click(f'label[for="track-{walk_id}-switch"]')  # off: the rest is sent
    expect(switch).not_to_be_checked()
    expect(track).to_have_attribute("data-sent", "4")
    with app.app_context():
        [stored] = db.session.scalars(select(WalkTrack).filter_by(walk_id=walk_id)).all()
        assert len(stored.points) == 4
        assert 95 < stored.length_m < 105  # 30 + 30 + 40 m
        db.session.remove()

    page.reload()  # the switch stays as the walker left it
    expect(page.locator(f"#track-{walk_id}")).to_have_attribute("data-points", "4")
    expect(switch).not_to_be_checked()

    protocol = api(coordinator).get(f"/walks/{walk_id}/protocol").get_data(as_text=True)
    assert "0,10 km, 4 punkter" in protocol


def test_points_kept_offline_are_sent_when_the_link_returns(phone, app, make_user, make_walk):
    walker = make_user("reporter")
    walk_id = make_walk(participants=[walker])
    phone.sign_in(walker)
    page = phone.page
    track = page.locator(f"#track-{walk_id}")
    page.click(f'label[for="track-{walk_id}-switch"]')
    expect(track).to_have_attribute("data-sent", "1")

    page.context.set_offline(True)
    move(page, 0, 25)
    move(page, 0, 50)
    expect(track).to_have_attribute("data-points", "3")
    expect(track).to_have_attribute("data-sent", "1")  # kept on the phone

    page.context.set_offline(False)
    expect(track).to_have_attribute("data-sent", "3")
    with app.app_context():
        [stored] = db.session.scalars(select(WalkTrack).filter_by(walk_id=walk_id)).all()
        assert len(stored.points) == 3
        db.session.remove()
