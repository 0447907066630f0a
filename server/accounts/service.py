"""Accounts: creating users, checking passwords, issuing and revoking credentials.

Functions take plain arguments and never look at the request, so that the CLI, the API and the
tests share them.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from server import events
from server.accounts import limits
from server.accounts.models import (
    ApiToken,
    Organisation,
    OrganisationKind,
    Role,
    TokenKind,
    User,
)
from server.database import utcnow
from server.errors import Unauthorized, ValidationFailed
from server.extensions import db

TOKEN_PREFIX = "lyk_"  # noqa: S105 - a marker that makes leaked tokens easy to scan for


def _hasher() -> PasswordHasher:
    hasher = current_app.extensions.get("lykta.hasher")
    if hasher is None:
        # Tests may ask for a cheap hash; everything else gets argon2-cffi's recommended costs.
        cheap = current_app.config.get("LYKTA_CHEAP_PASSWORD_HASH", False)
        hasher = (
            PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
            if cheap
            else (PasswordHasher())
        )
        current_app.extensions["lykta.hasher"] = hasher
    return hasher


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_or_create_organisation(name: str, kind: str | None = None) -> Organisation:
    organisation = db.session.scalar(select(Organisation).filter_by(name=name.strip()))
    if organisation is None:
        organisation = Organisation(name=name.strip(), kind=kind or OrganisationKind.OVRIG)
        db.session.add(organisation)
        db.session.flush()
    return organisation


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    organisation: Organisation,
    password: str | None,
    locale: str = "sv",
) -> User:
    email = normalise_email(email)
    problems = {}
    if role not in set(Role):
        problems["role"] = ["Unknown role."]
    if "@" not in email:
        problems["email"] = ["Not a valid email address."]
    elif db.session.scalar(select(User.id).filter_by(email=email)) is not None:
        problems["email"] = ["There is already a user with this email address."]
    if password is not None and len(password) < 10:
        problems["password"] = ["The password must be at least 10 characters long."]
    if problems:
        raise ValidationFailed(errors=problems)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        organisation=organisation,
        locale=locale,
        password_hash=_hasher().hash(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    events.user_created.send(user)
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = _hasher().hash(password)


def check_password(
    email: str, password: str, client_address: str | None, device_cookie: str | None = None
) -> User:
    """The user with these credentials, or Unauthorized; TooManyRequests while a limit holds
    (server/accounts/limits.py). Every way of failing costs one verification with the same
    hasher, so the time taken does not reveal which emails have accounts."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).filter_by(email=email))
    device = limits.trusted_device(device_cookie, user.id if user else None)
    attempt = limits.Attempt(email, limits.client_key(client_address), device)
    limits.refuse_when_limited(attempt)
    # Read before record_attempt() commits, which would expire them and open a new
    # transaction (on SQLite, one that holds the write lock) during the hash.
    user_id, password_hash = (user.id, user.password_hash) if user else (None, None)
    active = bool(user and user.active)
    failure_ids = limits.record_attempt(attempt)
    if not (_verify(password_hash, password) and active):
        raise Unauthorized("Wrong email address or password, or the account is disabled.")
    user = db.session.get(User, user_id)
    if _hasher().check_needs_rehash(password_hash):
        set_password(user, password)
    limits.forget_attempt(attempt, failure_ids)
    return user


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        # No hash (an unknown email, an account without a password) still costs a verification.
        return _hasher().verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    dummy = current_app.extensions.get("lykta.dummy_hash")
    if dummy is None:
        dummy = current_app.extensions["lykta.dummy_hash"] = _hasher().hash(secrets.token_hex())
    return dummy


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    user: User, kind: str = TokenKind.API, label: str | None = None, days: int | None = None
) -> tuple[ApiToken, str]:
    """A new credential and its secret. The secret is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        kind=kind,
        token_hash=hash_token(secret),
        label=label,
        csrf_token=secrets.token_urlsafe(32) if kind == TokenKind.SESSION else None,
        expires_at=utcnow() + timedelta(days=days) if days else None,
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def find_token(secret: str, kind: str, now: datetime) -> ApiToken | None:
    """The live credential for this secret: not revoked, not expired, its user active."""
    query = select(ApiToken).filter_by(token_hash=hash_token(secret), kind=kind)
    token = db.session.scalar(query.options(joinedload(ApiToken.user)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    return token


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def revoke_session(secret: str) -> None:
    token = find_token(secret, TokenKind.SESSION, utcnow())
    if token is not None:
        revoke_token(token)


def revoke_all_tokens(user: User) -> int:
    tokens = db.session.scalars(select(ApiToken).filter_by(user_id=user.id, revoked_at=None)).all()
    for token in tokens:
        revoke_token(token)
    return len(tokens)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=normalise_email(email)))
