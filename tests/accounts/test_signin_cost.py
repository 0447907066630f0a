"""A sign-in costs the same whether or not the email has an account, counted in argon2
verifications rather than timed (bench/signin.py measures the time)."""

import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import select

from server.accounts import service as accounts
from server.accounts.models import User
from server.extensions import db
from tests.factories import PASSWORD


class SpyHasher(PasswordHasher):
    """The app's hasher, noting the hash each verification was made against."""

    verified: list[str]

    def verify(self, hash, password):
        self.verified.append(hash)
        return super().verify(hash, password)


@pytest.fixture
def spy(app, make_user):
    """A user with a password, to compare costs with, and the spy in the app's place."""
    user = make_user()
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).filter_by(id=user.id))
        hasher = SpyHasher.from_parameters(extract_parameters(stored))
        hasher.verified = []
        app.extensions["lykta.hasher"] = hasher
        app.extensions.pop("lykta.dummy_hash", None)
    return hasher, user, extract_parameters(stored)


WRONG = "fel-lösenord"


def sign_in(client, email, password=WRONG):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_every_way_to_fail_costs_one_verification_like_a_known_account(app, client, spy, make_user):
    hasher, known, parameters = spy
    without_password = make_user_without_password(app)
    disabled = make_user(active=False).email
    attempts = {
        "known email, wrong password": known.email,
        "unknown email": "ingen-alls@example.se",
        "disabled account, right password": disabled,
        "account without a password": without_password,
    }
    for name, email in attempts.items():
        hasher.verified.clear()
        password = PASSWORD if name.startswith("disabled") else WRONG
        assert sign_in(client, email, password).status_code == 401, name
        assert len(hasher.verified) == 1, name
        assert extract_parameters(hasher.verified[0]) == parameters, name


def test_a_refused_attempt_costs_no_verification_known_or_not(app, client, spy):
    hasher, known, _ = spy
    for email in (known.email, "ingen-alls@example.se"):
        for _ in range(app.config["LYKTA_LOGIN_MAX_FAILURES"]):
            sign_in(client, email)
        hasher.verified.clear()
        assert sign_in(client, email, PASSWORD).status_code == 429
        assert hasher.verified == []


def make_user_without_password(app) -> str:
    """An account made for a walk invitation, before anyone set its password."""
    with app.app_context():
        organisation = accounts.get_or_create_organisation("Inbjudna")
        accounts.create_user(
            email="inbjuden@example.se",
            name="Inbjuden",
            role="reporter",
            organisation=organisation,
            password=None,
        )
        db.session.commit()
    return "inbjuden@example.se"
