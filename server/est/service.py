"""The actions decided at the weekly EST meeting: who does what, where, by when; and their
outcome, reported by the coordinators or by the organisation the action is given to.

Coordinators and admins read every action; an owner those given to their organisation
(action_scope). Their follow-up is counted in followup.py.

An action may carry out a commitment of the medborgarlöfte (commitment_id): its rounds count
toward it. The est package does not know the promises: it announces the commitment chosen
(events.commitment_chosen, refused there when it does not exist) and, when an action's
commitment changes, the rounds that move with it (events.action_commitment_changed)."""

from sqlalchemy import select

from server import events
from server.accounts.models import Organisation, Role, User
from server.accounts.policy import STAFF
from server.audit import service as audit
from server.database import utcnow
from server.errors import Forbidden, NotFound, ValidationFailed
from server.est.models import EstAction, EstRound
from server.extensions import db
from server.incidents.service import NO_IDENTITY_NUMBERS, looks_like_identity_number
from server.places.models import Area
from server.reports import periods
from server.schemas import MAX_ID


def action_scope(user: User):
    """A SQL condition on actions: coordinators and admins all, an owner their
    organisation's; nobody else any."""
    if user.role in STAFF:
        return EstAction.id.is_not(None)
    if user.role == Role.OWNER:
        return EstAction.organisation_id == user.organisation_id
    return EstAction.id.is_(None)


def visible_action(user: User, action_id: int) -> EstAction:
    action = None
    if action_id <= MAX_ID:
        query = select(EstAction).where(EstAction.id == action_id, action_scope(user))
        action = db.session.scalar(query)
    if action is None:
        raise NotFound("No such action.")
    return action


def list_actions(user: User, week: str | None) -> list[EstAction]:
    query = select(EstAction).where(action_scope(user))
    if week:
        query = query.where(EstAction.week == meeting_week(week))
    return list(
        db.session.scalars(query.order_by(EstAction.week.desc(), EstAction.due_on, EstAction.id))
    )


def meeting_week(text: str) -> str:
    """The week as "2026-W07" however it was written (2026W7); 422 for no such week."""
    return periods.week_key(periods.parse_week(text).first)


def create_action(actor: User, data: dict) -> EstAction:
    where = data["where"]
    week = meeting_week(data["week"])
    _check(data, where, week)
    action = EstAction(
        week=week,
        what=data["what"].strip(),
        organisation_id=data["who"],
        area_id=where["area_id"],
        lat=where["lat"],
        lon=where["lon"],
        place=where["place"].strip(),
        due_on=data["due_on"],
        kind=data["kind"],
        evenings=sorted(set(data["evenings"])),
        created_by_id=actor.id,
    )
    if data.get("commitment_id") is not None:
        events.commitment_chosen.send(action, commitment_id=data["commitment_id"])
        action.commitment_id = data["commitment_id"]
    db.session.add(action)
    db.session.flush()
    audit.record("est_action.created", "est_action", action.id, actor=actor)
    return action


def _check(data: dict, where: dict, week: str) -> None:
    problems: dict[str, list[str]] = {}
    if db.session.get(Organisation, data["who"]) is None:
        problems["who"] = ["No such organisation."]
    if where["area_id"] is not None and db.session.get(Area, where["area_id"]) is None:
        problems["where"] = ["No such area."]
    elif (where["lat"] is None) != (where["lon"] is None):
        problems["where"] = ["Give both lat and lon, or neither."]
    elif where["area_id"] is None and where["lat"] is None and not where["place"].strip():
        problems["where"] = ["Give an area, a position or a place."]
    if data["due_on"] < periods.parse_week(week).first:
        problems["due_on"] = ["The action is due before the week of the meeting."]
    if looks_like_identity_number(data["what"]):
        problems["what"] = [NO_IDENTITY_NUMBERS]
    if problems:
        raise ValidationFailed(errors=problems)


def report_outcome(actor: User, action: EstAction, data: dict) -> EstAction:
    """The outcome: planerad, gjord or inte gjord, and what came of it; and, for coordinators
    and admins, the commitment it carries out."""
    result = data.get("result")
    if result is not None and looks_like_identity_number(result):
        raise ValidationFailed(errors={"result": [NO_IDENTITY_NUMBERS]})
    if "commitment_id" in data:
        change_commitment(actor, action, data["commitment_id"])
    if "status" in data:
        action.status = data["status"]
        if result is not None:
            action.result = result.strip()
        action.updated_at = utcnow()
        db.session.flush()
        audit.record(
            "est_action.reported",
            "est_action",
            action.id,
            actor=actor,
            data={"status": action.status},
        )
    return action


def change_commitment(actor: User, action: EstAction, commitment_id: int | None) -> None:
    """Link the action to another commitment, or to none; its rounds that have no commitment of
    their own move with it."""
    if actor.role not in STAFF:
        raise Forbidden()
    if commitment_id == action.commitment_id:
        return
    if commitment_id is not None:
        events.commitment_chosen.send(action, commitment_id=commitment_id)
    action.commitment_id = commitment_id
    action.updated_at = utcnow()
    db.session.flush()
    rounds = db.session.scalars(
        select(EstRound).where(EstRound.action_id == action.id, EstRound.commitment_id.is_(None))
    )
    events.action_commitment_changed.send(action, rounds=list(rounds))
    audit.record(
        "est_action.commitment_changed",
        "est_action",
        action.id,
        actor=actor,
        data={"commitment_id": commitment_id},
    )
