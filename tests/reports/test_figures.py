"""The report figures on the dataset of conftest.py, whose answers are known in advance:
medians of odd and even counts, shares fixed within target, the tertial boundary at midnight
30 April / 1 May, ISO weeks, a duration across the change to summer time, walks held."""

from datetime import UTC, date, datetime

import pytest

from server.extensions import db
from server.reports import periods
from server.walks.models import Walk


def by_name(items, name):
    return next(item for item in items if item["name"] == name)


@pytest.fixture
def walks(app):
    with app.app_context():
        for title, kind, start, status in [
            ("Held in T1", "trygghetsvandring", datetime(2026, 3, 15, 17, tzinfo=UTC), "avslutad"),
            ("Round in T1", "trygghetsrunda", datetime(2026, 4, 30, 21, 30, tzinfo=UTC), "pågår"),
            ("Only planned", "trygghetsvandring", datetime(2026, 4, 1, 17, tzinfo=UTC), "planerad"),
            # 1 May 00:30 in Stockholm: the second tertial
            ("May walk", "områdesvandring", datetime(2026, 4, 30, 22, 30, tzinfo=UTC), "avslutad"),
            ("Held in T3", "områdesvandring", datetime(2025, 11, 1, 17, tzinfo=UTC), "avslutad"),
        ]:
            db.session.add(Walk(type=kind, title=title, planned_start=start, status=status))
        db.session.commit()


def test_the_tertial_follow_up_has_the_known_figures(api, dataset, walks):
    response = api(dataset.users["coordinator"]).get("/api/v1/reports/tertial?year=2026&tertial=1")
    assert response.status_code == 200, response.json
    report = response.json
    assert (report["from"], report["to"]) == ("2026-01-01", "2026-04-30")
    assert report["previous"] == {
        "year": 2025,
        "tertial": 3,
        "from": "2025-09-01",
        "to": "2025-12-31",
    }
    now, before = report["summary"]["current"], report["summary"]["previous"]
    assert now == {
        "new": 10,  # F6 at 23:59 on 30 April counts, F7 at 00:00 on 1 May does not
        "closed": 5,
        "positive": 1,
        "acknowledged": 6,
        "median_hours_to_acknowledge": 9.0,  # 2, 4, 6, 12, 23, 24: even, (6 + 12) / 2
        "fixed": 5,
        "median_hours_to_fix": 48.0,  # 24, 48, 48, 96, 120: odd
        "fixed_with_due_date": 5,
        "fixed_within_target": 3,
        "share_fixed_within_target": 0.6,
    }
    assert before == {
        "new": 2,
        "closed": 1,
        "positive": 0,
        "acknowledged": 1,
        "median_hours_to_acknowledge": 1.0,
        "fixed": 1,
        "median_hours_to_fix": 48.0,
        "fixed_with_due_date": 1,
        "fixed_within_target": 1,
        "share_fixed_within_target": 1.0,
    }
    a = by_name(report["by_owner"], "AB Väsbyhem")["current"]
    assert (a["median_hours_to_acknowledge"], a["median_hours_to_fix"]) == (4.0, 48.0)
    assert a["share_fixed_within_target"] == pytest.approx(2 / 3, abs=1e-4)
    b = by_name(report["by_owner"], "Gatuenheten")
    assert (b["current"]["median_hours_to_acknowledge"], b["current"]["median_hours_to_fix"]) == (
        18.0,
        72.0,  # 96 and 48
    )
    assert b["current"]["share_fixed_within_target"] == 0.5
    assert b["previous"]["share_fixed_within_target"] == 1.0
    # Across the change to summer time: 12:00 CET to 12:00 CEST is 23 hours, not 24.
    c = by_name(report["by_owner"], "Parkenheten")["current"]
    assert c["median_hours_to_acknowledge"] in (23.0,)
    klotter = by_name(report["by_category"], "Klotter/otillåten affischering")["current"]
    assert (klotter["new"], klotter["closed"]) == (6, 3)
    assert report["walks"]["current"] == {
        "total": 2,
        "by_type": {"trygghetsrunda": 1, "trygghetsvandring": 1},
    }
    assert report["walks"]["previous"] == {"total": 1, "by_type": {"områdesvandring": 1}}


def test_the_second_tertial_starts_at_midnight_on_1_may(api, dataset, walks):
    report = (
        api(dataset.users["coordinator"]).get("/api/v1/reports/tertial?year=2026&tertial=2").json
    )
    assert report["summary"]["current"]["new"] == 1  # F7, 1 May 00:00 (30 April 22:00 UTC)
    assert report["summary"]["previous"]["new"] == 10
    assert report["walks"]["current"]["total"] == 1


