"""What counts toward a commitment, as the walks, the rounds and the insatser happen: a closed
walk once, however often it is closed; a closed walk whose commitment changes moves with it;
a round for a commitment, or for an action that carries one out, on the local day it began;
an insats on its date. Read through the tertial follow-up."""

import uuid

from sqlalchemy import func, select

from server.extensions import db
from server.promises.models import CommitmentActivity
from tests.factories.est import action_body, round_body
from tests.factories.promises import promise_body


def make_promise(api, coordinator) -> tuple[int, dict]:
    response = api(coordinator).post("/api/v1/promises", json=promise_body())
    assert response.status_code == 201, response.json
    promise = response.json
    return promise["id"], {c["kind"]: c["id"] for c in promise["commitments"]}


def followup(api, user, promise_id: int, tertial: int = 1) -> dict:
    response = api(user).get(
        f"/api/v1/promises/{promise_id}/followup", query_string={"year": 2026, "tertial": tertial}
    )
    assert response.status_code == 200, response.json
    return {row["kind"]: row for row in response.json["commitments"]}


def done(api, user, promise_id: int, tertial: int = 1) -> dict:
    return {kind: row["done"] for kind, row in followup(api, user, promise_id, tertial).items()}


def closed_walk(api, coordinator, commitment: int | None, title="Vandring i Vaggeryd") -> int:
    body = {
        "type": "trygghetsvandring",
        "title": title,
        "planned_start": "2026-03-12T18:00:00+01:00",
        "commitment_id": commitment,
    }
    walk = api(coordinator).post("/api/v1/walks", json=body)
    assert walk.status_code == 201, walk.json
    closed = api(coordinator).post(f"/api/v1/walks/{walk.json['id']}/close", json={})
    assert closed.status_code == 200, closed.json
    return walk.json["id"]


def ledger_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CommitmentActivity))


def test_a_closed_walk_counts_once_however_often_it_is_closed(app, api, make_user):
    coordinator = make_user("coordinator")
    promise, ids = make_promise(api, coordinator)
    walk = closed_walk(api, coordinator, ids["trygghetsvandring"])
    again = api(coordinator).post(f"/api/v1/walks/{walk}/close", json={"summary": "Igen"})
    assert again.status_code == 200

    assert done(api, coordinator, promise) == {
        "trygghetsvandring": 1,
        "trygghetsrunda": 0,
        "insats": 0,
    }
    assert ledger_rows(app) == 1


def test_a_closed_walk_moves_with_its_commitment(api, make_user):
    coordinator = make_user("coordinator")
    promise, ids = make_promise(api, coordinator)
    walk = closed_walk(api, coordinator, ids["trygghetsvandring"])

    moved = api(coordinator).patch(
        f"/api/v1/walks/{walk}", json={"commitment_id": ids["trygghetsrunda"]}
    )
    assert moved.status_code == 200, moved.json
    counts = done(api, coordinator, promise)
    assert (counts["trygghetsvandring"], counts["trygghetsrunda"]) == (0, 1)

    unlinked = api(coordinator).patch(f"/api/v1/walks/{walk}", json={"commitment_id": None})
    assert unlinked.status_code == 200, unlinked.json
    assert set(done(api, coordinator, promise).values()) == {0}

    # A walk linked only after it was closed counts from then on.
    relinked = api(coordinator).patch(
        f"/api/v1/walks/{walk}", json={"commitment_id": ids["trygghetsvandring"]}
    )
    assert relinked.status_code == 200
    assert done(api, coordinator, promise)["trygghetsvandring"] == 1


def test_a_round_of_an_action_counts_on_the_local_day_it_began(api, make_user):
    coordinator = make_user("coordinator")
    reporter = make_user("reporter")
    promise, ids = make_promise(api, coordinator)
    action = api(coordinator).post(
        "/api/v1/est/actions",
        json=action_body(reporter.organisation_id, commitment_id=ids["trygghetsrunda"]),
    )
    assert action.status_code == 201, action.json
    assert action.json["commitment_id"] == ids["trygghetsrunda"]

    friday = uuid.uuid4()
    logged = api(reporter).put(
        f"/api/v1/est/rounds/{friday}", json=round_body(action_id=action.json["id"])
    )
    assert logged.status_code == 201, logged.json
    assert logged.json["commitment_id"] == ids["trygghetsrunda"]
    replay = api(reporter).put(
        f"/api/v1/est/rounds/{friday}", json=round_body(action_id=action.json["id"])
    )
    assert replay.status_code == 200
    # Ten past midnight on 1 May, local time (still 30 April in UTC): the second tertial.
    late = api(reporter).put(
        f"/api/v1/est/rounds/{uuid.uuid4()}",
        json=round_body(
            action_id=action.json["id"],
            arrived_at="2026-05-01T00:10:00+02:00",
            left_at="2026-05-01T00:40:00+02:00",
        ),
    )
    assert late.status_code == 201, late.json
    # A round for no action and no commitment counts for nothing.
    plain = api(reporter).put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=round_body())
    assert plain.status_code == 201 and plain.json["commitment_id"] is None

    first = followup(api, coordinator, promise)["trygghetsrunda"]
    assert (first["planned"], first["done"]) == (6, 1)
    assert first["activities"] == [
        {"type": "round", "id": str(friday), "date": "2026-04-03", "title": "Stationen"}
    ]
    second = followup(api, coordinator, promise, tertial=2)["trygghetsrunda"]
    assert [(a["type"], a["date"]) for a in second["activities"]] == [("round", "2026-05-01")]

    # Everyone reads the count; the round itself only those who may read it.
    other = followup(api, make_user("reporter"), promise)["trygghetsrunda"]
    assert (other["done"], other["activities"]) == (1, [])
    own = followup(api, reporter, promise)["trygghetsrunda"]
    assert [a["id"] for a in own["activities"]] == [str(friday)]


