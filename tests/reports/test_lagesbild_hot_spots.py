"""The lägesbild's hot spots of findings and incidents together, the rounds at them per week,
the incidents and rounds on the map, and the incidents at a followed-up action's place, on a
dataset worked out by hand. Report week 2026-W14 (30 March – 5 April); positions in metres
from the centre; S, T, V and U lie in four different 150 m cells.

Week 14: findings F1, F2 at S, F3 at T, F4 alone at U, a positive mark at S (no deviation);
incidents I1 at S, I2 at T, I3 and I4 at V; rounds R1 at S, R3 at T.
Earlier: incidents at S in weeks 10 and 12, at T in week 7, at S in week 6 (before the eight
weeks); rounds at S in weeks 11 and 13.

Hot spots: S 3 (2 findings, 1 incident, 1 round), V 2 (2 incidents), T 2 (1 finding,
1 incident, 1 round) — V before T, more incidents; U (one finding) is none.
S per week: W10 1 incident, W11 1 round, W12 1 incident, W13 1 round, W14 1 and 1.
Action A1, decided in week 13 at S: 2 incidents in the four weeks before (W10, W12), none in
its week, 1 in the one week since (W14)."""

import csv
import io
import uuid

import pytest
from pypdf import PdfReader

from tests.factories import add_finding, at, rectangle
from tests.factories.est import action_body, round_body
from tests.factories.incidents import incident_body

S, T, U, V = (0, -70), (300, -350), (-300, 230), (-150, -380)


def put(client, path: str, body: dict) -> None:
    response = client.put(f"{path}/{uuid.uuid4()}", json=body)
    assert response.status_code == 201, response.json


@pytest.fixture
def week(app, api, make_org, make_user, make_area):
    police = make_org("Polisen", "polis")
    coordinator, owner = make_user("coordinator"), make_user("owner", make_org("AB Väsbyhem"))
    reporter = make_user("reporter", police)
    centrum = make_area("Centrum", rectangle(-500, -500, 500, 500))
    for name, category, moment, (x, y) in [
        ("F1", "klotter", "2026-03-31 10:00", S),
        ("F2", "skadegorelse", "2026-04-01 10:00", (S[0] + 5, S[1])),
        ("F3", "belysning", "2026-04-02 20:00", T),
        ("F4", "klotter", "2026-04-03 10:00", U),
        ("P1", "trygg_plats", "2026-04-03 11:00", S),
    ]:
        add_finding(app, reporter, name, category, moment, "ny", position=(x, y), areas=(centrum,))
    for moment, (x, y) in [
        ("2026-04-03T22:00:00+02:00", S),
        ("2026-04-04T23:00:00+02:00", T),
        ("2026-04-05T01:00:00+02:00", V),
        ("2026-04-05T02:00:00+02:00", (V[0] + 4, V[1])),
        ("2026-03-18T22:00:00+01:00", S),  # week 12
        ("2026-03-04T22:00:00+01:00", S),  # week 10
        ("2026-02-10T22:00:00+01:00", T),  # week 7, the first of the eight
        ("2026-02-03T22:00:00+01:00", S),  # week 6, before them
    ]:
        lat, lon = at(x, y + 3)
        body = incident_body(occurred_at=moment, lat=lat, lon=lon)
        put(api(coordinator), "/api/v1/incidents", body)
    action = api(coordinator).post(
        "/api/v1/est/actions",
        json=action_body(
            police,
            week="2026-W13",
            where={"lat": at(*S)[0], "lon": at(*S)[1]},
            due_on="2026-03-29",
        ),
    )
    assert action.status_code == 201, action.json
    for moment, (x, y) in [
        ("2026-04-03T21:00:00+02:00", S),
        ("2026-04-04T21:00:00+02:00", T),
        ("2026-03-27T21:00:00+01:00", S),  # week 13
        ("2026-03-12T21:00:00+01:00", S),  # week 11
    ]:
        lat, lon = at(x - 3, y)
        body = round_body(lat=lat, lon=lon, arrived_at=moment, left_at=moment)
        put(api(reporter), "/api/v1/est/rounds", body)
    return {"coordinator": coordinator, "owner": owner, "action": action.json["id"]}


def lagesbild(api, user) -> dict:
    response = api(user).get("/api/v1/reports/lagesbild?week=2026-W14")
    assert response.status_code == 200, response.json
    return response.json


