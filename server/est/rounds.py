"""Rounds (trygghetsrundor) at hot spots: the idempotent PUT that phones replay, and who reads
which.

As with incidents (server/incidents/service.py), the phone chooses the id and may send the
same PUT again: the first body is kept (`submitted`), the same body again is a replay (200),
another body under the same id a conflict naming the fields that differ (409). What was seen
must not name anyone: the incidents' personnummer check applies to it.

A round counts toward a commitment of the medborgarlöfte: the one it was logged for, or else
its action's. The first time it is stored, it is announced (events.round_logged) for
server/promises to count; a replay announces nothing."""

import uuid
from datetime import UTC

from sqlalchemy import select

from server import events
from server.accounts.models import Role, User
from server.accounts.policy import STAFF
from server.database import utcnow
from server.errors import Conflict, ValidationFailed
from server.est.models import EstAction, EstRound
from server.extensions import db
from server.findings.service import CLOCK_SKEW
from server.idempotent import add_once, differing_fields
from server.incidents.service import NO_IDENTITY_NUMBERS, looks_like_identity_number
from server.reports.periods import Period
from server.schemas import MAX_ID

SUBMITTED_FIELDS = (
    "action_id",
    "commitment_id",
    "lat",
    "lon",
    "arrived_at",
    "left_at",
    "seen",
    "no_deviations",
)


def canonical(data: dict) -> dict:
    """The submitted body in one form, so that replays compare equal however they were written."""
    return {
        "action_id": data.get("action_id"),
        "commitment_id": data.get("commitment_id"),
        "lat": data["lat"],
        "lon": data["lon"],
        "arrived_at": data["arrived_at"].astimezone(UTC).isoformat(),
        "left_at": data["left_at"].astimezone(UTC).isoformat(),
        "seen": (data.get("seen") or "").strip(),
        "no_deviations": data["no_deviations"],
    }


def put_round(user: User, round_id: uuid.UUID, data: dict) -> tuple[EstRound, bool]:
    """Log the round, or recognise a replay. Returns the round and whether it is new."""
    submitted = canonical(data)
    existing = db.session.get(EstRound, round_id)
    if existing is not None:
        return _replay(existing, user, submitted), False
    _validate_new(data, submitted)
    logged = EstRound(
        id=round_id,
        action_id=submitted["action_id"],
        commitment_id=submitted["commitment_id"],
        lat=submitted["lat"],
        lon=submitted["lon"],
        arrived_at=data["arrived_at"].astimezone(UTC),
        left_at=data["left_at"].astimezone(UTC),
        seen=submitted["seen"],
        no_deviations=submitted["no_deviations"],
        reporter_id=user.id,
        organisation_id=user.organisation_id,
        received_at=utcnow(),
        submitted=submitted,
    )
    if logged.commitment_id is not None:
        # Whoever keeps the commitments (server/promises) refuses one that does not exist.
        events.commitment_chosen.send(logged, commitment_id=logged.commitment_id)
    stored, created = add_once(logged, lambda existing: _replay(existing, user, submitted))
    if created:
        events.round_logged.send(stored, commitment_id=stored.counted_commitment_id)
    return stored, created


def _replay(existing: EstRound, user: User, submitted: dict) -> EstRound:
    if existing.reporter_id != user.id:
        raise Conflict("This id is already used by another round.")
    differs = differing_fields(existing.submitted, submitted, SUBMITTED_FIELDS)
    if differs:
        raise Conflict(
            "A round with this id exists with other content.",
            errors={field: ["Differs from what was stored first."] for field in differs},
        )
    return existing


def _validate_new(data: dict, submitted: dict) -> None:
    problems: dict[str, list[str]] = {}
    action_id = submitted["action_id"]
    if action_id is not None and (
        action_id > MAX_ID or db.session.get(EstAction, action_id) is None
    ):
        problems["action_id"] = ["No such action."]
    if data["left_at"] < data["arrived_at"]:
        problems["left_at"] = ["The round ends before it begins."]
    if data["left_at"] > utcnow() + CLOCK_SKEW:
        problems["left_at"] = ["The time lies in the future."]
    if not submitted["seen"] and not submitted["no_deviations"]:
        problems["seen"] = ["Say what was seen, or that there were no deviations."]
    if looks_like_identity_number(submitted["seen"]):
        problems["seen"] = [NO_IDENTITY_NUMBERS]
    if problems:
        raise ValidationFailed(errors=problems)


def round_scope(user: User):
    """A SQL condition on rounds: coordinators and admins read all, an owner their
    organisation's, a reporter their own."""
    if user.role in STAFF:
        return EstRound.id.is_not(None)
    if user.role == Role.OWNER:
        return EstRound.organisation_id == user.organisation_id
    return EstRound.reporter_id == user.id


def rounds_in(period: Period, scope=None) -> list[EstRound]:
    """The rounds that began in the period (local days), oldest first, within the scope."""
    start, end = period.bounds()
    query = select(EstRound).where(EstRound.arrived_at >= start, EstRound.arrived_at < end)
    if scope is not None:
        query = query.where(scope)
    return list(db.session.scalars(query.order_by(EstRound.arrived_at, EstRound.id)))
