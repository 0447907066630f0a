"""Receiving a resident's tip: the idempotent public PUT, its photos, and the one system account
"Invånare" that reports every tip.

A tip is a Finding with `awaiting_moderation` set, so that nobody but coordinators and admins
sees it (policy.moderated() keeps it out of every list) and it is not routed: no
events.finding_located until a coordinator approves it (server/tips/moderation.py). The
resident's page chooses the id and may send the same PUT again from its offline queue: the same
content is a replay (202 again), other content a conflict (409). Only new tips count toward the
client's hourly limit (server/public/limits.py); a filled-in honeypot is answered as if accepted
and nothing is stored. No client address or device id is stored with a tip.
"""

import hashlib
import uuid
from datetime import UTC

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts import service as accounts
from server.accounts.models import NotifyMode, OrganisationKind, Role, User
from server.categories import service as categories
from server.database import utcnow
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.findings.models import CLOSED_STATUSES, EventKind, Finding, FindingEvent, Status
from server.findings.service import CLOCK_SKEW, SUBMITTED_FIELDS, canonical
from server.idempotent import add_once, differing_fields
from server.open311 import bounds
from server.photos import pipeline
from server.photos import service as photos
from server.photos.models import Photo, PhotoKind
from server.photos.storage import MediaStore
from server.public import limits
from server.tips.models import ResidentTip, TipState

RESIDENT_EMAIL = "invanare@lykta.invalid"  # .invalid: no mail is ever sent to it
RESIDENT_NAME = "Invånare"


# A resident shows the place with a few photos; more only let one address fill the disk faster
# (20 tips an hour × 3 photos of at most ~2.2 MB each, docs/security.md).
TIP_MAX_PHOTOS = 3


def resident_account() -> User:
    """The system account that reports every tip: role reporter, no password, inactive (it can
    never sign in) and emails off. Got, or created the first time."""
    user = db.session.scalar(select(User).filter_by(email=RESIDENT_EMAIL))
    if user is not None:
        return user
    try:
        with db.session.begin_nested():
            organisation = accounts.get_or_create_organisation(
                RESIDENT_NAME, OrganisationKind.OVRIG
            )
            user = accounts.create_user(
                email=RESIDENT_EMAIL,
                name=RESIDENT_NAME,
                role=Role.REPORTER,
                organisation=organisation,
                password=None,
            )
            user.active = False
            user.notify_mode = NotifyMode.OFF
    except IntegrityError:  # another tip created it at the same moment
        user = db.session.scalar(select(User).filter_by(email=RESIDENT_EMAIL))
    return user


def is_bot(data: dict) -> bool:
    return limits.is_bot(data)


def put_tip(
    finding_id: uuid.UUID, data: dict, locale: str, *, counted: bool = True
) -> tuple[Finding, ResidentTip, bool]:
    """Store a new tip, or recognise a replay. Returns the finding, its tip and whether it is
    new. Only a new tip is counted toward the request's client's limit (429 when it is used
    up); `counted=False` for the demo, which has no client."""
    submitted = canonical(data)
    existing = db.session.get(Finding, finding_id)
    if existing is not None:
        return (*_replay(existing, submitted), False)
    category = _validate_new(data, submitted)
    if counted:
        limits.count_submission("tip")
    reporter = resident_account()
    finding = Finding(
        id=finding_id,
        reporter_id=reporter.id,
        category=category,
        note=submitted["note"],
        lat=data["lat"],
        lon=data["lon"],
        location_source="resident",
        captured_at=data["captured_at"].astimezone(UTC),
        status=Status.NEW,
        priority=category.default_priority,
        submitted=submitted,
        photos_expected=len(submitted["photos"]),
        photos=[],
        complete=not submitted["photos"],
        awaiting_moderation=True,
    )
    finding.events.append(
        FindingEvent(actor_id=reporter.id, kind=EventKind.CREATED, to_value=Status.NEW, via="tip")
    )
    stored, new = add_once(finding, lambda other: _replay(other, submitted)[0])
    if not new:
        return stored, db.session.get(ResidentTip, stored.id), False
    email = (data.get("email") or "").strip() or None
    tip = ResidentTip(
        finding_id=stored.id, finding=stored, email=email, locale=locale, state=TipState.WAITING
    )
    db.session.add(tip)
    return stored, tip, True


def _replay(existing: Finding, submitted: dict) -> tuple[Finding, ResidentTip]:
    tip = db.session.get(ResidentTip, existing.id)
    if tip is None:
        raise Conflict("This id is already used by another finding.")
    differs = differing_fields(existing.submitted, submitted, SUBMITTED_FIELDS)
    if differs:
        raise Conflict(
            "A finding with this id exists with other content.",
            errors={field: ["Differs from what was stored first."] for field in differs},
        )
    return existing, tip


def _validate_new(data: dict, submitted: dict):
    problems: dict[str, list[str]] = {}
    category = categories.by_code(submitted["category"])
    if category is None or not category.active or category.positive:
        problems["category"] = ["Unknown or inactive category."]
    if not bounds.inside(data["lat"], data["lon"]):
        problems["lat"] = problems["lon"] = ["The place lies outside the municipality."]
    if data["captured_at"] > utcnow() + CLOCK_SKEW:
        problems["captured_at"] = ["The time lies in the future."]
    if len(set(submitted["photos"])) != len(submitted["photos"]):
        problems["photos"] = ["The same photo id appears twice."]
    elif len(submitted["photos"]) > min(
        TIP_MAX_PHOTOS, current_app.config["LYKTA_MAX_PHOTOS_PER_FINDING"]
    ):
        problems["photos"] = ["Too many photos."]
    if problems:
        raise ValidationFailed(errors=problems)
    return category


def put_tip_photo(
    store: MediaStore,
    finding_id: uuid.UUID,
    photo_id: uuid.UUID,
    data: bytes,
    content_type: str | None,
) -> tuple[Photo, bool]:
    """One photo the tip announced, through the same pipeline as every photo (metadata
    stripped, the same size caps). 404 for a photo not announced, or a tip that is closed."""
    tip = db.session.get(ResidentTip, finding_id)
    finding = tip.finding if tip is not None else None
    if (
        finding is None
        or str(photo_id) not in finding.submitted["photos"]
        or tip.state == TipState.REJECTED
        or finding.status in CLOSED_STATUSES
    ):
        raise NotFound("No such tip, or it takes no such photo.")
    pipeline.check_content_type(content_type)
    digest = hashlib.sha256(data).hexdigest()
    existing = db.session.get(Photo, photo_id)
    if existing is not None:
        if existing.finding_id != finding_id or existing.sha256 != digest:
            raise Conflict("A photo with this id exists with other content.")
        return existing, False
    return photos.store_photo(
        store, finding_id, photo_id, data, content_type, digest, None, PhotoKind.REPORT
    )
