"""The EST meeting's actions and rounds in GET /api/v1/reports/lagesbild, on a dataset worked
out by hand. Report week 2026-W14; S the spot at the centre, F 2200 m away, area Centrum ±500 m
around S.

  A1 week 13, at S, given to the housing company, reported gjord  → followed up, done
  A2 week 13, "Torget" in words only, police, still planerad      → followed up, not done
  A3 week 14, at S                                                 → decided
  A4 week 14, at F                                                 → decided
  A5 week 15, at S                                                 → neither
  R1, R2 rounds at S in week 14, R3 at F in week 14, R4 at S in week 13 (not counted)

Week 14: decided [A3, A4], followed_up [A1 done, A2 not done]; rounds 3: S 2, F 1.
In Centrum: decided [A3], followed_up [A1] (A2 has no place on the map), rounds 2.
"""

import csv
import io
import uuid

import pytest
from pypdf import PdfReader

from tests.factories import rectangle
from tests.factories.est import action_body, round_body
from tests.factories.places import at

S, F = at(0, 0), at(2200, 2200)


@pytest.fixture
def meeting(api, make_org, make_user, make_area):
    police, housing = make_org("Polisen", "polis"), make_org("AB Väsbyhem", "bostadsbolag")
    coordinator, owner = make_user("coordinator"), make_user("owner", housing)
    reporter = make_user("reporter", police)

    def decide(who, week, where, due_on):
        body = action_body(who, week=week, where=where, due_on=due_on)
        response = api(coordinator).post("/api/v1/est/actions", json=body)
        assert response.status_code == 201, response.json
        return response.json["id"]

    spot, far = {"lat": S[0], "lon": S[1]}, {"lat": F[0], "lon": F[1]}
    a1 = decide(housing, "2026-W13", spot, "2026-03-29")
    a2 = decide(police, "2026-W13", {"place": "Torget"}, "2026-03-29")
    a3 = decide(housing, "2026-W14", spot, "2026-04-05")
    a4 = decide(police, "2026-W14", far, "2026-04-05")
    decide(housing, "2026-W15", spot, "2026-04-12")
    done = api(owner).patch(f"/api/v1/est/actions/{a1}", json={"status": "gjord"})
    assert done.status_code == 200
    for moment, (lat, lon) in [
        ("2026-04-03T21:00:00+02:00", S),
        ("2026-04-04T21:00:00+02:00", S),
        ("2026-04-04T22:00:00+02:00", F),
        ("2026-03-27T21:00:00+01:00", S),
    ]:
        body = round_body(lat=lat, lon=lon, arrived_at=moment, left_at=moment)
        response = api(reporter).put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=body)
        assert response.status_code == 201, response.json
    centrum = make_area("Centrum", rectangle(-500, -500, 500, 500))
    return {"coordinator": coordinator, "owner": owner, "centrum": centrum, "ids": (a1, a2, a3, a4)}


def lagesbild(api, user, query="week=2026-W14") -> dict:
    response = api(user).get(f"/api/v1/reports/lagesbild?{query}")
    assert response.status_code == 200, response.json
    return response.json


def test_the_meeting_s_actions_and_the_weeks_rounds_worked_out_by_hand(api, meeting):
    a1, a2, a3, a4 = meeting["ids"]
    report = lagesbild(api, meeting["coordinator"])
    decided = report["actions"]["decided"]
    assert [action["id"] for action in decided] == [a3, a4]
    assert decided[0]["week"] == "2026-W14" and decided[0]["due_on"] == "2026-04-05"
    followed = report["actions"]["followed_up"]
    assert [(action["id"], action["done"]) for action in followed] == [(a1, True), (a2, False)]
    assert report["rounds"]["total"] == 3
    assert [cell["count"] for cell in report["rounds"]["by_hot_spot"]] == [2, 1]
    west, south, east, north = report["rounds"]["by_hot_spot"][0]["bbox"]
    assert west <= S[1] < east and south <= S[0] < north


def test_in_an_area_only_what_lies_in_it(api, meeting):
    a1, _, a3, _ = meeting["ids"]
    report = lagesbild(api, meeting["coordinator"], f"week=2026-W14&area={meeting['centrum']}")
    assert [action["id"] for action in report["actions"]["decided"]] == [a3]
    assert [action["id"] for action in report["actions"]["followed_up"]] == [a1]
    assert report["rounds"]["total"] == 2


def test_an_owners_lagesbild_has_neither(api, meeting):
    report = lagesbild(api, meeting["owner"])
    assert "actions" not in report and "rounds" not in report and "incidents" not in report


def csv_rows(api, user) -> list[list[str]]:
    response = api(user).get("/api/v1/reports/lagesbild.csv?week=2026-W14")
    assert response.status_code == 200
    text = response.data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_has_the_actions_and_rounds_one_per_line(api, meeting):
    a1, a2, a3, a4 = meeting["ids"]
    rows = csv_rows(api, meeting["coordinator"])
    what = "Trygghetsrunda vid stationens busshållplatser"
    assert [row for row in rows if row[0] == "beslutad åtgärd"] == [
        ["beslutad åtgärd", str(a3), what, "ansvarig", "AB Väsbyhem"],
        ["beslutad åtgärd", str(a3), what, "klar senast", "2026-04-05"],
        ["beslutad åtgärd", str(a4), what, "ansvarig", "Polisen"],
        ["beslutad åtgärd", str(a4), what, "klar senast", "2026-04-05"],
    ]
    assert [row for row in rows if row[0] == "uppföljd åtgärd"] == [
        ["uppföljd åtgärd", str(a1), what, "gjord", "ja"],
        ["uppföljd åtgärd", str(a2), what, "gjord", "nej"],
    ]
    assert ["trygghetsrundor", "", "", "totalt", "3"] in rows
    counts = [(r[1], r[4]) for r in rows if r[0] == "rundornas plats" and r[3] == "antal"]
    assert counts == [("1", "2"), ("2", "1")]


def test_an_owners_csv_has_neither(api, meeting):
    rows = csv_rows(api, meeting["owner"])
    assert not [row for row in rows if "åtgärd" in row[0] or "rund" in row[0]]


def pdf_text(api, user) -> str:
    response = api(user).get("/api/v1/reports/lagesbild.pdf?week=2026-W14")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_pdf_shows_the_meeting_to_a_coordinator(api, meeting):
    text = pdf_text(api, meeting["coordinator"])
    for expected in (
        "Åtgärder (EST-mötet)",
        "Beslutade denna vecka",
        "59.51860, 17.91190",  # A3 has a position and no place in words
        "fre, lör",
        "2026-04-05",
        "Uppföljning av förra veckans åtgärder",
        "Väsbyhem ja",  # A1 done
        "Polisen nej",  # A2 not done
        "3 rundor loggade denna vecka",
    ):
        assert expected in text, expected


def test_an_owners_pdf_has_no_meeting(api, meeting):
    assert "Åtgärder (EST-mötet)" not in pdf_text(api, meeting["owner"])
