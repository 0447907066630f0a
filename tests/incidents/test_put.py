"""PUT /api/v1/incidents/<uuid>: recorded once, replays harmless, conflicts explained."""

import uuid

import pytest

from tests.factories.incidents import incident_body, set_incident_type_active


@pytest.mark.parametrize("role", ["reporter", "owner", "coordinator", "admin"])
def test_every_role_records_an_incident_for_its_organisation(api, make_user, role):
    user = make_user(role)
    incident_id = uuid.uuid4()
    response = api(user).put(f"/api/v1/incidents/{incident_id}", json=incident_body())
    assert response.status_code == 201
    assert response.json["id"] == str(incident_id)
    assert response.json["type"] == "skadegorelse"
    assert response.json["type_name"] == "Skadegörelse"
    assert response.json["occurred_at"] == "2026-11-20T21:15:00+00:00"
    assert (response.json["lat"], response.json["lon"]) == (59.5186, 17.9119)
    assert response.json["note"] == "Krossad ruta i busskuren"
    assert response.json["organisation"] == {"id": user.organisation_id, "name": user.organisation}
    assert response.json["mine"] is True
    assert (response.json["imported"], response.json["external_id"]) == (False, None)


def test_the_note_is_optional(api, make_user):
    body = incident_body()
    del body["note"]
    response = api(make_user("reporter")).put(f"/api/v1/incidents/{uuid.uuid4()}", json=body)
    assert response.status_code == 201
    assert response.json["note"] == ""


def test_the_same_put_again_is_a_harmless_replay(api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/incidents/{uuid.uuid4()}"
    first = api(reporter).put(path, json=incident_body())
    again = api(reporter).put(path, json=incident_body())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert len(api(reporter).get("/api/v1/incidents").json["items"]) == 1


def test_a_replay_written_differently_is_still_a_replay(api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/incidents/{uuid.uuid4()}"
    api(reporter).put(path, json=incident_body())
    same = incident_body(occurred_at="2026-11-20T21:15:00Z", lat=59.51860, newer_field="ignored")
    assert api(reporter).put(path, json=same).status_code == 200


def test_other_content_under_the_same_id_is_a_conflict_that_says_what_differs(api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/incidents/{uuid.uuid4()}"
    api(reporter).put(path, json=incident_body())
    response = api(reporter).put(path, json=incident_body(type="brand", note="Brand i container"))
    assert response.status_code == 409
    assert response.json["code"] == "conflict"
    assert set(response.json["errors"]) == {"type", "note"}
    assert response.json["errors"]["note"] == ["Skiljer sig från det som sparades först."]
    listed = api(reporter).get("/api/v1/incidents").json["items"]
    assert [(i["type"], i["note"]) for i in listed] == [
        ("skadegorelse", "Krossad ruta i busskuren")
    ]


def test_another_users_id_is_a_conflict_and_shows_nothing_of_theirs(api, make_user):
    path = f"/api/v1/incidents/{uuid.uuid4()}"
    api(make_user("reporter")).put(path, json=incident_body())
    response = api(make_user("reporter")).put(path, json=incident_body())
    assert response.status_code == 409
    assert "Krossad" not in response.text


def test_a_replay_succeeds_after_its_type_was_deactivated(app, api, make_user):
    reporter = make_user("reporter")
    path = f"/api/v1/incidents/{uuid.uuid4()}"
    api(reporter).put(path, json=incident_body(type="trafik"))
    set_incident_type_active(app, "trafik", False)
    assert api(reporter).put(path, json=incident_body(type="trafik")).status_code == 200


def test_anonymous_callers_are_refused(api):
    response = api(None).put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body())
    assert response.status_code == 401
