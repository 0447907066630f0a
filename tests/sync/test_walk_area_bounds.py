"""A walk's area comes to the phone with its bounds in the sync, so that the app can keep the
map of it offline (pwa/js/offline-map.js) from what it already holds, with no request more."""

from pytest import approx

from server.extensions import db
from server.walks.models import Walk
from tests.factories import at, rectangle


def test_a_walkers_walk_carries_its_areas_bounds(app, api, make_user, make_walk, make_area):
    walker = make_user("reporter")
    walk_id = make_walk([walker], status="planerad")
    area_id = make_area("Centrum", rectangle(-300, -200, 300, 200))
    with app.app_context():
        db.session.get(Walk, walk_id).area_id = area_id
        db.session.commit()

    response = api(walker).get("/api/v1/sync")

    assert response.status_code == 200
    [walk] = response.json["walks"]
    south, west = at(-300, -200)
    north, east = at(300, 200)
    assert walk["area"]["name"] == "Centrum"
    assert walk["area"]["bbox"] == approx([west, south, east, north])