def test_a_round_logged_for_a_commitment_counts_without_an_action(api, make_user):
    coordinator = make_user("coordinator")
    promise, ids = make_promise(api, coordinator)
    logged = api(make_user("owner")).put(
        f"/api/v1/est/rounds/{uuid.uuid4()}",
        json=round_body(commitment_id=ids["trygghetsrunda"], seen="Lugnt vid kiosken"),
    )
    assert logged.status_code == 201, logged.json
    row = followup(api, coordinator, promise)["trygghetsrunda"]
    assert row["done"] == 1
    assert [(a["type"], a["date"], a["title"]) for a in row["activities"]] == [
        ("round", "2026-04-03", "")
    ]


def test_the_rounds_move_when_the_actions_commitment_changes(api, make_user):
    coordinator = make_user("coordinator")
    reporter = make_user("reporter")
    promise, ids = make_promise(api, coordinator)
    action = api(coordinator).post(
        "/api/v1/est/actions", json=action_body(reporter.organisation_id)
    )
    path = f"/api/v1/est/actions/{action.json['id']}"
    for _ in range(2):
        body = round_body(action_id=action.json["id"])
        assert api(reporter).put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=body).status_code == 201
    # One logged for the insats commitment itself stays there.
    own = round_body(action_id=action.json["id"], commitment_id=ids["insats"])
    assert api(reporter).put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=own).status_code == 201
    assert done(api, coordinator, promise)["trygghetsrunda"] == 0

    linked = api(coordinator).patch(path, json={"commitment_id": ids["trygghetsrunda"]})
    assert linked.status_code == 200, linked.json
    assert (linked.json["commitment_id"], linked.json["status"]) == (
        ids["trygghetsrunda"],
        "planerad",
    )
    assert done(api, coordinator, promise) == {
        "trygghetsvandring": 0,
        "trygghetsrunda": 2,
        "insats": 1,
    }
    assert api(coordinator).patch(path, json={"commitment_id": None}).status_code == 200
    assert done(api, coordinator, promise)["trygghetsrunda"] == 0


def test_an_insats_counts_on_its_date(app, api, make_user):
    coordinator = make_user("coordinator")
    promise, ids = make_promise(api, coordinator)
    logged = api(coordinator).post(
        f"/api/v1/promises/{promise}/commitments/{ids['insats']}/insatser",
        json={"date": "2026-04-30", "place": "Storgatan", "result": "Hastighetskontroll"},
    )
    assert logged.status_code == 201, logged.json
    row = followup(api, coordinator, promise)["insats"]
    assert row["done"] == 1
    assert row["activities"] == [
        {"type": "insats", "id": logged.json["id"], "date": "2026-04-30", "title": "Storgatan"}
    ]
    assert done(api, coordinator, promise, tertial=2)["insats"] == 0
    assert ledger_rows(app) == 1


def test_a_commitment_something_counted_for_is_not_removed(api, make_user):
    coordinator = make_user("coordinator")
    promise, ids = make_promise(api, coordinator)
    body = round_body(commitment_id=ids["trygghetsrunda"])
    assert api(coordinator).put(f"/api/v1/est/rounds/{uuid.uuid4()}", json=body).status_code == 201
    kept = [c for c in promise_body()["commitments"] if c["kind"] != "trygghetsrunda"]
    response = api(coordinator).patch(f"/api/v1/promises/{promise}", json={"commitments": kept})
    assert response.status_code == 409


def test_a_walk_renamed_after_it_closed_is_listed_under_its_new_title(api, make_user):
    coordinator = make_user("coordinator")
    promise, ids = make_promise(api, coordinator)
    walk = closed_walk(api, coordinator, ids["trygghetsvandring"], title="Vandring")
    renamed = api(coordinator).patch(
        f"/api/v1/walks/{walk}", json={"title": "Trygghetsvandring i Skillingaryd"}
    )
    assert renamed.status_code == 200, renamed.json
    row = followup(api, coordinator, promise)["trygghetsvandring"]
    assert [(a["id"], a["title"]) for a in row["activities"]] == [
        (walk, "Trygghetsvandring i Skillingaryd")
    ]
