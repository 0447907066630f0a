"""Findings: the idempotent PUT that phones replay, corrections, and who sees what.

A phone chooses the finding's id and may send the same PUT again hours or weeks later. The
first body is kept (`submitted`); a later PUT with the same body is a replay and succeeds, a
different body is a conflict that says which fields differ. The primary key makes two PUTs
arriving at the same moment create one finding.
"""

import uuid
from datetime import UTC, timedelta

from flask import current_app
from sqlalchemy import select

from server import events
from server.accounts.models import User
from server.accounts.policy import finding_scope
from server.audit import service as audit
from server.categories import service as categories
from server.database import utcnow
from server.errors import Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed
from server.extensions import db
from server.findings import same_as
from server.findings.models import EventKind, Finding, FindingEvent, Status
from server.idempotent import add_once, differing_fields
from server.walks.models import WalkParticipant

CLOCK_SKEW = timedelta(minutes=10)
SUBMITTED_FIELDS = (
    "category",
    "note",
    "lat",
    "lon",
    "accuracy_m",
    "captured_at",
    "walk_id",
    "photos",
)


def canonical(data: dict) -> dict:
    """The submitted body in one form, so that replays compare equal however they were written."""
    return {
        "category": data["category"],
        "note": data.get("note") or "",
        "lat": data.get("lat"),
        "lon": data.get("lon"),
        "accuracy_m": data.get("accuracy_m"),
        "captured_at": data["captured_at"].astimezone(UTC).isoformat(),
        "walk_id": data.get("walk_id"),
        "photos": [str(photo_id) for photo_id in data.get("photos") or []],
    } | ({"same_as": data["same_as"]} if data.get("same_as") else {})


def put_finding(user: User, finding_id: uuid.UUID, data: dict) -> tuple[Finding, bool]:
    """Create the finding, or recognise a replay. Returns the finding and whether it is new."""
    submitted = canonical(data)
    existing = db.session.get(Finding, finding_id)
    if existing is not None:
        return _replay(existing, user, submitted), False
    category = _validate_new(user, data, submitted)
    finding = Finding(
        id=finding_id,
        reporter_id=user.id,
        category=category,
        note=submitted["note"],
        lat=data.get("lat"),
        lon=data.get("lon"),
        accuracy_m=data.get("accuracy_m"),
        location_source="device" if data.get("lat") is not None else None,
        captured_at=data["captured_at"].astimezone(UTC),
        walk_id=data.get("walk_id"),
        status=Status.NEW,
        priority=category.default_priority,
        submitted=submitted,
        photos_expected=len(submitted["photos"]),
        photos=[],  # known to be empty: no query to find that out
        complete=not submitted["photos"],
        same_as_id=same_as.resolve(user, data["same_as"], category.id)
        if data.get("same_as")
        else None,
    )
    finding.events.append(
        FindingEvent(actor_id=user.id, kind=EventKind.CREATED, to_value=Status.NEW)
    )
    stored, new = add_once(finding, lambda existing: _replay(existing, user, submitted))
    if new and finding.lat is not None:
        events.finding_located.send(finding)
    return stored, new


def _replay(existing: Finding, user: User, submitted: dict) -> Finding:
    if existing.reporter_id != user.id:
        raise Conflict("This id is already used by another finding.")
    differs = differing_fields(existing.submitted, submitted, SUBMITTED_FIELDS)
    if differs:
        raise Conflict(
            "A finding with this id exists with other content.",
            errors={field: ["Differs from what was stored first."] for field in differs},
        )
    return existing


def _validate_new(user: User, data: dict, submitted: dict):
    problems: dict[str, list[str]] = {}
    category = categories.by_code(submitted["category"])
    if category is None or not category.active:
        problems["category"] = ["Unknown or inactive category."]
    if (data.get("lat") is None) != (data.get("lon") is None):
        problems["lat"] = problems["lon"] = ["Give both lat and lon, or neither."]
    elif data.get("lat") is None and not submitted["photos"]:
        problems["lat"] = ["Give a position, or photos that carry one."]
    if data["captured_at"] > utcnow() + CLOCK_SKEW:
        problems["captured_at"] = ["The time lies in the future."]
    if len(set(submitted["photos"])) != len(submitted["photos"]):
        problems["photos"] = ["The same photo id appears twice."]
    elif len(submitted["photos"]) > current_app.config["LYKTA_MAX_PHOTOS_PER_FINDING"]:
        problems["photos"] = ["Too many photos."]
    walk_id = data.get("walk_id")
    if walk_id is not None and not takes_part(user.id, walk_id):
        problems["walk_id"] = ["No such walk, or you do not take part in it."]
    if problems:
        raise ValidationFailed(errors=problems)
    return category