def test_hot_spots_count_findings_and_incidents_together(api, week):
    spots = lagesbild(api, week["coordinator"])["combined_hot_spots"]
    assert [(s["count"], s["findings"], s["incidents"], s["rounds"]) for s in spots] == [
        (3, 2, 1, 1),  # S
        (2, 0, 2, 0),  # V: more incidents than T
        (2, 1, 1, 1),  # T
    ]
    assert spots[0]["categories"] == {"klotter": 1, "skadegorelse": 1}
    assert spots[1]["incident_types"] == {"skadegorelse": 2}
    lat, lon = at(*S)
    west, south, east, north = spots[0]["bbox"]
    assert west <= lon < east and south <= lat < north


def test_each_hot_spot_has_its_incidents_and_rounds_per_week(api, week):
    spots = lagesbild(api, week["coordinator"])["combined_hot_spots"]
    s_weeks = {w["week"]: (w["incidents"], w["rounds"]) for w in spots[0]["weeks"]}
    assert list(s_weeks) == [f"2026-W{n:02d}" for n in range(7, 15)]
    assert {key: value for key, value in s_weeks.items() if value != (0, 0)} == {
        "2026-W10": (1, 0),
        "2026-W11": (0, 1),
        "2026-W12": (1, 0),
        "2026-W13": (0, 1),
        "2026-W14": (1, 1),
    }
    t_weeks = {w["week"]: (w["incidents"], w["rounds"]) for w in spots[2]["weeks"]}
    assert t_weeks["2026-W07"] == (1, 0) and t_weeks["2026-W14"] == (1, 1)


def test_the_map_has_the_weeks_incidents_and_rounds(api, week):
    report = lagesbild(api, week["coordinator"])
    incidents = report["incidents"]["positions"]
    assert [i["occurred_at"][:16] for i in incidents] == [
        "2026-04-03T22:00",
        "2026-04-04T23:00",
        "2026-04-05T01:00",
        "2026-04-05T02:00",
    ]
    assert set(incidents[0]) == {"type", "occurred_at", "lat", "lon"}  # never the note
    assert [r["arrived_at"][:16] for r in report["rounds"]["positions"]] == [
        "2026-04-03T21:00",
        "2026-04-04T21:00",
    ]


def test_last_weeks_action_with_the_incidents_at_its_place(api, week):
    followed = lagesbild(api, week["coordinator"])["actions"]["followed_up"]
    assert [a["id"] for a in followed] == [week["action"]]
    assert followed[0]["incidents"] == {
        "before": 2,
        "before_weeks": 4,
        "meeting_week": 0,
        "after": 1,
        "after_weeks": 1,
    }


def test_this_weeks_action_with_the_incidents_at_its_place_so_far(api, week, make_org):
    coordinator = api(week["coordinator"])
    body = action_body(
        make_org("Polisen"), week="2026-W14", where={"lat": at(*S)[0], "lon": at(*S)[1]}
    )
    assert coordinator.post("/api/v1/est/actions", json=body).status_code == 201
    decided = lagesbild(api, week["coordinator"])["actions"]["decided"]
    assert decided[0]["incidents"] == {
        "before": 2,  # weeks 10 and 12
        "before_weeks": 4,
        "meeting_week": 1,  # I1 on Friday
        "after": 0,
        "after_weeks": 0,
    }


def test_an_owner_sees_none_of_it(api, week):
    report = lagesbild(api, week["owner"])
    assert "combined_hot_spots" not in report and "incidents" not in report


def test_the_pdf_and_csv_carry_the_hot_spots(api, week):
    client = api(week["coordinator"])
    response = client.get("/api/v1/reports/lagesbild.pdf?week=2026-W14")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for expected in (
        "Brännpunkter: iakttagelser och händelser",
        "händelser (lila)",
        "Händelser och rundor per brännpunkt och vecka",
        "1 / 1",  # S in week 14
        "2 / 0 / 1 (1 v)",  # the action: before, its week, since
    ):
        assert expected in text, expected
    response = client.get("/api/v1/reports/lagesbild.csv?week=2026-W14")
    lines = list(
        csv.reader(io.StringIO(response.data.decode().removeprefix("\ufeff")), delimiter=";")
    )
    section = "brännpunkt, iakttagelser och händelser"
    first = [line[3:] for line in lines if line[0] == section and line[1] == "1"]
    assert ["iakttagelser", "2"] in first and ["händelser", "1"] in first
    assert ["rundor 2026-W11", "1"] in first
    place = [line[3:] for line in lines if line[0] == "uppföljd åtgärds plats"]
    assert place == [
        ["händelser 4 veckor före", "2"],
        ["händelser mötesveckan", "0"],
        ["händelser efter (1 v)", "1"],
    ]
