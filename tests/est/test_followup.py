"""GET /api/v1/est/actions/<id>/followup, on a dataset worked out by hand.

The action: a round at the spot S (the centre), decided at the meeting of week 14 of 2026
(Monday 30 March – Sunday 5 April; summer time began on Sunday 29 March). The four weeks
before are W10–W13, the four after W15–W18. Incidents, local time (metres from S):

  I1 Sun  1 Mar 23:30 +01  (100, 0)    week 9: before the eight weeks
  I2 Mon  2 Mar 00:30 +01  (100, 0)    W10, before
  I3 Sun 29 Mar 23:30 +02  (0, 140)    W13, before (140 m: inside)
  I4 Mon 30 Mar 00:30 +02  (0, 0)      W14, the meeting's week
  I5 Wed  1 Apr 21:00 +02  (160, 0)    W14, but 160 m away: not at the spot
  I6 Mon  6 Apr 00:30 +02  (0, 0)      W15, after
  I7 Sun  3 May 23:30 +02  (0, 0)      W18, after
  I8 Mon  4 May 00:30 +02  (0, 0)      W19: after the eight weeks
  I9 Wed  1 Apr 22:00 +02  (2200, 2200) W14, far away, outside the area too

Around S within 150 m: W10 1, W11–W12 0, W13 1, W14 1, W15 1, W16–W17 0, W18 1; before 2,
after 2. In the area Centrum (±500 m), for an action without a position: the same and I5,
so W14 is 2.
"""

import uuid

import pytest

from tests.factories import rectangle
from tests.factories.est import action_body
from tests.factories.incidents import incident_body
from tests.factories.places import at

INCIDENTS = [
    ("2026-03-01T23:30:00+01:00", (100, 0)),
    ("2026-03-02T00:30:00+01:00", (100, 0)),
    ("2026-03-29T23:30:00+02:00", (0, 140)),
    ("2026-03-30T00:30:00+02:00", (0, 0)),
    ("2026-04-01T21:00:00+02:00", (160, 0)),
    ("2026-04-06T00:30:00+02:00", (0, 0)),
    ("2026-05-03T23:30:00+02:00", (0, 0)),
    ("2026-05-04T00:30:00+02:00", (0, 0)),
    ("2026-04-01T22:00:00+02:00", (2200, 2200)),
]
WEEKS = ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"]
WEEKS += ["2026-W15", "2026-W16", "2026-W17", "2026-W18"]
RELATIONS = ["before"] * 4 + ["meeting"] + ["after"] * 4


@pytest.fixture
def meeting(api, make_org, make_user, make_area):
    housing = make_org("AB Väsbyhem", "bostadsbolag")
    people = {
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
        "owner": make_user("owner", housing),
        "other_owner": make_user("owner"),
        "reporter": make_user("reporter", housing),
    }
    police = make_user("reporter", make_org("Polisen", "polis"))
    for moment, (x, y) in INCIDENTS:
        lat, lon = at(x, y)
        body = incident_body(occurred_at=moment, lat=lat, lon=lon, note="")
        assert api(police).put(f"/api/v1/incidents/{uuid.uuid4()}", json=body).status_code == 201
    centrum = make_area("Centrum", rectangle(-500, -500, 500, 500))
    lat, lon = at(0, 0)
    coordinator = api(people["coordinator"])
    spot = coordinator.post(
        "/api/v1/est/actions", json=action_body(housing, where={"lat": lat, "lon": lon})
    ).json
    area = coordinator.post(
        "/api/v1/est/actions", json=action_body(housing, where={"area_id": centrum})
    ).json
    words = coordinator.post(
        "/api/v1/est/actions", json=action_body(housing, where={"place": "Torget"})
    ).json
    return people | {"spot": spot["id"], "area": area["id"], "words": words["id"]}


def followup(api, user, action_id: int):
    return api(user).get(f"/api/v1/est/actions/{action_id}/followup")


def counts(answer: dict) -> list[int]:
    assert [w["week"] for w in answer["weeks"]] == WEEKS
    assert [w["relation"] for w in answer["weeks"]] == RELATIONS
    return [w["incidents"] for w in answer["weeks"]]


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_incidents_within_150_m_per_week_around_the_meeting(api, meeting, role):
    response = followup(api, meeting[role], meeting["spot"])
    assert response.status_code == 200, response.json
    answer = response.json
    assert answer["action"]["id"] == meeting["spot"]
    assert (answer["done"], answer["counted_by"], answer["radius_m"]) == (False, "radius", 150)
    assert counts(answer) == [1, 0, 0, 1, 1, 1, 0, 0, 1]
    assert (answer["before"], answer["after"]) == (2, 2)


def test_an_action_in_an_area_counts_the_incidents_inside_it(api, meeting):
    answer = followup(api, meeting["coordinator"], meeting["area"]).json
    assert (answer["counted_by"], answer["radius_m"]) == ("area", None)
    assert counts(answer) == [1, 0, 0, 1, 2, 1, 0, 0, 1]


def test_a_place_in_words_counts_nothing(api, meeting):
    answer = followup(api, meeting["coordinator"], meeting["words"]).json
    assert answer["counted_by"] is None
    assert answer["weeks"] is answer["before"] is answer["after"] is None


def test_done_once_the_organisation_says_so(api, meeting):
    path = f"/api/v1/est/actions/{meeting['spot']}"
    api(meeting["owner"]).patch(path, json={"status": "gjord", "result": "Lugnt"})
    assert followup(api, meeting["coordinator"], meeting["spot"]).json["done"] is True
    api(meeting["owner"]).patch(path, json={"status": "inte gjord"})
    assert followup(api, meeting["coordinator"], meeting["spot"]).json["done"] is False


def test_an_owner_gets_its_own_actions_follow_up_without_the_partners_incidents(api, meeting):
    answer = followup(api, meeting["owner"], meeting["spot"]).json
    assert (answer["done"], answer["counted_by"]) == (False, "radius")
    assert answer["weeks"] is answer["before"] is answer["after"] is None
    assert followup(api, meeting["other_owner"], meeting["spot"]).status_code == 404
    assert followup(api, meeting["reporter"], meeting["spot"]).status_code == 403
    assert followup(api, None, meeting["spot"]).status_code == 401
    assert followup(api, meeting["coordinator"], 999999).status_code == 404
