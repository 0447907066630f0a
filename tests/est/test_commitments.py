"""An EST action, or a round, carries out a commitment of the medborgarlöfte: the commitment
must exist (422, in Swedish, naming commitment_id), and only coordinators and admins link an
action to one."""

import uuid

from tests.factories.est import action_body, round_body
from tests.factories.promises import promise_body


def runda(api, coordinator) -> int:
    promise = api(coordinator).post("/api/v1/promises", json=promise_body()).json
    return next(c["id"] for c in promise["commitments"] if c["kind"] == "trygghetsrunda")


def test_an_action_for_a_commitment_that_does_not_exist_is_refused(api, make_user):
    coordinator = make_user("coordinator")
    body = action_body(coordinator.organisation_id, commitment_id=999999)
    response = api(coordinator).post("/api/v1/est/actions", json=body)
    assert response.status_code == 422
    assert response.json["errors"] == {"commitment_id": ["Åtagandet finns inte."]}
    assert api(coordinator).get("/api/v1/est/actions").json == []

    plain = api(coordinator).post(
        "/api/v1/est/actions", json=action_body(coordinator.organisation_id)
    )
    assert plain.status_code == 201 and plain.json["commitment_id"] is None
    path = f"/api/v1/est/actions/{plain.json['id']}"
    wrong = api(coordinator).patch(path, json={"commitment_id": 999999})
    assert wrong.status_code == 422 and "commitment_id" in wrong.json["errors"]
    assert api(coordinator).get("/api/v1/est/actions").json[0]["commitment_id"] is None


def test_a_round_for_a_commitment_that_does_not_exist_is_refused(api, make_user):
    reporter = make_user("reporter")
    round_id = uuid.uuid4()
    response = api(reporter).put(
        f"/api/v1/est/rounds/{round_id}", json=round_body(commitment_id=999999)
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"commitment_id": ["Åtagandet finns inte."]}
    # Nothing was stored: the same id with a good body is a new round.
    assert api(reporter).put(f"/api/v1/est/rounds/{round_id}", json=round_body()).status_code == 201


def test_only_coordinators_and_admins_link_an_action_to_a_commitment(api, make_user, make_org):
    coordinator = make_user("coordinator")
    commitment = runda(api, coordinator)
    housing = make_org("AB Väsbyhem", "bostadsbolag")
    action = api(coordinator).post("/api/v1/est/actions", json=action_body(housing)).json
    path = f"/api/v1/est/actions/{action['id']}"

    owner = api(make_user("owner", housing))
    assert owner.patch(path, json={"commitment_id": commitment}).status_code == 403
    reported = owner.patch(path, json={"status": "gjord", "result": "Två rundor, lugnt"})
    assert reported.status_code == 200 and reported.json["commitment_id"] is None

    linked = api(make_user("admin")).patch(path, json={"commitment_id": commitment})
    assert linked.status_code == 200, linked.json
    assert (linked.json["commitment_id"], linked.json["status"]) == (commitment, "gjord")


def test_a_patch_says_what_to_change(api, make_user):
    coordinator = make_user("coordinator")
    action = (
        api(coordinator)
        .post("/api/v1/est/actions", json=action_body(coordinator.organisation_id))
        .json
    )
    response = api(coordinator).patch(f"/api/v1/est/actions/{action['id']}", json={})
    assert response.status_code == 422
    assert response.json["errors"] == {"status": ["Ange en status eller ett åtagande."]}
