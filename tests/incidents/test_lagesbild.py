"""The incidents in GET /api/v1/reports/lagesbild, on a dataset worked out by hand.

Report week 2026-W14 (Monday 30 March – Sunday 5 April, summer time, UTC+2). Summer time
began on Sunday 29 March. Local times, recorded by two partners (police P, housing company H):

  I1 brand         Sun 29 Mar 23:30  P  week 13 (the Sunday before)       at the spot
  I2 skadegorelse  Mon 30 Mar 00:30  P  week 14, Monday (0) hour 0       at the spot
  I3 skadegorelse  Sun  5 Apr 23:30  H  week 14, Sunday (6) hour 23      at the spot
  I4 skadegorelse  Mon  6 Apr 00:30  H  week 15 (after the report week)   at the spot
  I5 narkotika     Wed  1 Apr 22:10  P  week 14, Wednesday (2) hour 22   at the spot
  I6 skadegorelse  Wed  1 Apr 22:50  H  week 14, Wednesday (2) hour 22   far away (Runby)
  I7 trafik        Sun 15 Feb 23:30  P  week 7 (winter, UTC+1)            far away
  I8 trafik        Mon 16 Feb 00:30  P  week 8                            far away
  I9 trafik        Sun  8 Feb 23:30  P  week 6: before the eight weeks    far away

Week 14: total 4 (I2, I3, I5, I6); skadegorelse 3, narkotika 1, every other type 0;
Monday 00 → 1, Wednesday 22 → 2, Sunday 23 → 1; trend W07 1, W08 1, W09–W12 0, W13 1, W14 4;
one hot spot, the spot: 3 (skadegorelse 2, narkotika 1). In the area Centrum: I6 left out.
"""

import csv
import io
import uuid

import pytest
from pypdf import PdfReader

from tests.factories import rectangle
from tests.factories.incidents import incident_body
from tests.factories.places import at

SPOT = at(0, 0)
FAR = at(2200, 2200)
TYPES = ["skadegorelse", "brand", "ordningsstorning", "narkotika", "stold_inbrott", "trafik"]
ZERO_TYPES = {code: 0 for code in [*TYPES, "hot_vald", "annat"]}


@pytest.fixture
def dataset(api, make_org, make_user, make_area):
    police = make_user("reporter", make_org("Polisen", "polis"))
    housing = make_user("owner", make_org("AB Väsbyhem", "bostadsbolag"))
    rows = [
        (police, "brand", "2026-03-29T23:30:00+02:00", SPOT),
        (police, "skadegorelse", "2026-03-30T00:30:00+02:00", SPOT),
        (housing, "skadegorelse", "2026-04-05T23:30:00+02:00", SPOT),
        (housing, "skadegorelse", "2026-04-06T00:30:00+02:00", SPOT),
        (police, "narkotika", "2026-04-01T22:10:00+02:00", SPOT),
        (housing, "skadegorelse", "2026-04-01T22:50:00+02:00", FAR),
        (police, "trafik", "2026-02-15T23:30:00+01:00", FAR),
        (police, "trafik", "2026-02-16T00:30:00+01:00", FAR),
        (police, "trafik", "2026-02-08T23:30:00+01:00", FAR),
    ]
    for user, kind, moment, (lat, lon) in rows:
        body = incident_body(type=kind, occurred_at=moment, lat=lat, lon=lon, note="")
        assert api(user).put(f"/api/v1/incidents/{uuid.uuid4()}", json=body).status_code == 201
    return {
        "housing_owner": housing,
        "centrum": make_area("Centrum", rectangle(-500, -500, 500, 500)),
    }


def lagesbild(api, user, query: str) -> dict:
    response = api(user).get(f"/api/v1/reports/lagesbild?{query}")
    assert response.status_code == 200, response.json
    return response.json


def table(*cells: tuple[int, int, int]) -> list[list[int]]:
    rows = [[0] * 24 for _ in range(7)]
    for weekday, hour, count in cells:
        rows[weekday][hour] = count
    return rows


def test_a_coordinator_gets_the_weeks_incidents_worked_out_by_hand(api, make_user, dataset):
    report = lagesbild(api, make_user("coordinator"), "week=2026-W14")
    incidents = report["incidents"]
    assert incidents["total"] == 4
    assert incidents["by_type"] == ZERO_TYPES | {"skadegorelse": 3, "narkotika": 1}
    assert incidents["by_weekday_hour"] == table((0, 0, 1), (2, 22, 2), (6, 23, 1))
    assert incidents["trend"] == [
        {"week": "2026-W07", "total": 1},
        {"week": "2026-W08", "total": 1},
        {"week": "2026-W09", "total": 0},
        {"week": "2026-W10", "total": 0},
        {"week": "2026-W11", "total": 0},
        {"week": "2026-W12", "total": 0},
        {"week": "2026-W13", "total": 1},
        {"week": "2026-W14", "total": 4},
    ]
    [spot] = incidents["hot_spots"]
    assert (spot["count"], spot["top_type"]) == (3, "skadegorelse")
    assert spot["by_type"] == {"skadegorelse": 2, "narkotika": 1}
    west, south, east, north = spot["bbox"]
    assert west <= SPOT[1] < east and south <= SPOT[0] < north


