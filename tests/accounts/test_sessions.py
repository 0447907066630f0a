"""The PWA's cookie session: flags, rotation, logout and CSRF."""

from tests.accounts.test_auth import disable, login


def session_cookie(response):
    headers = response.headers.getlist("Set-Cookie")
    return next(header for header in headers if header.startswith("lykta_session="))


def test_login_sets_an_httponly_samesite_cookie_and_returns_the_user(client, make_user):
    user = make_user("owner")
    response = login(client, user)
    assert response.status_code == 200
    assert response.json["user"]["role"] == "owner"
    assert response.json["user"]["organisation"]["name"] == user.organisation
    assert response.json["csrf_token"]
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Max-Age=" in cookie
    assert client.get("/api/v1/auth/me").json["user"]["email"] == user.email


def test_cookie_is_secure_outside_debug(make_app, make_user):
    user = make_user("reporter")
    secure_app = make_app(LYKTA_SECURE_COOKIES=True)
    cookie = session_cookie(login(secure_app.test_client(), user))
    assert "Secure" in cookie


def test_a_new_login_rotates_the_session(app, make_user):
    user = make_user("reporter")
    first = app.test_client()
    login(first, user)
    old_cookie = first.get_cookie("lykta_session").value
    login(first, user)
    assert first.get_cookie("lykta_session").value != old_cookie
    planted = app.test_client()
    planted.set_cookie("lykta_session", old_cookie)
    assert planted.get("/api/v1/auth/me").status_code == 401


def test_logout_ends_the_session(client, make_user):
    user = make_user("reporter")
    csrf = login(client, user).json["csrf_token"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get_cookie("lykta_session") is None
    assert client.get("/api/v1/auth/me").status_code == 401


def test_cookie_writes_need_the_csrf_token(client, make_user):
    user = make_user("reporter")
    csrf = login(client, user).json["csrf_token"]
    missing = client.patch("/api/v1/auth/me", json={"locale": "en"})
    assert missing.status_code == 403
    assert missing.json["code"] == "csrf_failed"
    wrong = client.patch("/api/v1/auth/me", json={"locale": "en"}, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    right = client.patch("/api/v1/auth/me", json={"locale": "en"}, headers={"X-CSRF-Token": csrf})
    assert right.status_code == 200
    assert right.json["user"]["locale"] == "en"


def test_bearer_writes_need_no_csrf_token(api, make_user):
    user = make_user("reporter")
    response = api(user).patch("/api/v1/auth/me", json={"locale": "en"})
    assert response.status_code == 200


def test_disabled_user_session_stops_at_once(app, client, make_user):
    user = make_user("reporter")
    login(client, user)
    disable(app, user.id)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_messages_follow_the_users_language(client, make_user):
    user = make_user("reporter", locale="en")
    csrf = login(client, user).json["csrf_token"]
    response = client.patch(
        "/api/v1/auth/me", json={"locale": "fr"}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 422
    assert response.json["message"] == "Some fields are not valid."
    assert response.json["errors"] == {"locale": ["Must be one of: sv, en."]}
