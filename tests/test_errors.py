"""One error shape, {code, message, errors?}, for every error the API can give."""

import re
import uuid

import marshmallow as ma
import pytest
from sqlalchemy.exc import OperationalError

from server import create_app, i18n
from server.extensions import db
from server.findings import service as findings_service
from server.walks import service as walks_service
from server.walks.models import Walk
from tests.factories import PASSWORD, finding_body


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


# Odd input (issue 12, item 6): every route that takes a body answers in the JSON error shape.


def _write_routes() -> list[tuple[str, str, object]]:
    """(method, path, JSON body schema or None) for every POST, PUT and PATCH route, from a
    throwaway app: a route added later is covered without anyone listing it here."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    routes = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
        body = next((p["schema"] for p in parameters if p.get("in") == "json"), None)
        path = re.sub(r"<(?:(\w+):)?\w+>", _path_value, rule.rule)
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH"}):
            routes.append((method, path, body))
    return routes


def _path_value(match: re.Match) -> str:
    return {"int": "1", "uuid": str(uuid.uuid4())}.get(match.group(1), "x")


WRITE_ROUTES = _write_routes()
ROUTE_IDS = [f"{method} {path}" for method, path, _ in WRITE_ROUTES]


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(("method", "path", "schema"), WRITE_ROUTES, ids=ROUTE_IDS)
def test_json_nested_too_deeply_is_a_400_on_every_route(api, make_user, method, path, schema):
    admin = api(make_user("admin"))  # who may call every route, so the body is read
    for body in (_nested(1000), '{"a":' * 40 + "1" + "}" * 40):
        response = getattr(admin, method.lower())(path, data=body, content_type="application/json")
        assert response.status_code == 400, (body[:10], response.data[:300])
        if path.startswith("/open311/"):  # GeoReport's own error shape
            (error,) = response.json
            assert error["code"] == 400
            # in one language, the caller's (Swedish here)
            assert "nästlad i mer än 32 nivåer" in error["description"]
            continue
        assert response.json == {
            "code": "bad_request",
            "message": "Begäran kunde inte tolkas.",
            "errors": {"json": ["Ogiltig JSON, eller nästlad i mer än 32 nivåer."]},
        }


def test_json_up_to_the_limit_is_read_and_brackets_in_text_do_not_count(api, make_user):
    coordinator = api(make_user("coordinator"))
    walk = coordinator.post(
        "/api/v1/walks",
        json={
            "type": "trygghetsvandring",
            "title": "[[[",
            "planned_start": "2026-12-03T18:00:00+01:00",
        },
    )
    assert walk.status_code == 201, walk.json
    path = f"/api/v1/walks/{walk.json['id']}"
    # 32 levels reach the schema, which refuses the route for what it is (not a LineString).
    deepest = '{"route": ' + _nested(31) + "}"
    response = coordinator.patch(path, data=deepest, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["route"]
    # Brackets in a text are text; escaped quotes do not end it.
    text = '\\"' + "[{" * 40
    response = coordinator.patch(path, json={"description": text})
    assert response.status_code == 200, response.json
    assert response.json["description"] == text
    assert coordinator.get(path).json["description"] == text


SURROGATE_ERROR = "Texten får inte innehålla ett ensamt surrogattecken (\\ud800–\\udfff)."
UNSTORABLE = [  # (character, the field's error)
    ("\ud800", SURROGATE_ERROR),
    ("\udfff", SURROGATE_ERROR),
    ("\x00", "Texten får inte innehålla NUL-tecken."),
]


def _odd_values(field: ma.fields.Field, odd: str):
    """A value for the field with the odd character in its text, or None for a field whose
    type holds no free text (numbers, dates, ids)."""
    text = f"Väsby{odd}"
    if isinstance(field, ma.fields.String):
        return text
    if isinstance(field, ma.fields.List):
        inner = _odd_values(field.inner, odd)
        return None if inner is None else [inner]
    if isinstance(field, ma.fields.Dict | ma.fields.Raw):  # GeoJSON: text deep inside
        return {"type": "Feature", "properties": {"name": text}}
    return None


TEXT_ROUTES = [
    (method, path, schema)
    for method, path, schema in WRITE_ROUTES
    if schema is not None and any(_odd_values(f, "") for f in schema().fields.values())
]


@pytest.mark.parametrize(
    ("method", "path", "schema"), TEXT_ROUTES, ids=[f"{m} {p}" for m, p, _ in TEXT_ROUTES]
)
def test_a_lone_surrogate_or_nul_in_any_text_field_is_that_fields_error(
    api, make_user, method, path, schema
):
    admin = api(make_user("admin"))
    for name, field in schema().fields.items():
        for odd, message in UNSTORABLE:
            value = _odd_values(field, odd)
            if value is None:
                continue
            response = getattr(admin, method.lower())(path, json={name: value})
            assert response.status_code == 422, (name, repr(odd), response.data[:300])
            assert response.json["code"] == "validation_failed"
            assert response.json["errors"][name] == [message], (name, repr(odd))


def test_odd_text_where_people_write_is_refused_and_nothing_is_stored(
    api, client, make_user, make_finding
):
    reporter, coordinator = make_user("reporter"), make_user("coordinator")
    finding = make_finding(reporter, note="Lampan är trasig")
    path = f"/api/v1/findings/{finding['id']}"
    odd = "Lampan\ud800"

    def refused(response, field):
        assert response.status_code == 422, response.data[:300]
        assert response.json["errors"] == {field: [SURROGATE_ERROR]}

    new = f"/api/v1/findings/{uuid.uuid4()}"
    refused(api(reporter).put(new, json=finding_body(note=odd)), "note")
    assert api(reporter).get(new).status_code == 404
    refused(api(reporter).patch(path, json={"note": odd}), "note")
    assert api(reporter).get(path).json["note"] == "Lampan är trasig"

    refused(api(coordinator).post(f"{path}/comments", json={"body": odd}), "body")
    assert api(coordinator).get(f"{path}/comments").json == []

    walk = {"type": "trygghetsvandring", "planned_start": "2026-12-03T18:00:00+01:00"}
    refused(api(coordinator).post("/api/v1/walks", json={**walk, "title": odd}), "title")
    assert api(coordinator).get("/api/v1/walks").json == []

    credentials = {"email": reporter.email, "password": PASSWORD}
    odd_email = {**credentials, "email": f"{reporter.email}\ud800"}
    refused(client.post("/api/v1/auth/login", json=odd_email), "email")
    assert client.post("/api/v1/auth/login", json=credentials).status_code == 200


def test_after_a_failed_write_the_answer_is_still_the_json_500(api, make_user, monkeypatch):
    """A write the database refuses leaves the session unusable until rolled back; the error
    handler, which reads the user's language, must not trip over it."""

    def refused_by_the_database(actor, data):
        db.session.add(
            Walk(type="trygghetsvandring", title=None, planned_start=data["planned_start"])
        )
        db.session.flush()

    monkeypatch.setattr(walks_service, "create_walk", refused_by_the_database)
    coordinator = make_user("coordinator", locale="en")
    response = api(coordinator).post(
        "/api/v1/walks",
        json={
            "type": "trygghetsvandring",
            "title": "Kväll",
            "planned_start": "2026-12-03T18:00:00Z",
        },
    )
    assert response.status_code == 500
    assert response.json == {
        "code": "internal_error",
        "message": "Something went wrong on the server. Try again later.",
    }
    assert api(coordinator).get("/api/v1/walks").json == []


def test_an_error_handler_that_fails_itself_still_answers_json(client, monkeypatch):
    def database_gone():
        raise OperationalError("SELECT users.locale", {}, Exception("server closed"))

    monkeypatch.setattr(i18n, "current_locale", database_gone)
    response = client.get("/api/v1/finns-inte")
    assert response.status_code == 500
    assert response.json == {
        "code": "internal_error",
        "message": "Något gick fel på servern. Försök igen senare.",
    }
