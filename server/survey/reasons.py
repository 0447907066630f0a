"""The managed list of reasons a rating may give. As with incident types, a code never changes
(ratings store it): a reason no longer wanted is made inactive, which refuses it in new ratings
and keeps it on the old ones."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import User
from server.audit import service as audit
from server.errors import Conflict, NotFound
from server.extensions import db
from server.survey.models import RatingReason

FIELDS = ("name_sv", "name_en", "active", "position")


def all_reasons() -> list[RatingReason]:
    query = select(RatingReason).order_by(RatingReason.position, RatingReason.code)
    return list(db.session.scalars(query))


def active_reasons() -> list[RatingReason]:
    return [reason for reason in all_reasons() if reason.active]


def reason_by_code(code: str) -> RatingReason | None:
    return db.session.scalar(select(RatingReason).where(RatingReason.code == code))


def create_reason(actor: User, data: dict) -> RatingReason:
    if reason_by_code(data["code"]) is not None:
        raise _taken("code")
    position = data.get("position")
    if position is None:
        highest = db.session.scalar(select(func.max(RatingReason.position)))
        position = (highest or 0) + 10
    reason = RatingReason(
        code=data["code"],
        name_sv=data["name_sv"],
        name_en=data["name_en"],
        active=data.get("active", True),
        position=position,
    )
    try:
        with db.session.begin_nested():  # two admins adding the same code at once: one wins
            db.session.add(reason)
    except IntegrityError:
        raise _taken("code") from None
    audit.record(
        "rating_reason.created",
        "rating_reason",
        reason.code,
        actor=actor,
        data={field: getattr(reason, field) for field in FIELDS},
    )
    return reason


def update_reason(actor: User, code: str, data: dict) -> RatingReason:
    reason = reason_by_code(code)
    if reason is None:
        raise NotFound()
    changed = {}
    for field in FIELDS:
        if field in data and getattr(reason, field) != data[field]:
            changed[field] = {"from": getattr(reason, field), "to": data[field]}
            setattr(reason, field, data[field])
    if changed:
        audit.record(
            "rating_reason.updated", "rating_reason", code, actor=actor, data={"fields": changed}
        )
    return reason


def _taken(field: str) -> Conflict:
    return Conflict("Another rating reason has this code.", errors={field: ["Already in use."]})
