"""Limits on what one client may send without an account: LYKTA_PUBLIC_TIPS_PER_HOUR tips and
LYKTA_PUBLIC_RATINGS_PER_HOUR ratings per client address (an IPv6 address by its /64, as for
sign-ins; behind a proxy the address LYKTA_TRUSTED_PROXIES says), in a sliding hour.

Each client has its own allowance, so a flood from one address is refused at its own limit and
never keeps anyone else out. The address is not stored: the key is a keyed digest of it and of
the kind (with SECRET_KEY), kept only for the hour the limit looks at, never beside a tip or a
rating. A refusal is not counted, so a client that stops is let in again an hour after its
first accepted submission of the window; each key keeps at most as many rows as its limit (one
client's parallel requests are counted one at a time), and rows older than the hour go at every
new submission, so a flood cannot fill the table.
"""

import hashlib
import hmac
import math
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select

from server.accounts.limits import client_key
from server.database import utcnow
from server.errors import TooManyRequests
from server.extensions import db
from server.public.models import PublicSubmission

WINDOW = timedelta(hours=1)
SETTINGS = {"tip": "LYKTA_PUBLIC_TIPS_PER_HOUR", "rating": "LYKTA_PUBLIC_RATINGS_PER_HOUR"}
# A hidden form field that people never see nor fill in, and simple bots fill in.
HONEYPOT = "website"
LOCK_CLASS = 0x50554C  # "PUL": the advisory locks of the public limits (two-int form)


def count_submission(kind: str, address: str | None = None) -> None:
    """Count one new `kind` ("tip" or "rating") from this request's client, or refuse it with a
    429 and Retry-After when its hour's allowance is used. Call it only for new submissions (a
    replay of a stored tip is not counted), in the transaction that stores the submission."""
    limit = current_app.config[SETTINGS[kind]]
    key = _key(kind, request.remote_addr if address is None else address)
    _one_at_a_time(key)
    now = utcnow()
    db.session.execute(delete(PublicSubmission).where(PublicSubmission.sent_at < now - WINDOW))
    recent = db.session.scalars(
        select(PublicSubmission.sent_at)
        .where(PublicSubmission.key == key)
        .order_by(PublicSubmission.sent_at.desc())
        .limit(limit)
    ).all()
    if len(recent) >= limit:
        # Once the oldest of these leaves the window, there is room for one more.
        wait = (recent[-1] + WINDOW - now).total_seconds() if recent else WINDOW.total_seconds()
        raise TooManyRequests(
            "Too many submissions from this address. Wait a while and try again.",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    db.session.add(PublicSubmission(key=key, sent_at=now))


def _one_at_a_time(key: str) -> None:
    """One client's submissions of a kind are counted one at a time, so that parallel requests
    cannot all find room for one more: on PostgreSQL under a transaction-level advisory lock on
    the key, held until the submission is stored; SQLite's one write lock does it already."""
    if db.session.get_bind().dialect.name == "postgresql":
        digest = int(key.partition(":")[2][:7], 16)  # 28 bits: an int4
        db.session.execute(select(func.pg_advisory_xact_lock(LOCK_CLASS, digest)))


def is_bot(data: dict) -> bool:
    """The honeypot field was filled in: answer as if accepted, store nothing."""
    return bool(str(data.get(HONEYPOT) or "").strip())


def _key(kind: str, address: str | None) -> str:
    secret = current_app.secret_key.encode() if current_app.secret_key else b""
    # The kind is in the digest too, so that rows do not tell that one client sent both.
    message = f"{kind}:{client_key(address)}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]
    return f"{kind}:{digest}"
