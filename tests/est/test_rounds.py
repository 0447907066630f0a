"""PUT /api/v1/est/rounds/<uuid> and GET /api/v1/est/rounds: a round at a hot spot logged on
the phone, replays harmless, conflicts explained; counted per hot spot and week.

The week's count, worked out by hand (week 14 of 2026: Monday 30 March – Sunday 5 April,
summer time, UTC+2), S the spot at the centre, F 2200 m away to the north-east:

  R1 police reporter  Fri  3 Apr 21:00  S        inga avvikelser, for the action
  R2 housing owner    Sat  4 Apr 22:00  S (+5 m) "Grupp ungdomar vid kiosken, lugnt"
  R3 police reporter  Sun  5 Apr 23:30  F        inga avvikelser
  R4 police reporter  Mon  6 Apr 00:30  S        week 15
  R5 police reporter  Mon 30 Mar 00:10  S        inga avvikelser

Week 14: 4 rounds; at S 3 (2 without deviations, the action's id), at F 1. Week 15: R4.
"""

import uuid

import pytest

from tests.factories.est import action_body, round_body
from tests.factories.incidents import incident_body
from tests.factories.places import at

S, S5, F = at(0, 0), at(5, 0), at(2200, 2200)


def log(api, user, round_id=None, **overrides):
    return api(user).put(
        f"/api/v1/est/rounds/{round_id or uuid.uuid4()}", json=round_body(**overrides)
    )


@pytest.mark.parametrize("role", ["reporter", "owner", "coordinator", "admin"])
def test_every_role_logs_a_round_with_no_deviations(api, make_user, role):
    user = make_user(role)
    round_id = uuid.uuid4()
    response = log(api, user, round_id)
    assert response.status_code == 201, response.json
    logged = response.json
    assert logged["id"] == str(round_id)
    assert (logged["seen"], logged["no_deviations"], logged["action_id"]) == ("", True, None)
    assert logged["arrived_at"] == "2026-04-03T19:00:00+00:00"
    assert logged["left_at"] == "2026-04-03T19:40:00+00:00"
    assert logged["organisation"] == {"id": user.organisation_id, "name": user.organisation}
    assert logged["mine"] is True


def test_the_same_put_again_is_a_replay_and_other_content_a_conflict(api, make_user):
    reporter = make_user("reporter")
    round_id = uuid.uuid4()
    first = log(api, reporter, round_id)
    written_otherwise = log(api, reporter, round_id, arrived_at="2026-04-03T19:00:00Z", app="2")
    assert (first.status_code, written_otherwise.status_code) == (201, 200)
    assert written_otherwise.json == first.json
    conflict = log(api, reporter, round_id, seen="Trasig belysning", no_deviations=False)
    assert conflict.status_code == 409
    assert set(conflict.json["errors"]) == {"seen", "no_deviations"}
    assert log(api, make_user("reporter"), round_id).status_code == 409
    assert api(reporter).get("/api/v1/est/rounds?week=2026-W14").json["total"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seen": "", "no_deviations": False}, "seen"),
        ({"seen": "Pratade med 850709-9805"}, "seen"),
        ({"left_at": "2026-04-03T20:59:00+02:00"}, "left_at"),
        ({"left_at": "2999-01-01T00:00:00+01:00"}, "left_at"),
        ({"arrived_at": "2026-04-03T21:00:00"}, "arrived_at"),
        ({"lat": 91}, "lat"),
        ({"action_id": 999999}, "action_id"),
        ({"no_deviations": None}, "no_deviations"),
    ],
)
def test_a_bad_round_is_refused_naming_the_field(api, make_user, change, field):
    reporter = make_user("reporter")
    response = log(api, reporter, **change)
    assert response.status_code == 422
    assert field in response.json["errors"], response.json
    assert api(reporter).get("/api/v1/est/rounds?week=2026-W14").json["total"] == 0


def test_the_messages_are_in_swedish(api, make_user):
    response = log(api, make_user("reporter"), seen=" ", no_deviations=False)
    assert response.json["errors"]["seen"] == [
        "Skriv vad ni såg, eller att det inte fanns några avvikelser."
    ]