def takes_part(user_id: int, walk_id: int) -> bool:
    return db.session.get(WalkParticipant, (walk_id, user_id)) is not None


def visible_finding(user: User, finding_id: uuid.UUID) -> Finding:
    """The finding if this user may see it; NotFound otherwise, so that ids do not leak."""
    finding = db.session.scalar(
        select(Finding).where(Finding.id == finding_id, finding_scope(user))
    )
    if finding is None:
        raise NotFound("No such finding.")
    return finding


def correct(user: User, finding_id: uuid.UUID, expected_version: int, changes: dict) -> Finding:
    """A reporter's correction of note or category while nobody has handled the finding yet."""
    finding = visible_finding(user, finding_id)
    if finding.reporter_id != user.id:
        raise Forbidden("Only the one who reported a finding may correct it.")
    if finding.version != expected_version:
        raise PreconditionFailed()
    if finding.status != Status.NEW:
        raise Conflict("The finding is already being handled and can no longer be corrected.")
    version_before = len(finding.events)
    if "category" in changes and changes["category"] != finding.category.code:
        category = categories.by_code(changes["category"])
        if category is None or not category.active:
            raise ValidationFailed(errors={"category": ["Unknown or inactive category."]})
        _record(finding, user, EventKind.EDITED, finding.category.code, category.code, "category")
        finding.category = category
        finding.priority = category.default_priority
        events.finding_recategorised.send(finding)
    if "note" in changes and changes["note"] != finding.note:
        _record(finding, user, EventKind.EDITED, finding.note, changes["note"], "note")
        finding.note = changes["note"]
    if len(finding.events) != version_before:
        finding.touch()
    return finding


def set_status(
    finding: Finding,
    actor: User | None,
    status: str,
    comment=None,
    at=None,
    *,
    via: str | None = None,
    actor_org=None,
    data: dict | None = None,
) -> None:
    """Move the finding to a status and write it into the history. Who may make which move is
    the workflow's decision (server/findings/workflow.py); this records it. `actor_org` is the
    organisation that acted without a user (a signed link), `via` the channel."""
    _record(
        finding, actor, EventKind.STATUS, finding.status, status, comment, at, via, actor_org, data
    )
    finding.status = status
    finding.status_reason = comment  # why it is where it is; a rejection's reason is shown
    finding.touch()


def assign(
    finding: Finding,
    actor: User | None,
    organisation,
    reason: str,
    at=None,
    *,
    routing: dict | None = None,
    via: str | None = None,
    actor_org=None,
) -> None:
    """Make an organisation responsible for the finding (None: nobody, the triage queue), with
    the reason shown to everyone. `routing` is the reason's structured form (server/routing)."""
    before = finding.assigned_org.name if finding.assigned_org else None
    after = organisation.name if organisation else None
    _record(finding, actor, EventKind.ASSIGNED, before, after, reason, at, via, actor_org, routing)
    finding.assigned_org = organisation
    finding.routing_reason = reason
    if routing is not None:
        finding.routing = routing
    finding.touch()


def record(
    finding: Finding,
    kind: str,
    comment=None,
    *,
    actor=None,
    at=None,
    from_value=None,
    to_value=None,
    via=None,
    actor_org=None,
    data=None,
) -> None:
    """Write a line into the history without changing the finding (a photo, a delivery)."""
    _record(finding, actor, kind, from_value, to_value, comment, at, via, actor_org, data)


def _record(
    finding,
    actor,
    kind,
    from_value,
    to_value,
    comment=None,
    at=None,
    via=None,
    actor_org=None,
    data=None,
) -> None:
    finding.events.append(
        FindingEvent(
            actor_id=actor.id if actor else None,
            actor_org_id=actor_org.id if actor_org else None,
            via=via,
            kind=kind,
            from_value=from_value,
            to_value=to_value,
            comment=comment,
            data=data,
            at=at or utcnow(),
        )
    )
    if actor is not None or actor_org is not None:
        # People's changes go to the audit log too (the router's and the worker's are in the
        # history only). Comments and notes are not copied: the log says who, not what.
        audit.record(
            f"finding.{kind}",
            "finding",
            finding.id,
            actor=actor,
            actor_org=actor_org,
            finding_id=finding.id,
            data={"via": via}
            if kind in (EventKind.EDITED, EventKind.COMMENT)
            else {"from": _short(from_value), "to": _short(to_value), "via": via},
            at=at,
        )


def _short(value):
    return value[:200] if isinstance(value, str) else value