def test_in_an_area_only_the_incidents_inside_it_count(api, make_user, dataset):
    query = f"week=2026-W14&area={dataset['centrum']}"
    incidents = lagesbild(api, make_user("admin"), query)["incidents"]
    assert incidents["total"] == 3
    assert incidents["by_weekday_hour"] == table((0, 0, 1), (2, 22, 1), (6, 23, 1))
    assert [week["total"] for week in incidents["trend"]] == [0, 0, 0, 0, 0, 0, 1, 3]


@pytest.mark.parametrize(
    ("week", "weekday_hour"),
    [
        ("2026-W07", (6, 23, 1)),  # winter: Sunday 15 February 23:30 (22:30 UTC)
        ("2026-W08", (0, 0, 1)),  # Monday 16 February 00:30 (23:30 UTC on the Sunday)
        ("2026-W13", (6, 23, 1)),  # the day summer time began: Sunday 23:30 is 21:30 UTC
        ("2026-W15", (0, 0, 1)),  # Monday 6 April 00:30 (22:30 UTC on the Sunday)
    ],
)
def test_sunday_night_and_monday_night_fall_in_their_local_weeks(
    api, make_user, dataset, week, weekday_hour
):
    incidents = lagesbild(api, make_user("coordinator"), f"week={week}")["incidents"]
    assert incidents["total"] == 1
    assert incidents["by_weekday_hour"] == table(weekday_hour)
    assert incidents["hot_spots"] == []  # one incident is no hot spot


def test_a_week_without_incidents_has_zeros(api, make_user):
    incidents = lagesbild(api, make_user("coordinator"), "week=2026-W30")["incidents"]
    assert incidents["total"] == 0
    assert incidents["by_type"] == ZERO_TYPES
    assert incidents["by_weekday_hour"] == table()
    assert [week["week"] for week in incidents["trend"]][::7] == ["2026-W23", "2026-W30"]
    assert incidents["hot_spots"] == []


def test_an_owners_lagesbild_has_no_incidents_not_even_their_own(api, dataset):
    report = lagesbild(api, dataset["housing_owner"], "week=2026-W14")
    assert "incidents" not in report


def csv_rows(api, user, query: str) -> list[list[str]]:
    response = api(user).get(f"/api/v1/reports/lagesbild.csv?{query}")
    assert response.status_code == 200
    text = response.data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_has_the_incidents_figures_one_per_line(api, make_user, dataset):
    rows = csv_rows(api, make_user("coordinator"), "week=2026-W14")
    incident_rows = [row for row in rows if row[0].startswith("händelse")]
    assert incident_rows[:3] == [
        ["händelser", "", "", "totalt", "4"],
        ["händelsetyp", "skadegorelse", "Skadegörelse", "antal", "3"],
        ["händelsetyp", "brand", "Brand", "antal", "0"],
    ]
    assert [row for row in incident_rows if row[0] == "händelser per timme"] == [
        ["händelser per timme", "måndag", "00", "antal", "1"],
        ["händelser per timme", "onsdag", "22", "antal", "2"],
        ["händelser per timme", "söndag", "23", "antal", "1"],
    ]
    trend = [(row[1], row[4]) for row in incident_rows if row[0] == "händelser per vecka"]
    assert trend == [("2026-W07", "1"), ("2026-W08", "1")] + [
        (f"2026-W{week:02d}", "0") for week in range(9, 13)
    ] + [("2026-W13", "1"), ("2026-W14", "4")]
    assert ["händelsernas brännpunkt", "1", "Skadegörelse", "antal", "3"] in incident_rows


def test_an_owners_csv_has_no_incidents(api, dataset):
    rows = csv_rows(api, dataset["housing_owner"], "week=2026-W14")
    assert rows[0] == ["avsnitt", "nyckel", "namn", "mått", "värde"]
    assert not [row for row in rows if row[0].startswith("händelse")]


def pdf_text(api, user, query: str) -> str:
    response = api(user).get(f"/api/v1/reports/lagesbild.pdf?{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())  # cells apart


def test_the_pdf_shows_the_incidents_to_a_coordinator(api, make_user, dataset):
    text = pdf_text(api, make_user("coordinator"), "week=2026-W14")
    for expected in (
        "Händelser (EST)",
        "4 händelser registrerade",
        "Skadegörelse 3",
        "Narkotika 1",
        "Onsdag 0 0 0 0 0 2",  # 22:10 and 22:50: the block 20–24
        "2026 v07",
        "Händelsernas brännpunkter",
    ):
        assert expected in text, expected
    assert "Brand 0" not in text  # only the types that happened


def test_an_owners_pdf_has_no_incidents(api, dataset):
    assert "Händelser" not in pdf_text(api, dataset["housing_owner"], "week=2026-W14")
