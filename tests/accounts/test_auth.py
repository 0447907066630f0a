"""Signing in with tokens and sessions, and what stops them working."""

from sqlalchemy import select

from server.accounts.models import ApiToken
from server.extensions import db
from tests.factories import PASSWORD


def test_password_gives_a_token_that_works_and_is_stored_hashed(app, client, make_user):
    user = make_user("reporter")
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    token = response.json["token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json["user"]["email"] == user.email
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored


def test_email_is_matched_without_regard_to_case(client, make_user):
    user = make_user("reporter")
    response = client.post(
        "/api/v1/auth/token", json={"email": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 201


def test_wrong_password_is_refused_in_swedish(client, make_user):
    user = make_user("reporter")
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": "fel"})
    assert response.status_code == 401
    assert response.json == {
        "code": "unauthorized",
        "message": "Fel e-postadress eller lösenord, eller så är kontot avstängt.",
    }


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = client.post(
        "/api/v1/auth/token", json={"email": "ingen@example.se", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert response.json["code"] == "unauthorized"


def test_disabled_user_cannot_sign_in_and_existing_token_stops_at_once(app, api, client, make_user):
    user = make_user("reporter")
    assert api(user).get("/api/v1/auth/me").status_code == 200
    disable(app, user.id)
    assert api(user).get("/api/v1/auth/me").status_code == 401
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_revoked_token_stops_at_once(api, make_user):
    user = make_user("reporter")
    assert api(user).delete("/api/v1/auth/token").status_code == 204
    response = api(user).get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json["code"] == "unauthorized"


def test_malformed_authorization_header_is_a_401(client):
    response = client.get("/api/v1/auth/me", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401


def test_failed_sign_ins_are_limited_per_email(app, client, make_user):
    user = make_user("reporter")
    other = make_user("reporter")
    limit = app.config["LYKTA_LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        client.post("/api/v1/auth/login", json={"email": user.email, "password": "fel"})
    # Even the right password is refused for a while: that is what stops guessing.
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["code"] == "too_many_requests"
    response = client.post("/api/v1/auth/login", json={"email": other.email, "password": PASSWORD})
    assert response.status_code == 200


def test_a_success_clears_earlier_failures(app, client, make_user):
    user = make_user("reporter")
    limit = app.config["LYKTA_LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        client.post("/api/v1/auth/login", json={"email": user.email, "password": "fel"})
    assert login(client, user).status_code == 200
    for _ in range(limit - 1):
        client.post("/api/v1/auth/login", json={"email": user.email, "password": "fel"})
    assert login(client, user).status_code == 200


def login(client, user):
    return client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})


def disable(app, user_id):
    from server.accounts.models import User

    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