def test_anonymous_callers_are_refused(api):
    assert log(api, None).status_code == 401
    assert api(None).get("/api/v1/est/rounds").status_code == 401


@pytest.fixture
def week(api, make_org, make_user):
    police, housing = make_org("Polisen", "polis"), make_org("AB Väsbyhem", "bostadsbolag")
    people = {
        "police_reporter": make_user("reporter", police),
        "police_owner": make_user("owner", police),
        "housing_owner": make_user("owner", housing),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }
    action = api(people["coordinator"]).post(
        "/api/v1/est/actions", json=action_body(housing, where={"lat": S[0], "lon": S[1]})
    )
    action_id = action.json["id"]
    rows = [
        ("police_reporter", "2026-04-03T21:00:00+02:00", S, "", action_id),
        (
            "housing_owner",
            "2026-04-04T22:00:00+02:00",
            S5,
            "Grupp ungdomar vid kiosken, lugnt",
            None,
        ),
        ("police_reporter", "2026-04-05T23:30:00+02:00", F, "", None),
        ("police_reporter", "2026-04-06T00:30:00+02:00", S, "", None),
        ("police_reporter", "2026-03-30T00:10:00+02:00", S, "", None),
    ]
    ids = []
    for name, arrived, (lat, lon), seen, for_action in rows:
        response = log(
            api,
            people[name],
            lat=lat,
            lon=lon,
            arrived_at=arrived,
            left_at=arrived,  # how long it took does not matter here
            seen=seen,
            no_deviations=not seen,
            action_id=for_action,
        )
        assert response.status_code == 201, response.json
        ids.append(response.json["id"])
    return people | {"ids": ids, "action": action_id}


def read(api, user, week="2026-W14") -> dict:
    response = api(user).get(f"/api/v1/est/rounds?week={week}")
    assert response.status_code == 200, response.json
    return response.json


def test_counted_per_hot_spot_and_week_worked_out_by_hand(api, week):
    answer = read(api, week["coordinator"])
    assert (answer["week"], answer["total"]) == ("2026-W14", 4)
    r1, r2, r3, r4, r5 = week["ids"]
    assert [item["id"] for item in answer["items"]] == [r5, r1, r2, r3]  # by arrival
    spot, far = answer["by_hot_spot"]
    assert (spot["count"], spot["no_deviations"], spot["action_ids"]) == (3, 2, [week["action"]])
    assert (far["count"], far["no_deviations"], far["action_ids"]) == (1, 1, [])
    west, south, east, north = spot["bbox"]
    assert west <= S[1] < east and south <= S[0] < north
    following = read(api, week["coordinator"], "2026W15")
    assert (following["week"], following["total"]) == ("2026-W15", 1)
    assert [item["id"] for item in following["items"]] == [r4]


def test_who_reads_which_rounds(api, week):
    r1, r2, r3, _, r5 = week["ids"]

    def ids(name):
        return {item["id"] for item in read(api, week[name])["items"]}

    assert ids("coordinator") == ids("admin") == {r1, r2, r3, r5}
    assert ids("police_reporter") == ids("police_owner") == {r1, r3, r5}
    assert ids("housing_owner") == {r2}
    assert read(api, week["housing_owner"])["by_hot_spot"][0]["count"] == 1


def test_a_round_falls_in_the_cell_of_the_lagesbilds_hot_spot(api, make_user, week):
    police = week["police_reporter"]
    for moment in ("2026-04-01T22:00:00+02:00", "2026-04-02T22:00:00+02:00"):
        body = incident_body(occurred_at=moment, lat=S[0], lon=S[1], note="")
        assert api(police).put(f"/api/v1/incidents/{uuid.uuid4()}", json=body).status_code == 201
    report = api(week["coordinator"]).get("/api/v1/reports/lagesbild?week=2026-W14").json
    [incident_spot] = report["incidents"]["hot_spots"]
    assert read(api, week["coordinator"])["by_hot_spot"][0]["cell"] == incident_spot["cell"]
