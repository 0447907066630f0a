"""Signed links for owners without an account: one finding, one organisation, a limited time.

A link is /owner/<finding id>/<token>. The token is signed with SECRET_KEY (itsdangerous,
HMAC-SHA256, a salt of its own so that no other signed value of the app can pass for one) and
carries the finding's id, the organisation it was sent to, the recipient's language, when it
was made and the sending it belongs to (the id of the finding's latest assignment event then).
It is refused when the signature does not match (tampered, or made with another key), when it
is older than LYKTA_LINK_DAYS, when it names another finding than the path, and - checked
against the database at every use - when the finding is no longer assigned to that
organisation, or has been sent again since (to anyone, that organisation included): re-routing
a finding takes the old owner's links away for good, and a link that once leaked does not come
back to life when the finding returns. The email of the new sending carries a new link.

The page's forms carry a second signed value bound to the link (form_token), so a form posted
from anywhere but the page that link rendered is refused, on top of the Origin check.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from server.extensions import db
from server.findings.models import EventKind, FindingEvent

LINK_SALT = "lykta.owner-link.v1"
FORM_SALT = "lykta.owner-link.form.v1"
FORM_MAX_AGE_S = 24 * 3600


class LinkInvalid(Exception):
    """Tampered, made with another key, or for another finding."""


class LinkExpired(Exception):
    pass


@dataclass(frozen=True)
class LinkClaim:
    finding_id: uuid.UUID
    organisation_id: int
    locale: str
    issued_at: datetime
    sending: int | None = None  # None: a link made before links named their sending


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=salt, signer_kwargs={"digest_method": hashlib.sha256}
    )


def make_token(finding_id: uuid.UUID, organisation_id: int, locale: str = "sv") -> str:
    payload = {"f": str(finding_id), "o": organisation_id, "l": locale, "g": sending(finding_id)}
    return _serializer(LINK_SALT).dumps(payload)


def sending(finding_id: uuid.UUID) -> int:
    """The id of the finding's latest assignment event (0: never assigned). Every sending, to
    whomever, is a new assignment event, so this changes whenever the finding changes hands."""
    latest = select(func.max(FindingEvent.id)).where(
        FindingEvent.finding_id == finding_id, FindingEvent.kind == EventKind.ASSIGNED
    )
    return db.session.scalar(latest) or 0


def is_current(claim: LinkClaim) -> bool:
    """Whether the finding has stayed where the link found it since the link was made."""
    if claim.sending is not None:
        return claim.sending == sending(claim.finding_id)
    # A link from before links named their sending: no assignment since it was made. Its time
    # is in whole seconds, so an assignment in the same second counts as before.
    later = select(FindingEvent.id).where(
        FindingEvent.finding_id == claim.finding_id,
        FindingEvent.kind == EventKind.ASSIGNED,
        FindingEvent.at >= claim.issued_at + timedelta(seconds=1),
    )
    return db.session.scalar(later.limit(1)) is None


def link_url(finding_id: uuid.UUID, organisation_id: int, locale: str = "sv") -> str:
    base = current_app.config["LYKTA_BASE_URL"].rstrip("/")
    return f"{base}/owner/{finding_id}/{make_token(finding_id, organisation_id, locale)}"


def read_token(finding_id: uuid.UUID, token: str) -> LinkClaim:
    max_age = current_app.config["LYKTA_LINK_DAYS"] * 24 * 3600
    try:
        payload, issued = _serializer(LINK_SALT).loads(
            token, max_age=max_age, return_timestamp=True
        )
    except SignatureExpired:
        raise LinkExpired() from None
    except (BadData, UnicodeError, ValueError):
        raise LinkInvalid() from None
    if issued.tzinfo is None:  # pragma: no cover - itsdangerous gives aware times
        issued = issued.replace(tzinfo=UTC)
    try:
        sent = payload.get("g")
        claim = LinkClaim(
            uuid.UUID(payload["f"]),
            int(payload["o"]),
            str(payload.get("l", "sv")),
            issued,
            None if sent is None else int(sent),
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        raise LinkInvalid() from None
    if claim.finding_id != finding_id:
        raise LinkInvalid()
    return claim


def form_token(link_token: str) -> str:
    return _serializer(FORM_SALT).dumps(_digest(link_token))


def check_form_token(link_token: str, sent: str | None) -> bool:
    if not sent:
        return False
    try:
        value = _serializer(FORM_SALT).loads(sent, max_age=FORM_MAX_AGE_S)
    except (BadData, UnicodeError, ValueError):
        return False
    return value == _digest(link_token)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]
