"""PUT /api/v1/incidents/<uuid>: what is refused (422), and nothing is stored then."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories.incidents import incident_body, set_incident_type_active


def put(api, user, **overrides):
    return api(user).put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body(**overrides))


def listed(api, user) -> list:
    return api(user).get("/api/v1/incidents").json["items"]


def test_an_unknown_type_is_refused(api, make_user):
    reporter = make_user("reporter")
    response = put(api, reporter, type="inbrott")
    assert response.status_code == 422
    assert response.json["errors"] == {"type": ["Okänd eller inaktiv händelsetyp."]}
    assert listed(api, reporter) == []


def test_an_inactive_type_is_refused(app, api, make_user):
    set_incident_type_active(app, "narkotika", False)
    response = put(api, make_user("reporter"), type="narkotika")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"type"}


@pytest.mark.parametrize(
    "position",
    [
        {"lat": 91.0},
        {"lat": -90.5},
        {"lon": 180.5},
        {"lat": None},
        {"lat": "59,5"},
    ],
)
def test_a_bad_position_is_refused(api, make_user, position):
    reporter = make_user("reporter")
    response = put(api, reporter, **position)
    assert response.status_code == 422
    assert set(response.json["errors"]) == set(position)
    assert listed(api, reporter) == []


def test_a_missing_position_is_refused(api, make_user):
    body = incident_body()
    del body["lon"]
    response = api(make_user("reporter")).put(f"/api/v1/incidents/{uuid.uuid4()}", json=body)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"lon"}


def test_a_time_without_offset_is_refused(api, make_user):
    response = put(api, make_user("reporter"), occurred_at="2026-11-20T22:15:00")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"occurred_at"}


def test_a_time_in_the_future_is_refused_beyond_the_clock_skew(api, make_user):
    reporter = make_user("reporter")
    later = (datetime.now(UTC) + timedelta(minutes=30)).isoformat()
    response = put(api, reporter, occurred_at=later)
    assert response.status_code == 422
    assert response.json["errors"] == {"occurred_at": ["Tidpunkten ligger i framtiden."]}
    # A phone whose clock runs a few minutes fast is believed.
    soon = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    assert put(api, reporter, occurred_at=soon).status_code == 201


def test_a_long_note_is_refused(api, make_user):
    assert put(api, make_user("reporter"), note="x" * 500).status_code == 201
    response = put(api, make_user("reporter"), note="x" * 501)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"note"}


@pytest.mark.parametrize(
    "note",
    [
        "Gärningsman 900101-1234 sprang mot stationen",
        "pnr 9001011234",
        "Anmälare 19900101-1234",
        "Anmälare 199001011234.",
        "Samordningsnummer 900161-1234",
        "född 041231+1234, över hundra år",
    ],
)
def test_a_note_with_a_personal_identity_number_is_refused_in_swedish(api, make_user, note):
    reporter = make_user("reporter")
    response = put(api, reporter, note=note)
    assert response.status_code == 422
    assert response.json["errors"]["note"][0].startswith("Skriv inte personnummer")
    assert listed(api, reporter) == []


def test_the_refusal_is_in_english_for_a_reader_who_chose_english(api, make_user):
    response = put(api, make_user("reporter", locale="en"), note="pnr 900101-1234")
    assert response.status_code == 422
    assert response.json["errors"]["note"][0].startswith("Do not write personal identity numbers")


@pytest.mark.parametrize(
    "note",
    [
        "Tre personer vid 22-tiden, ca 150000 kr i skador",
        "Larmade 112 kl 2215, ärende 2026-1234",
        "Ruta nr 12345678901234 i listan",
    ],
)
def test_other_numbers_in_a_note_are_accepted(api, make_user, note):
    assert put(api, make_user("reporter"), note=note).status_code == 201
