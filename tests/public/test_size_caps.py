"""Size caps on what anyone may send: a public JSON body over 64 KB is refused with 413 before
it is read or parsed; every body, public or not, stays under MAX_CONTENT_LENGTH."""

import json

import pytest
from flask import request

from server.accounts.policy import public
from server.public.caps import MAX_JSON_BYTES

READ = []


@public
def _echo():
    body = request.get_data()
    READ.append(len(body))
    return {"bytes": len(body)}, 200


@pytest.fixture
def echo_app(make_app):
    """make(**config) → an app with a route under /api/v1/public/ and one outside it."""

    def make(**config):
        app = make_app(**config)
        app.add_url_rule("/api/v1/public/test-echo", "public_echo", _echo, methods=["POST"])
        app.add_url_rule("/test/staff-echo", "staff_echo", _echo, methods=["POST"])
        return app

    READ.clear()
    return make


def json_of_size(size: int) -> bytes:
    filler = "x" * (size - len(json.dumps({"note": ""})))
    body = json.dumps({"note": filler}).encode()
    assert len(body) == size
    return body


def post(app, path, body, content_type="application/json"):
    return app.test_client().post(path, data=body, content_type=content_type)


def test_a_public_json_body_over_64_kb_is_refused_unread(echo_app):
    app = echo_app()
    accepted = post(app, "/api/v1/public/test-echo", json_of_size(MAX_JSON_BYTES))
    assert accepted.status_code == 200
    refused = post(app, "/api/v1/public/test-echo", json_of_size(MAX_JSON_BYTES + 1))
    assert refused.status_code == 413
    assert refused.json["code"] == "payload_too_large"
    assert READ == [MAX_JSON_BYTES]


def test_a_deep_public_body_over_the_cap_is_refused_for_its_size_first(echo_app):
    app = echo_app()
    deep = b"[" * (MAX_JSON_BYTES + 10)
    assert post(app, "/api/v1/public/test-echo", deep).status_code == 413
    assert post(app, "/test/staff-echo", deep).status_code == 400


def test_the_cap_is_for_public_json_only(echo_app):
    app = echo_app()
    big = json_of_size(200 * 1024)
    assert post(app, "/test/staff-echo", big).status_code == 200
    # Raw bytes (a photo) on a public route are held to MAX_CONTENT_LENGTH, as for staff.
    photo = post(app, "/api/v1/public/test-echo", b"\xff" * 200 * 1024, "image/jpeg")
    assert photo.status_code == 200


def test_max_content_length_applies_to_the_public_routes(echo_app):
    app = echo_app(MAX_CONTENT_LENGTH=100_000)
    response = post(app, "/api/v1/public/test-echo", b"\xff" * 100_001, "image/jpeg")
    assert response.status_code == 413
    assert response.json["code"] == "payload_too_large"
    assert READ == []
