"""The tertial follow-up: a walk counts once closed, in the (local) tertial it started; one
still going does not; an insats counts on its date; nothing counts in another tertial. The
coordinator's comment per commitment and tertial."""

from datetime import UTC, datetime

from server.extensions import db
from server.walks.models import Walk
from tests.factories import add_finding


def make_promise(api, coordinator) -> dict:
    body = {
        "title": "Medborgarlöfte Vaggeryd",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "area_id": None,
        "commitments": [
            {"text": "Trygghetsvandringar", "kind": "trygghetsvandring", "planned_per_tertial": 2},
            {"text": "Trafikinsatser", "kind": "insats", "planned_per_tertial": 3},
        ],
    }
    response = api(coordinator).post("/api/v1/promises", json=body)
    assert response.status_code == 201, response.json
    return response.json


def plan_walk(api, coordinator, title: str, start: str, commitment: int | None) -> int:
    body = {"type": "trygghetsvandring", "title": title, "planned_start": start}
    if commitment is not None:
        body["commitment_id"] = commitment
    response = api(coordinator).post("/api/v1/walks", json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def set_started(app, walk_id: int, moment: datetime) -> None:
    """As if the coordinator had pressed start at that moment."""
    with app.app_context():
        walk = db.session.get(Walk, walk_id)
        walk.status, walk.started_at = "pågår", moment
        db.session.commit()


def followup(api, user, promise, year, tertial):
    response = api(user).get(
        f"/api/v1/promises/{promise['id']}/followup",
        query_string={"year": year, "tertial": tertial},
    )
    assert response.status_code == 200, response.json
    return response.json


def test_closed_walks_count_in_the_tertial_they_started_and_insatser_on_their_date(
    app, api, make_user
):
    coordinator = make_user("coordinator")
    staff = api(coordinator)
    promise = make_promise(api, coordinator)
    walks, traffic = promise["commitments"]
    base = f"/api/v1/promises/{promise['id']}/commitments"

    # Started in March, closed: tertial 1.
    march = plan_walk(api, coordinator, "Vandring i mars", "2026-03-12T18:00:00+01:00", walks["id"])
    set_started(app, march, datetime(2026, 3, 12, 17, 5, tzinfo=UTC))
    assert staff.post(f"/api/v1/walks/{march}/close", json={}).status_code == 200
    # Planned for 00:30 on 1 May local time (30 April in UTC), closed without being started:
    # its planned start counts, in local time: tertial 2.
    may = plan_walk(api, coordinator, "Vandring i maj", "2026-05-01T00:30:00+02:00", walks["id"])
    assert staff.post(f"/api/v1/walks/{may}/close", json={}).status_code == 200
    # Started in April, still going: counts nowhere.
    going = plan_walk(api, coordinator, "Pågående", "2026-04-10T18:00:00+02:00", walks["id"])
    set_started(app, going, datetime(2026, 4, 10, 16, 0, tzinfo=UTC))
    # Closed in tertial 1, but for no commitment.
    other = plan_walk(api, coordinator, "Utan löfte", "2026-02-10T18:00:00+01:00", None)
    assert staff.post(f"/api/v1/walks/{other}/close", json={}).status_code == 200
    # Planned in tertial 1, called off.
    called_off = plan_walk(api, coordinator, "Inställd", "2026-02-11T18:00:00+01:00", walks["id"])
    assert staff.post(f"/api/v1/walks/{called_off}/cancel", json={}).status_code == 200

    for day in ("2026-04-30", "2026-05-01", "2026-01-01"):
        logged = staff.post(
            f"{base}/{traffic['id']}/insatser",
            json={"date": day, "place": "Storgatan", "result": "Hastighetskontroll"},
        )
        assert logged.status_code == 201

    first = followup(api, coordinator, promise, 2026, 1)
    assert first["period"] == {"from": "2026-01-01", "to": "2026-04-30"}
    assert (first["year"], first["tertial"]) == (2026, 1)
    by_id = {row["id"]: row for row in first["commitments"]}
    assert (by_id[walks["id"]]["planned"], by_id[walks["id"]]["done"]) == (2, 1)
    assert by_id[walks["id"]]["activities"] == [
        {"type": "walk", "id": march, "date": "2026-03-12", "title": "Vandring i mars"}
    ]
    assert (by_id[traffic["id"]]["planned"], by_id[traffic["id"]]["done"]) == (3, 2)
    assert [a["date"] for a in by_id[traffic["id"]]["activities"]] == ["2026-01-01", "2026-04-30"]

    # Someone who took no part in the walk reads the same counts, without the walk itself.
    outsider = followup(api, make_user("reporter"), promise, 2026, 1)["commitments"]
    assert [(row["done"], len(row["activities"])) for row in outsider] == [(1, 0), (2, 2)]

    second = {row["id"]: row for row in followup(api, coordinator, promise, 2026, 2)["commitments"]}
    assert [a["id"] for a in second[walks["id"]]["activities"]] == [may]
    assert [a["date"] for a in second[traffic["id"]]["activities"]] == ["2026-05-01"]

    third = {row["id"]: row for row in followup(api, coordinator, promise, 2026, 3)["commitments"]}
    assert third[walks["id"]]["done"] == 0 and third[traffic["id"]]["done"] == 0
    assert {row["done"] for row in followup(api, coordinator, promise, 2025, 1)["commitments"]} == {
        0
    }

    # Once the walk still going is closed, it counts in the tertial it started: tertial 1.
    assert staff.post(f"/api/v1/walks/{going}/close", json={}).status_code == 200
    again = {row["id"]: row for row in followup(api, coordinator, promise, 2026, 1)["commitments"]}
    assert [a["id"] for a in again[walks["id"]]["activities"]] == [march, going]


def test_the_findings_of_the_walks_that_count_and_how_many_are_fixed(app, api, make_user):
    coordinator = make_user("coordinator")
    reporter = make_user("reporter")
    promise = make_promise(api, coordinator)
    commitment = promise["commitments"][0]
    counted = plan_walk(api, coordinator, "Räknas", "2026-03-12T18:00:00+01:00", commitment["id"])
    going = plan_walk(api, coordinator, "Pågår", "2026-03-13T18:00:00+01:00", commitment["id"])
    set_started(app, going, datetime(2026, 3, 13, 17, tzinfo=UTC))
    for name, category, status, walk in (
        ("a", "belysning", "skickad", counted),
        ("b", "klotter", "åtgärdad", counted),
        ("c", "vegetation", "verifierad", counted),
        ("d", "trygg_plats", "ny", counted),  # a positive mark: not a finding to fix
        ("e", "belysning", "dubblett", counted),  # merged into another
        ("f", "belysning", "åtgärdad", going),  # the walk does not count (yet)
    ):
        add_finding(app, reporter, name, category, "2026-03-12 18:30", status, walk=walk)
    api(coordinator).post(f"/api/v1/walks/{counted}/close", json={})

    row = followup(api, coordinator, promise, 2026, 1)["commitments"][0]
    assert (row["done"], row["findings"], row["fixed"]) == (1, 3, 2)


def test_the_coordinator_writes_one_comment_per_commitment_and_tertial(api, make_user):
    coordinator = make_user("coordinator")
    promise = make_promise(api, coordinator)
    commitment = promise["commitments"][0]
    path = f"/api/v1/promises/{promise['id']}/commitments/{commitment['id']}/comments/2026/1"
    first = api(coordinator).put(path, json={"text": "Två vandringar i mars.", "published": False})
    assert first.status_code == 201, first.json
    assert first.json["text"] == "Två vandringar i mars." and first.json["published"] is False
    again = api(coordinator).put(path, json={"text": "Två vandringar.", "published": True})
    assert again.status_code == 200

    rows = followup(api, coordinator, promise, 2026, 1)["commitments"]
    assert rows[0]["comment"]["text"] == "Två vandringar."
    assert rows[0]["comment"]["published"] is True
    assert rows[1]["comment"] is None
    assert followup(api, coordinator, promise, 2026, 2)["commitments"][0]["comment"] is None

    for role in ("reporter", "owner"):
        refused = api(make_user(role)).put(path, json={"text": "Nej", "published": True})
        assert refused.status_code == 403
    bad = path.replace("/2026/1", "/2026/4")
    assert api(coordinator).put(bad, json={"text": "x", "published": True}).status_code == 422
    unknown = path.replace(f"/commitments/{commitment['id']}/", "/commitments/999999/")
    assert api(coordinator).put(unknown, json={"text": "x", "published": True}).status_code == 404


def test_the_followup_asks_for_a_year_and_a_tertial(api, make_user):
    coordinator = make_user("coordinator")
    promise = make_promise(api, coordinator)
    path = f"/api/v1/promises/{promise['id']}/followup"
    for query in ({"year": 2026}, {"year": 2026, "tertial": 4}, {"year": "x", "tertial": 1}):
        assert api(coordinator).get(path, query_string=query).status_code == 422
    assert api(None).get(path, query_string={"year": 2026, "tertial": 1}).status_code == 401
