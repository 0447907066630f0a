"""The walked route: a walker's phone sends the track it recorded on a walk (with their
consent), the same PUT again changes nothing, only the walker and the coordinators see it, and
the protocol shows where the walk actually went."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from server.cli import main
from tests.factories import at


def point(x: float, y: float, minute: int, accuracy: float | None = 6.0) -> dict:
    lat, lon = at(x, y)
    return {
        "lat": lat,
        "lon": lon,
        "at": f"2026-11-20T18:{minute:02d}:00+01:00",
        "accuracy_m": accuracy,
    }


# Along a street: 100 m east, then 50 m north.
WALKED = [point(0, 0, 10), point(50, 0, 11), point(100, 0, 12), point(100, 50, 13)]


@pytest.fixture
def walk(make_user, make_walk):
    walker = make_user("reporter")
    other_walker = make_user("reporter")
    return {
        "walker": walker,
        "other_walker": other_walker,
        "coordinator": make_user("coordinator"),
        "stranger": make_user("reporter"),
        "id": make_walk(participants=[walker, other_walker]),
    }


def test_a_walker_sends_their_track_and_sending_it_again_changes_nothing(walk, api):
    walker = api(walk["walker"])
    url = f"/api/v1/walks/{walk['id']}/track"

    first = walker.put(url, json={"points": WALKED[:3]})
    assert first.status_code == 201
    assert len(first.json["points"]) == 3
    assert first.json["length_m"] == pytest.approx(100, abs=1)

    assert walker.put(url, json={"points": WALKED[:3]}).status_code == 200
    more = walker.put(url, json={"points": list(reversed(WALKED))})  # any order
    assert more.status_code == 200
    assert more.json["length_m"] == pytest.approx(150, abs=1)
    assert [p["at"] for p in more.json["points"]] == sorted(p["at"] for p in more.json["points"])
    assert more.json["started_at"].startswith("2026-11-20T17:10:00")

    mine = walker.get(f"/api/v1/walks/{walk['id']}/tracks").json
    assert [t["length_m"] for t in mine] == [more.json["length_m"]]


def test_only_the_walker_and_the_coordinators_see_a_track(walk, api):
    url = f"/api/v1/walks/{walk['id']}/track"
    assert api(walk["walker"]).put(url, json={"points": WALKED}).status_code == 201

    tracks = f"/api/v1/walks/{walk['id']}/tracks"
    seen = api(walk["coordinator"]).get(tracks).json
    assert [t["user"]["id"] for t in seen] == [walk["walker"].id]
    assert api(walk["other_walker"]).get(tracks).json == []  # a fellow walker sees none
    assert api(walk["stranger"]).get(tracks).status_code == 404


def test_someone_outside_the_walk_cannot_send_a_track(walk, api):
    url = f"/api/v1/walks/{walk['id']}/track"
    assert api(walk["stranger"]).put(url, json={"points": WALKED}).status_code == 404
    # A coordinator sees every walk but walked none of this one.
    assert api(walk["coordinator"]).put(url, json={"points": WALKED}).status_code == 403
    assert (
        api(walk["walker"]).put("/api/v1/walks/999999/track", json={"points": WALKED}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "body",
    [
        {"points": []},
        {"points": [{**WALKED[0], "lat": 91}]},
        {"points": [{**WALKED[0], "at": "2026-11-20T18:10:00"}]},  # no offset
        {"points": [{**WALKED[0], "accuracy_m": -1}]},
        {"points": "here"},
        {},
    ],
)
def test_a_track_that_makes_no_sense_is_refused(walk, api, body):
    response = api(walk["walker"]).put(f"/api/v1/walks/{walk['id']}/track", json=body)
    assert response.status_code == 422


def test_a_walker_deletes_their_track(walk, api):
    walker = api(walk["walker"])
    url = f"/api/v1/walks/{walk['id']}/track"
    walker.put(url, json={"points": WALKED})
    assert walker.delete(url).status_code == 204
    assert api(walk["coordinator"]).get(f"/api/v1/walks/{walk['id']}/tracks").json == []
    assert walker.delete(url).status_code == 404


def test_the_protocol_shows_the_walked_route_to_whom_it_may(walk, api):
    sent = api(walk["walker"]).put(f"/api/v1/walks/{walk['id']}/track", json={"points": WALKED})
    name = sent.json["user"]["name"]

    full = api(walk["coordinator"]).get(f"/walks/{walk['id']}/protocol").get_data(as_text=True)
    assert f"Gången väg ({name}): 0,15 km, 4 punkter, 18.10–18.13" in full
    assert "den lila den gångna vägen" in full

    own = api(walk["walker"]).get(f"/walks/{walk['id']}/protocol").get_data(as_text=True)
    assert "Gången väg: 0,15 km, 4 punkter" in own
    other = api(walk["other_walker"]).get(f"/walks/{walk['id']}/protocol").get_data(as_text=True)
    assert "Gången väg" not in other
    public = api(walk["coordinator"]).get(f"/walks/{walk['id']}/protocol?view=public")
    assert "Gången väg" not in public.get_data(as_text=True)

    pdf = api(walk["coordinator"]).get(f"/api/v1/walks/{walk['id']}/protocol.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Den lila linjen är den gångna vägen." in text
    assert f"Gången väg ({name}): 0,15 km, 4 punkter" in text


def test_retention_deletes_the_tracks_of_walks_over_a_year_ago(app, api, make_user, make_walk):
    walker = make_user("reporter")
    old = make_walk(participants=[walker], planned_start=datetime(2024, 11, 5, 17, tzinfo=UTC))
    recent = make_walk(participants=[walker])
    for walk_id in (old, recent):
        sent = api(walker).put(f"/api/v1/walks/{walk_id}/track", json={"points": WALKED})
        assert sent.status_code == 201

    dry = app.test_cli_runner().invoke(main, ["retention", "--dry-run"])
    assert "Would delete 1 walked tracks." in dry.output
    result = app.test_cli_runner().invoke(main, ["retention"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 walked tracks." in result.output
    assert api(walker).get(f"/api/v1/walks/{old}/tracks").json == []
    assert len(api(walker).get(f"/api/v1/walks/{recent}/tracks").json) == 1
