"""The map offline for a walk (issue 16, item 5): a walker who joins a planned walk gets its
area's tiles at the zooms used on foot kept on the phone, and with no network the walk's map
shows them from the cache. Tiles come from a local tile server (tests/tile_server.py) that
counts what it is asked; an area too large for the cap is refused in words."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from server.extensions import db
from server.walks.models import Walk
from tests.browser.phone import TOO_SMALL, wait_until
from tests.factories import at, rectangle


@pytest.fixture
def live_server(tiled_live_server, tile_server):
    tile_server.reset()
    tile_server.refused_zooms = set()
    return tiled_live_server


KEPT_TILES = """async () => (await (await caches.open("lykta-tiles-walks-v1")).keys()).length"""


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def plan_walk(app, make_walk, make_area):
    """A planned walk for `walkers` over an area of width × height metres around Väsby
    centrum, with a route across it and a meeting point at its south-west corner."""

    def plan(walkers, title, width, height):
        walk_id = make_walk(walkers, title=title, status="planerad")
        area_id = make_area(title, rectangle(-width / 2, -height / 2, width / 2, height / 2))
        corner = at(-width / 2, -height / 2)
        with app.app_context():
            walk = db.session.get(Walk, walk_id)
            walk.area_id = area_id
            walk.route = {
                "type": "LineString",
                "coordinates": [[at(x, 0)[1], at(x, 0)[0]] for x in (-width / 3, 0, width / 3)],
            }
            walk.meeting_point = "Vid biblioteket"
            walk.meeting_lat, walk.meeting_lon = corner
            db.session.commit()
        return walk_id

    return plan


def test_a_joined_walks_map_is_kept_and_shown_offline_from_the_cache(
    page, phone, context, make_user, plan_walk, tile_server
):
    walker = make_user("reporter")
    walk = plan_walk([walker], "Kvällsvandring i centrum", 600, 400)

    phone.sign_in(walker)
    phone.wait_for_service_worker()
    status = page.locator(f"#walk-{walk}-map-status")
    expect(status).to_contain_text("Kartan finns offline", timeout=60_000)
    kept = int(re.sub(r"\D", "", re.search(r"\(([\d\s]+) kartbitar", status.inner_text())[1]))
    # Every tile of the walk, once: zooms 15 to 18 over the area, the route and the meeting point.
    assert tile_server.count() == len(tile_server.tiles()) == kept
    assert 100 < kept < 1500
    assert {path.split("/")[1] for path in tile_server.tiles()} == {"15", "16", "17", "18"}
    assert page.evaluate(TOO_SMALL, f"#walk-{walk}-offline a, #walk-{walk}-offline button") == []
    assert serious_violations(page) == []

    tile_server.reset()
    context.set_offline(True)
    page.click(f"#walk-{walk}-map-open")
    expect(page.locator("#walk-map-title")).to_have_text("Kvällsvandring i centrum")
    expect(page.locator("#walk-map-kept")).to_have_text("Kartan finns offline.")
    tiles = page.locator("#walk-map img.leaflet-tile")
    expect(page.locator("#walk-map")).to_have_attribute("data-tiles", "settled")
    expect(page.locator("#walk-map img.leaflet-tile-loaded")).not_to_have_count(0)
    expect(page.locator("#walk-map img.leaflet-tile:not(.leaflet-tile-loaded)")).to_have_count(0)
    assert tiles.count() >= 4
    assert tile_server.count() == 0  # all from the phone's cache
    assert serious_violations(page) == []

    # Zoomed in to the closest zoom kept, the tiles are there too.
    page.click("#walk-map .leaflet-control-zoom-in")
    expect(page.locator("#walk-map img.leaflet-tile:not(.leaflet-tile-loaded)")).to_have_count(0)
    expect(page.locator("#walk-map img.leaflet-tile-loaded")).not_to_have_count(0)
    assert tile_server.count() == 0


def test_an_area_too_large_is_refused_with_its_size(page, phone, make_user, plan_walk, tile_server):
    walker = make_user("reporter")
    walk = plan_walk([walker], "Hela kommunen", 6000, 6000)

    phone.sign_in(walker)
    status = page.locator(f"#walk-{walk}-map-status")
    expect(status).to_contain_text("Området är för stort för att sparas offline")
    expect(status).to_contain_text(re.compile(r"högst 1\s500"))
    expect(page.locator(f"#walk-{walk}-map-save")).to_have_count(0)
    # Its map is still there to look at, online.
    expect(page.locator(f"#walk-{walk}-map-open")).to_be_visible()
    assert tile_server.count() == 0


def test_a_map_cut_short_resumes_with_the_missing_tiles_and_goes_when_the_walk_is_over(
    page, phone, app, make_user, plan_walk, tile_server
):
    walker = make_user("reporter")
    walk = plan_walk([walker], "Rundan vid stationen", 400, 300)
    tile_server.refused_zooms = {18}  # the tile server fails part of the way

    phone.sign_in(walker)
    status = page.locator(f"#walk-{walk}-map-status")
    expect(status).to_contain_text("Kartan är inte helt sparad")
    expect(status).to_contain_text("Ledigt för appen på telefonen")
    assert page.evaluate(TOO_SMALL, f"#walk-{walk}-offline a, #walk-{walk}-offline button") == []
    done, total = (
        int(re.sub(r"\D", "", n))
        for n in re.findall(r"([\d\s]+) av ([\d\s]+)", status.inner_text())[0]
    )
    refused = {path for path in tile_server.tiles() if path.startswith("/18/")}
    assert done == total - len(refused) and refused

    tile_server.refused_zooms = set()
    tile_server.reset()
    page.click(f"#walk-{walk}-map-save")
    expect(page.locator(f"#walk-{walk}-map-save")).to_have_count(0)
    expect(status).to_contain_text(f"Kartan finns offline ({total} kartbitar")
    assert tile_server.tiles() == refused  # only what was missing, once each
    assert tile_server.count() == len(refused)
    assert page.evaluate(KEPT_TILES) == total

    # The walk is over: its map leaves the phone at the next sync.
    with app.app_context():
        db.session.get(Walk, walk).status = "avslutad"
        db.session.commit()
    page.click("#sync-now")
    expect(status).to_have_text("")
    wait_until(page, lambda: page.evaluate(KEPT_TILES) == 0)