def test_the_lagesbild_of_a_week(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    week13 = coordinator.get("/api/v1/reports/lagesbild?week=2026-W13").json
    assert (week13["from"], week13["to"]) == ("2026-03-23", "2026-03-29")
    assert week13["reference_day"] == "2026-03-30"
    assert week13["summary"]["new"] == 2  # F8 and G1 at 23:30 on Sunday
    assert week13["summary"]["closed"] == 0
    assert {c["code"]: c["new"] for c in week13["by_category"]} == {"klotter": 1, "vegetation": 1}
    overdue = {o["name"]: (o["overdue"], o["max_days_overdue"]) for o in week13["overdue_by_owner"]}
    assert overdue == {"AB Väsbyhem": (1, 87), "Parkenheten": (1, 24)}
    assert [n["reason"] for n in week13["notable"]] == [
        "Hög prioritet",
        "Försenad 87 dagar",
        "Försenad 24 dagar",
    ]
    week14 = coordinator.get("/api/v1/reports/lagesbild?week=2026W14").json
    new_ids = {f["id"] for f in week14["new_findings"]}
    assert dataset.ids["G2"] in new_ids and dataset.ids["G1"] not in new_ids  # Monday 00:10
    assert coordinator.get("/api/v1/reports/lagesbild?week=2026-W54").status_code == 422


def test_the_lagesbild_of_an_area(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    other = coordinator.get(
        f"/api/v1/reports/lagesbild?week=2025-W41&area={dataset.other_area}"
    ).json
    assert other["area"]["name"] == "Runby"
    assert other["summary"]["new"] == 1  # P2 only
    centre = coordinator.get(f"/api/v1/reports/lagesbild?week=2025-W41&area={dataset.area}").json
    assert centre["summary"]["new"] == 0
    assert coordinator.get("/api/v1/reports/lagesbild?area=99999").status_code == 422


def test_the_dashboard(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    response = coordinator.get("/api/v1/reports/dashboard?from=2026-03-01&to=2026-04-30")
    assert response.status_code == 200, response.json
    board = response.json
    assert board["summary"]["new"] == 10
    assert board["summary"]["positive"] == 0  # F9 is from February
    assert {o["name"]: o["count"] for o in board["by_owner"]} == {
        "AB Väsbyhem": 3,
        "Gatuenheten": 2,
        "Parkenheten": 2,
        "Ej tilldelad": 3,
    }
    assert {s["id"]: s["count"] for s in board["by_status"]}["åtgärdad"] == 4
    assert board["by_area"] == [{"id": dataset.area, "name": "Centrum", "count": 10}]
    weeks = {w["week"]: (w["new"], w["closed"]) for w in board["weekly"]}
    assert weeks["2026-W12"] == (1, 2)  # F3; F2 verified on Monday the 16th, F3 fixed
    assert weeks["2026-W13"] == (2, 0)
    assert weeks["2026-W14"] == (2, 1)  # G2 at 00:10 on Monday, F4; F4 fixed on Sunday
    assert board["durations"]["overall"]["median_hours_to_acknowledge"] == 9.0
    assert board["backlog"]["overdue"] == 2  # P1 and X1, today
    cells = board["hot_spots"]["features"]
    assert cells[0]["properties"]["count"] >= 5  # F1-F3, F6, G1, G2 within 30 m
    assert cells[0]["geometry"]["type"] == "Polygon"
    only_klotter = coordinator.get(
        "/api/v1/reports/dashboard?from=2026-03-01&to=2026-04-30&category=klotter"
    ).json
    assert only_klotter["summary"]["new"] == 6


def test_hot_spots_use_cells_of_the_chosen_size(api, dataset):
    coordinator = api(dataset.users["coordinator"])
    spots = coordinator.get("/api/v1/reports/hotspots?from=2026-01-01&to=2026-04-30&cell_m=100")
    assert spots.status_code == 200
    collection = spots.json
    assert collection["type"] == "FeatureCollection" and collection["cell_m"] == 100
    total = sum(f["properties"]["count"] for f in collection["features"])
    assert total >= 6
    west, _ = collection["features"][0]["geometry"]["coordinates"][0][0]
    east, _ = collection["features"][0]["geometry"]["coordinates"][0][2]
    width_m = (east - west) * 111320 * 0.5066  # cos(59.5°)
    assert 95 < width_m < 105
    # The busiest category by name and by code, so that an English reader gets its name.
    names = {c["code"]: c["name_sv"] for c in coordinator.get("/api/v1/categories").json}
    for feature in collection["features"]:
        cell = feature["properties"]
        assert names[cell["top_category_code"]] == cell["top_category"]
        assert cell["categories"][cell["top_category"]] == max(cell["categories"].values())


def test_periods_follow_stockholm_time(app):
    with app.app_context():
        first = periods.tertial(2026, 2)
        start, end = first.bounds()
        assert start == datetime(2026, 4, 30, 22, tzinfo=UTC)  # CEST
        assert end == datetime(2026, 8, 31, 22, tzinfo=UTC)
        winter_start, _ = periods.tertial(2026, 1).bounds()
        assert winter_start == datetime(2025, 12, 31, 23, tzinfo=UTC)  # CET
        week = periods.parse_week("2026-W13")
        assert week.bounds() == (
            datetime(2026, 3, 22, 23, tzinfo=UTC),
            datetime(2026, 3, 29, 22, tzinfo=UTC),  # the week that loses an hour
        )
        assert periods.previous_tertial(2026, 1) == (2025, 3)
        assert periods.tertial_of(date(2026, 5, 1)) == (2026, 2)
