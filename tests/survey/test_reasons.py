"""Admins keep the list of reasons a rating may give, as they keep the incident types."""

from tests.factories import CENTRE

RATING = {"lat": CENTRE[0], "lon": CENTRE[1], "score": 3, "time_of_day": "dag"}


def test_an_admin_adds_renames_and_retires_a_reason(api, make_user, client):
    admin = api(make_user("admin"))

    added = admin.post(
        "/api/v1/rating-reasons",
        json={"code": "hundar", "name_sv": "Lösa hundar", "name_en": "Loose dogs"},
    )
    renamed = admin.patch("/api/v1/rating-reasons/hundar", json={"name_en": "Dogs off the lead"})
    english = client.get("/api/v1/public/rating-reasons?lang=en").json
    rated = client.post("/api/v1/public/ratings", json={**RATING, "reasons": ["hundar"]})
    retired = admin.patch("/api/v1/rating-reasons/folktomt", json={"active": False})
    refused = client.post("/api/v1/public/ratings", json={**RATING, "reasons": ["folktomt"]})

    assert added.status_code == 201 and added.json["position"] == 90
    assert renamed.json["name_en"] == "Dogs off the lead"
    assert english[-1] == {"code": "hundar", "name": "Dogs off the lead"}
    assert rated.status_code == 201
    assert retired.json["active"] is False
    assert "folktomt" not in [r["code"] for r in client.get("/api/v1/public/rating-reasons").json]
    assert refused.status_code == 422
    every = admin.get("/api/v1/rating-reasons").json
    assert {"folktomt", "hundar"} <= {r["code"] for r in every}
    assert (
        admin.post(
            "/api/v1/rating-reasons", json={"code": "hundar", "name_sv": "X", "name_en": "X"}
        ).status_code
        == 409
    )
    assert admin.patch("/api/v1/rating-reasons/ingen", json={"active": False}).status_code == 404


def test_only_admins_manage_the_reasons(api, make_user):
    for role in ("reporter", "owner", "coordinator"):
        caller = api(make_user(role))
        assert caller.get("/api/v1/rating-reasons").status_code == 403, role
        assert (
            caller.patch("/api/v1/rating-reasons/klotter", json={"active": False}).status_code
            == 403
        )
    assert api(None).get("/api/v1/rating-reasons").status_code == 401
