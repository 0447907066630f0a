"""Limits on failed sign-ins, after OWASP's advice on credential stuffing and account lockout.

With M = LYKTA_LOGIN_MAX_FAILURES failures per LYKTA_LOGIN_WINDOW_SECONDS (a sliding window),
a failed sign-in counts under each of these keys:

- the account and the client address together, M: someone who mistypes, or one client
  guessing one account;
- the client address, 5 M: one client trying many accounts (credential stuffing);
- the account, 2 M: many addresses guessing one account. One address alone stays under it, as
  the first limit stops it at M;
- the device cookie, M: a browser where this account signed in before.

A client that presents a valid device cookie for the account is held to its device's limit
only, so that nobody elsewhere, or behind the same address, can lock the real user out of their
own phone; every other client is held to the first three. "Account" means the email as typed
(normalised), whether or not an account has it, so the limits reveal nothing about who exists.

A refused attempt is answered before the password is looked at, the same 429 whether it was
right or wrong, and costs no hashing. It counts against the client's own address (and device
cookie), so hammering on only makes that client wait longer, never anyone else. Failures are
kept in the database, so that every worker and instance counts the same attempts, and only as
many per key as its limit looks at, so that a flood cannot fill the table.
"""

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, or_, select

from server.accounts.models import LoginFailure
from server.database import utcnow
from server.errors import TooManyRequests
from server.extensions import db

DEVICE_COOKIE = "lykta_device"
DEVICE_DAYS = 365  # renewed at every sign-in, so only a device unused for a year is forgotten
# Each limit as a multiple of LYKTA_LOGIN_MAX_FAILURES, by the kind of key.
FACTORS = {
    "pair": 1,
    "address": 5,  # an office or a walk's meeting point shares one address
    "account": 2,  # more than one address can reach on its own, see above
    "device": 1,
}


@dataclass(frozen=True)
class Attempt:
    email: str  # normalised; an account need not exist
    address: str  # from client_key()
    device: str | None  # the id in a valid device cookie for this account

    def failure_keys(self) -> list[str]:
        """The keys a failed password counts under."""
        account = _digest(self.email)
        keys = [f"pair:{account}:{self.address}", f"address:{self.address}", f"account:{account}"]
        return keys + self.device_keys()

    def refusal_keys(self) -> list[str]:
        """The keys a refused attempt counts under: the client's own, so that hammering on
        makes the client wait longer, but never anyone else."""
        return [f"address:{self.address}", *self.device_keys()]

    def device_keys(self) -> list[str]:
        return [f"device:{self.device}"] if self.device else []

    def limited_by(self) -> list[str]:
        pair, address, account, *device = self.failure_keys()
        return device or [pair, address, account]


def client_key(address: str | None) -> str:
    """What the address limit counts: the address, or for IPv6 its /64, which one household or
    one server usually has whole (one client could otherwise take a new address per guess)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def refuse_when_limited(attempt: Attempt) -> None:
    """429 with Retry-After when one of the attempt's limits is reached. The refusal is counted
    (and committed) before the answer, which is the same whatever the password was."""
    window = _window()
    now = utcnow()
    waits = []
    for key in attempt.limited_by():
        newest = db.session.scalars(
            select(LoginFailure.failed_at)
            .where(LoginFailure.key == key, LoginFailure.failed_at >= now - window)
            .order_by(LoginFailure.failed_at.desc())
            .limit(_limit(key))
        ).all()
        if len(newest) >= _limit(key):
            # Once the oldest of these leaves the window, there is room for one more.
            oldest = newest[-1] if newest else now
            waits.append((oldest + window - now).total_seconds())
    if waits:
        _count(attempt.refusal_keys())
        db.session.commit()
        raise TooManyRequests(headers={"Retry-After": str(max(1, math.ceil(max(waits))))})


def record_attempt(attempt: Attempt) -> list[int]:
    """Count the attempt as failed before its password is checked, and commit: parallel guesses
    see each other, and SQLite's write lock is not held during the slow hash. The ids, for
    forget_attempt() when it succeeds."""
    ids = _count(attempt.failure_keys())
    db.session.commit()
    return ids


def forget_attempt(attempt: Attempt, ids: list[int]) -> None:
    """A success was no failure, and forgives this account's earlier failures from the same
    address or device (someone who mistyped). Those counted per address and per account stay:
    a success must not give a guesser beside the user a fresh allowance."""
    pair = attempt.failure_keys()[0]
    forgiven = [pair, *attempt.device_keys()]
    db.session.execute(
        delete(LoginFailure).where(or_(LoginFailure.id.in_(ids), LoginFailure.key.in_(forgiven)))
    )


def _count(keys: list[str]) -> list[int]:
    """A failure under each key. The table stays small: failures older than the window go, and
    each key keeps only as many as its limit looks at, however long a client hammers on."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at < utcnow() - _window()))
    rows = [LoginFailure(key=key) for key in keys]
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    for key in keys:
        newest = (
            select(LoginFailure.id)
            .where(LoginFailure.key == key)
            .order_by(LoginFailure.failed_at.desc(), LoginFailure.id.desc())
            .limit(_limit(key))
        )
        db.session.execute(
            delete(LoginFailure).where(LoginFailure.key == key, LoginFailure.id.not_in(newest))
        )
    return ids


def new_device_cookie(user_id: int) -> str:
    """A signed cookie that marks this browser as one where this account signed in."""
    return _serializer().dumps({"user": user_id, "device": secrets.token_urlsafe(16)})


def trusted_device(cookie: str | None, user_id: int | None) -> str | None:
    """The device id in the cookie when it is valid and was given to this account."""
    if not cookie or user_id is None:
        return None
    try:
        data = _serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
    except BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("user") != user_id:
        return None
    device = data.get("device")
    return device if isinstance(device, str) and device else None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lykta.device-cookie")


def _limit(key: str) -> int:
    kind = key.partition(":")[0]
    return FACTORS[kind] * current_app.config["LYKTA_LOGIN_MAX_FAILURES"]


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["LYKTA_LOGIN_WINDOW_SECONDS"])


def _digest(email: str) -> str:
    """Keys carry a digest of the email, not what someone typed (sometimes their password)."""
    return hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:32]
