"""Limits on failed sign-ins: a guesser gets nowhere, and nobody can lock others out.

Clients arrive through one reverse proxy (LYKTA_TRUSTED_PROXIES=1), which appends the address
it saw to X-Forwarded-For, as the README's nginx does.
"""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.accounts.models import LoginFailure
from server.extensions import db
from tests.factories import PASSWORD

A = "203.0.113.7"
B = "198.51.100.4"
LOGIN = "/api/v1/auth/login"


@pytest.fixture
def proxied_app(make_app):
    return make_app(LYKTA_TRUSTED_PROXIES=1)


def sign_in(client, email, password, address, sent_by_client=None):
    """A sign-in through the proxy; sent_by_client is an X-Forwarded-For the client wrote."""
    forwarded = f"{sent_by_client}, {address}" if sent_by_client else address
    return client.post(
        LOGIN,
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": forwarded},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )


def random_email():
    return f"gissning-{uuid.uuid4().hex[:10]}@example.se"


def stored_failures(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LoginFailure))


def assert_refused(response):
    assert response.status_code == 429
    assert response.json["code"] == "too_many_requests"
    assert response.json["message"] == "För många försök. Vänta en stund och försök igen."
    assert int(response.headers["Retry-After"]) > 0


def test_one_address_guessing_cannot_stop_others_signing_in(proxied_app, make_user):
    victim, other, third = make_user(), make_user(), make_user()
    most = proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]
    attacker = proxied_app.test_client()
    on_victim = [sign_in(attacker, victim.email, "fel", A).status_code for _ in range(60)]
    on_anyone = [sign_in(attacker, random_email(), "fel", A).status_code for _ in range(60)]
    # The victim's account from A: M guesses. Going on counts against A, which is refused for
    # every account once it has 5 M failures and refusals.
    assert on_victim == [401] * most + [429] * (60 - most)
    assert on_anyone == [429] * 60

    elsewhere = proxied_app.test_client()
    assert sign_in(elsewhere, other.email, PASSWORD, B).status_code == 200
    assert sign_in(proxied_app.test_client(), victim.email, PASSWORD, B).status_code == 200
    # A itself gets nowhere, even with a right password.
    assert_refused(sign_in(attacker, third.email, PASSWORD, A))
    assert_refused(sign_in(attacker, victim.email, PASSWORD, A))


