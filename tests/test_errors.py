"""One error shape, {code, message, errors?}, for every error the API can give."""

import uuid

from server.findings import service as findings_service
from tests.conftest import finding_body


def test_unknown_address_is_a_json_404(client):
    response = client.get("/api/v1/finns-inte")
    assert response.status_code == 404
    assert response.json == {
        "code": "not_found",
        "message": "Det finns ingenting på den här adressen.",
    }


def test_wrong_method_is_a_json_405_with_allow(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response.json["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_too_large_body_is_a_json_413(make_app, make_user):
    small = make_app(MAX_CONTENT_LENGTH=1000)
    user = make_user("reporter")
    response = small.test_client().put(
        f"/api/v1/findings/{uuid.uuid4()}",
        json=finding_body(note="x" * 2000),
        headers={"Authorization": f"Bearer {user.token}"},
    )
    assert response.status_code == 413
    assert response.json == {"code": "payload_too_large", "message": "Filen är för stor."}


def test_a_bug_is_a_json_500_that_reveals_nothing(api, make_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(findings_service, "put_finding", broken)
    response = api(make_user("reporter")).put(
        f"/api/v1/findings/{uuid.uuid4()}", json=finding_body()
    )
    assert response.status_code == 500
    assert response.json == {
        "code": "internal_error",
        "message": "Något gick fel på servern. Försök igen senare.",
    }


def test_english_when_the_browser_prefers_it(client):
    response = client.get("/api/v1/finns-inte", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.json["message"] == "There is nothing at this address."


def test_health_check_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
