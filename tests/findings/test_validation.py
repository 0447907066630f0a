"""Bad input gets a 422 per field and stores nothing."""

import uuid

import pytest

from tests.factories import finding_body

INVALID = [
    ({"category": "finns_inte"}, "category"),
    ({"lat": 91}, "lat"),
    ({"lon": -180.5}, "lon"),
    ({"lat": "norr"}, "lat"),
    ({"accuracy_m": -1}, "accuracy_m"),
    ({"captured_at": "2099-01-01T00:00:00+00:00"}, "captured_at"),
    ({"captured_at": "2026-11-20T18:42:10"}, "captured_at"),  # no offset
    ({"note": "x" * 4001}, "note"),
    ({"photos": [str(uuid.uuid4()) for _ in range(11)]}, "photos"),
    ({"photos": ["inte-ett-uuid"]}, "photos"),
    ({"walk_id": 999999}, "walk_id"),
    ({"lat": None}, "lat"),  # lon without lat
    ({"lat": None, "lon": None, "accuracy_m": None}, "lat"),  # no position and no photos
]


@pytest.mark.parametrize(("change", "field"), INVALID, ids=[f for _, f in INVALID])
def test_invalid_fields_are_named_and_nothing_is_stored(api, make_user, change, field):
    reporter = make_user("reporter")
    finding_id = uuid.uuid4()
    response = api(reporter).put(f"/api/v1/findings/{finding_id}", json=finding_body(**change))
    assert response.status_code == 422
    assert response.json["code"] == "validation_failed"
    assert field in response.json["errors"]
    assert api(reporter).get(f"/api/v1/findings/{finding_id}").status_code == 404


def test_missing_category_and_time_are_reported_in_swedish(api, make_user):
    reporter = make_user("reporter")
    body = finding_body()
    del body["category"], body["captured_at"]
    response = api(reporter).put(f"/api/v1/findings/{uuid.uuid4()}", json=body)
    assert response.status_code == 422
    assert response.json["message"] == "Några fält är inte giltiga."
    assert response.json["errors"] == {
        "category": ["Fältet måste fyllas i."],
        "captured_at": ["Fältet måste fyllas i."],
    }


def test_a_walk_one_does_not_take_part_in_is_refused(api, make_user, make_walk):
    reporter, other = make_user("reporter"), make_user("reporter")
    walk = make_walk([other])
    response = api(reporter).put(
        f"/api/v1/findings/{uuid.uuid4()}", json=finding_body(walk_id=walk)
    )
    assert response.status_code == 422
    assert "walk_id" in response.json["errors"]


def test_an_inactive_category_is_refused_for_new_findings(api, make_user, set_category_active):
    set_category_active("klotter", False)
    reporter = make_user("reporter")
    response = api(reporter).put(
        f"/api/v1/findings/{uuid.uuid4()}", json=finding_body(category="klotter")
    )
    assert response.status_code == 422
    assert response.json["errors"]["category"] == ["Okänd eller inaktiv kategori."]


def test_a_malformed_id_in_the_path_is_a_404(api, make_user):
    reporter = make_user("reporter")
    response = api(reporter).put("/api/v1/findings/inte-ett-uuid", json=finding_body())
    assert response.status_code == 404
    assert response.json["code"] == "not_found"


def test_a_body_that_is_not_json_is_a_4xx(api, make_user):
    reporter = make_user("reporter")
    response = api(reporter).put(
        f"/api/v1/findings/{uuid.uuid4()}", data="{inte json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert set(response.json) >= {"code", "message"}