def test_the_proxys_entry_counts_not_what_the_client_wrote(proxied_app, make_user):
    user = make_user()
    attacker = proxied_app.test_client()
    for index in range(5 * proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        sign_in(attacker, random_email(), "fel", A, sent_by_client=f"10.9.{index}.1")
    assert_refused(sign_in(attacker, user.email, PASSWORD, A, sent_by_client=B))


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(app, make_user):
    user = make_user()
    attacker = app.test_client()
    for index in range(5 * app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        # A new address in the header each time: it must not give new guesses.
        response = sign_in(attacker, random_email(), "fel", f"10.0.{index}.1")
        assert response.status_code == 401
    assert_refused(sign_in(app.test_client(), user.email, PASSWORD, B))


def test_a_limited_address_answers_a_right_password_like_a_wrong_one(proxied_app, make_user):
    user = make_user()
    attacker = proxied_app.test_client()
    for _ in range(proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        sign_in(attacker, user.email, "fel", A)
    wrong = sign_in(attacker, user.email, "fel", A)
    right = sign_in(attacker, user.email, PASSWORD, A)
    assert (right.status_code, right.json) == (wrong.status_code, wrong.json)
    assert_refused(right)
    assert right.headers.get_all("Set-Cookie") == wrong.headers.get_all("Set-Cookie") == []
    assert_refused(sign_in(attacker, user.email, PASSWORD, A))  # the right one cleared nothing


def test_a_flood_of_refused_attempts_does_not_grow_the_table(proxied_app, make_user):
    user = make_user()
    attacker = proxied_app.test_client()
    for _ in range(5 * proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        sign_in(attacker, random_email(), "fel", A)
    stored = stored_failures(proxied_app)
    for _ in range(200):
        assert sign_in(attacker, user.email, PASSWORD, A).status_code == 429
    assert stored_failures(proxied_app) == stored


def test_guesses_from_many_addresses_stop_new_devices_but_not_the_users_own(proxied_app, make_user):
    victim, other = make_user(), make_user()
    phone = proxied_app.test_client()
    assert sign_in(phone, victim.email, PASSWORD, "192.0.2.10").status_code == 200
    stranger = proxied_app.test_client()  # signed in to another account on this browser
    assert sign_in(stranger, other.email, PASSWORD, "192.0.2.20").status_code == 200

    most = proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]
    botnet = proxied_app.test_client()
    statuses = [
        sign_in(botnet, victim.email, "fel", f"10.1.{index}.1").status_code
        for index in range(2 * most + 5)
    ]
    assert statuses == [401] * (2 * most) + [429] * 5

    assert_refused(sign_in(proxied_app.test_client(), victim.email, PASSWORD, "192.0.2.30"))
    assert_refused(sign_in(stranger, victim.email, PASSWORD, "192.0.2.20"))
    # The victim's phone, wherever it is, still gets in: it has the account's device cookie.
    assert sign_in(phone, victim.email, PASSWORD, "10.1.3.1").status_code == 200


def test_a_forged_or_foreign_device_cookie_is_not_trusted(proxied_app, make_user):
    victim, other = make_user(), make_user()
    phone = proxied_app.test_client()
    sign_in(phone, victim.email, PASSWORD, "192.0.2.10")
    genuine = phone.get_cookie("lykta_device", path="/api/v1/auth").value
    for index in range(2 * proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        sign_in(proxied_app.test_client(), victim.email, "fel", f"10.1.{index}.1")

    forged = proxied_app.test_client()
    forged.set_cookie("lykta_device", genuine[:-2] + "xx", path="/api/v1/auth")
    assert_refused(sign_in(forged, victim.email, PASSWORD, "192.0.2.40"))
    foreign = proxied_app.test_client()
    sign_in(foreign, other.email, PASSWORD, "192.0.2.40")
    assert_refused(sign_in(foreign, victim.email, PASSWORD, "192.0.2.40"))
    copied = proxied_app.test_client()
    copied.set_cookie("lykta_device", genuine, path="/api/v1/auth")
    assert sign_in(copied, victim.email, PASSWORD, "192.0.2.40").status_code == 200


def test_a_device_has_a_limit_of_its_own(proxied_app, make_user):
    user = make_user()
    phone = proxied_app.test_client()
    sign_in(phone, user.email, PASSWORD, "192.0.2.10")
    most = proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]
    statuses = [
        sign_in(phone, user.email, "fel", f"10.2.{index}.1").status_code
        for index in range(most + 1)
    ]
    assert statuses == [401] * most + [429]
    assert_refused(sign_in(phone, user.email, PASSWORD, "10.2.99.1"))


def test_the_device_cookie_is_httponly_strict_and_sent_to_sign_in_only(make_app, make_user):
    user = make_user()
    client = make_app(LYKTA_SECURE_COOKIES=True).test_client()
    response = client.post(LOGIN, json={"email": user.email, "password": PASSWORD})
    cookie = next(
        header
        for header in response.headers.get_all("Set-Cookie")
        if header.startswith("lykta_device=")
    )
    for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age="):
        assert flag in cookie
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert any(h.startswith("lykta_device=") for h in token.headers.get_all("Set-Cookie"))


def test_the_limits_do_not_reveal_which_emails_have_accounts(proxied_app, make_user):
    known = make_user().email
    unknown = random_email()
    most = proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]

    def answers(email, first_octet):
        client = proxied_app.test_client()
        one_address = [sign_in(client, email, "fel", f"{first_octet}.0.0.1") for _ in range(12)]
        many = [sign_in(client, email, "fel", f"{first_octet}.1.{i}.1") for i in range(2 * most)]
        return [(response.status_code, response.json) for response in one_address + many]

    assert answers(known, 10) == answers(unknown, 11)


def test_ipv6_clients_are_counted_per_64_block(proxied_app, make_user):
    user = make_user()
    attacker = proxied_app.test_client()
    for index in range(5 * proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        sign_in(attacker, random_email(), "fel", f"2001:db8:1:2::{index + 1:x}")
    assert_refused(sign_in(attacker, user.email, PASSWORD, "2001:db8:1:2:ffff::1"))
    next_block = sign_in(proxied_app.test_client(), user.email, PASSWORD, "2001:db8:1:3::1")
    assert next_block.status_code == 200


def test_a_success_forgives_mistakes_but_not_the_guesses_of_others(proxied_app, make_user):
    user = make_user()
    most = proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]
    office = proxied_app.test_client()  # someone else at the same address
    for _ in range(most - 1):
        sign_in(office, random_email(), "fel", A)
    for _ in range(2):  # on two new browsers: no device cookie
        browser = proxied_app.test_client()
        mistakes = [sign_in(browser, user.email, "fel", A).status_code for _ in range(most - 1)]
        assert mistakes == [401] * (most - 1)
        assert sign_in(browser, user.email, PASSWORD, A).status_code == 200
    # The address still carries every failure: the success gave nobody a fresh allowance.
    left = 5 * most - 3 * (most - 1)
    statuses = [sign_in(office, random_email(), "fel", A).status_code for _ in range(left + 1)]
    assert statuses == [401] * left + [429]


def test_failures_leave_the_window_and_the_table(proxied_app, make_user):
    user = make_user()
    window = proxied_app.config["LYKTA_LOGIN_WINDOW_SECONDS"]
    attacker = proxied_app.test_client()
    for _ in range(5 * proxied_app.config["LYKTA_LOGIN_MAX_FAILURES"]):
        sign_in(attacker, random_email(), "fel", A)
    refused = sign_in(attacker, user.email, PASSWORD, A)
    assert window - 120 < int(refused.headers["Retry-After"]) <= window

    age(proxied_app, timedelta(seconds=window - 60))  # the first failures leave in a minute
    assert 0 < int(sign_in(attacker, user.email, PASSWORD, A).headers["Retry-After"]) <= 60

    age(proxied_app, timedelta(seconds=61))
    assert sign_in(attacker, random_email(), "fel", A).status_code == 401
    # The old ones went with this new failure: left are its three and the last refusal.
    assert stored_failures(proxied_app) == 4
    assert sign_in(attacker, user.email, PASSWORD, A).status_code == 200


def age(app, by: timedelta) -> None:
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.failed_at -= by
        db.session.commit()
