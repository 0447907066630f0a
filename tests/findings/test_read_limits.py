"""What the list and the nearby search tell those who may not see a finding (issue 12, items 9
and 10): no delivery state through the back door of a filter, and of another's finding nearby
only its place, status and distance."""

import uuid

import pytest

from server.extensions import db
from server.findings.models import Finding

NEARBY = "/api/v1/findings/nearby?lat=59.5186&lon=17.9119&category=belysning"
PLACE_STATUS_DISTANCE = {"category", "status", "lat", "lon", "distance_m", "ref", "may_add_photo"}
CAPTURED = "2026-11-20T18:42:10+01:00"


@pytest.fixture
def set_delivery(app):
    def update(finding: dict, state: str) -> None:
        with app.app_context():
            db.session.get(Finding, uuid.UUID(finding["id"])).delivery_state = state
            db.session.commit()

    return update


@pytest.fixture
def delivered(assign, make_org, make_user, make_finding, set_delivery):
    """Two findings sent to one organisation: the email about one failed, the other went out."""
    organisation = make_org("Väsbyhem")
    reporter = make_user("reporter")
    failed, sent = make_finding(reporter), make_finding(reporter)
    for finding, state in ((failed, "failed"), (sent, "sent")):
        assign(finding, organisation)
        set_delivery(finding, state)
    return {
        "failed": failed,
        "sent": sent,
        "owner": make_user("owner", organisation),
        "reporter": reporter,
    }


@pytest.mark.parametrize("who", ["owner", "reporter"])
@pytest.mark.parametrize("path", ["/api/v1/findings", "/api/v1/exports/findings.csv"])
def test_only_coordinators_may_filter_by_delivery(api, delivered, who, path):
    """Neither sees the delivery state, so the filter would be an oracle: which of my findings'
    emails failed. It is refused, whatever its value, so both values answer alike."""
    for state in ("failed", "sent", "pending"):
        response = api(delivered[who]).get(f"{path}?delivery={state}")
        assert response.status_code == 403, (state, response.status_code)
        assert response.json["code"] == "forbidden"
        assert response.json["errors"] == {
            "delivery": ["Bara samordnare kan filtrera på e-postleveransen."]
        }
    # Without the filter they read what they always could.
    assert api(delivered[who]).get(path).status_code == 200


def test_coordinators_still_filter_by_delivery(api, make_user, delivered):
    coordinator = api(make_user("coordinator"))
    for state in ("failed", "sent"):
        response = coordinator.get(f"/api/v1/findings?delivery={state}")
        assert response.status_code == 200
        assert [item["id"] for item in response.json["items"]] == [delivered[state]["id"]]
        assert response.json["items"][0]["delivery"] == state


@pytest.fixture
def nearby_world(assign, make_org, make_user, make_finding):
    """A reporter's finding sent to Väsbyhem, about 11 m north of where the others stand."""
    housing = make_org("Väsbyhem")
    reporter = make_user("reporter", make_org("Väsby centrum BID"))
    finding = make_finding(reporter, lat=59.51870, lon=17.91190, captured_at=CAPTURED)
    assign(finding, housing)
    return {
        "finding": finding,
        "reporter": reporter,
        "owner": make_user("owner", housing),
        "other_reporter": make_user("reporter", make_org("Polisen")),
        "other_owner": make_user("owner", make_org("Väsby Centrum Fastigheter AB")),
    }


@pytest.mark.parametrize("who", ["other_reporter", "other_owner"])
def test_nearby_tells_outsiders_place_status_and_distance_only(api, nearby_world, who):
    response = api(nearby_world[who]).get(NEARBY)
    assert response.status_code == 200
    [suggestion] = response.json
    assert set(suggestion) == PLACE_STATUS_DISTANCE
    assert suggestion["status"] == "skickad"
    assert suggestion["category"] == "belysning"
    assert (suggestion["lat"], suggestion["lon"]) == (59.51870, 17.91190)
    assert 10 < suggestion["distance_m"] < 12
    body = response.get_data(as_text=True)
    assert nearby_world["finding"]["id"] not in body
    assert "2026-11-20" not in body  # nor when it was taken


@pytest.mark.parametrize(("who", "mine"), [("reporter", True), ("owner", False)])
def test_nearby_gives_those_who_may_read_it_the_finding_itself(api, nearby_world, who, mine):
    [suggestion] = api(nearby_world[who]).get(NEARBY).json
    assert set(suggestion) == PLACE_STATUS_DISTANCE | {
        "id",
        "captured_at",
        "mine",
        "note",
        "thumbnail_url",
    }
    assert suggestion["id"] == nearby_world["finding"]["id"]
    assert suggestion["captured_at"].startswith("2026-11-20T17:42:10")
    assert suggestion["mine"] is mine


def test_nearby_for_coordinators_names_every_finding(api, make_user, nearby_world):
    [suggestion] = api(make_user("coordinator")).get(NEARBY).json
    assert suggestion["id"] == nearby_world["finding"]["id"]
    assert suggestion["mine"] is False
