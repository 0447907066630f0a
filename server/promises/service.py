"""Medborgarlöften: create and change them with their commitments, log insatser against a
commitment, write the coordinator's comment per commitment and tertial.

Everyone signed in reads every promise: they are the municipality's public commitments. Their
follow-up is counted in followup.py."""

import secrets

from sqlalchemy import exists, select

from server.accounts.models import Organisation, Role, User
from server.audit import service as audit
from server.database import utcnow
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.est.models import EstAction, EstRound
from server.extensions import db
from server.places.models import Area
from server.promises import ledger
from server.promises.models import Commitment, CommitmentComment, Insats, Promise, PromiseParty
from server.schemas import MAX_ID
from server.walks.models import Walk


def new_token() -> str:
    """The key of the public page: 32 random bytes, not to be guessed."""
    return secrets.token_urlsafe(32)


def visible_promise(promise_id: int) -> Promise:
    promise = db.session.get(Promise, promise_id) if promise_id <= MAX_ID else None
    if promise is None:
        raise NotFound("No such medborgarlöfte.")
    return promise


def promise_by_token(token: str) -> Promise | None:
    if len(token) > 64:
        return None
    return db.session.scalar(select(Promise).where(Promise.public_token == token))


def list_promises() -> list[Promise]:
    return list(db.session.scalars(select(Promise).order_by(Promise.starts_on.desc(), Promise.id)))


def commitment_of(promise: Promise, commitment_id: int) -> Commitment:
    for commitment in promise.commitments:
        if commitment.id == commitment_id:
            return commitment
    raise NotFound("No such commitment in this medborgarlöfte.")


def _check(data: dict, promise: Promise | None = None) -> None:
    problems = {}
    area_id = data.get("area_id")
    if area_id is not None and db.session.get(Area, area_id) is None:
        problems["area_id"] = ["No such area."]
    starts_on = data.get("starts_on", promise.starts_on if promise else None)
    ends_on = data.get("ends_on", promise.ends_on if promise else None)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        problems["ends_on"] = ["The promise must end on or after the day it starts."]
    parties = data.get("parties") or []
    known = set(db.session.scalars(select(Organisation.id).where(Organisation.id.in_(parties))))
    if set(parties) - known:
        problems["parties"] = ["No such organisation."]
    if problems:
        raise ValidationFailed(errors=problems)


def create_promise(actor: User, data: dict) -> Promise:
    _check(data)
    promise = Promise(
        title=data["title"].strip(),
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        area_id=data.get("area_id"),
        focus_areas=[text.strip() for text in data.get("focus_areas") or []],
        public_token=new_token(),
        created_by_id=actor.id,
    )
    db.session.add(promise)
    _set_parties(promise, data.get("parties") or [])
    for position, item in enumerate(data["commitments"]):
        promise.commitments.append(_new_commitment(position, item))
    db.session.flush()
    audit.record("promise.created", "promise", promise.id, actor=actor)
    return promise


def _new_commitment(position: int, item: dict) -> Commitment:
    return Commitment(
        position=position,
        text=item["text"].strip(),
        kind=item["kind"],
        planned_per_tertial=item["planned_per_tertial"],
    )


def _set_parties(promise: Promise, organisation_ids: list[int]) -> None:
    wanted = list(dict.fromkeys(organisation_ids))
    promise.parties = [party for party in promise.parties if party.organisation_id in wanted] + [
        PromiseParty(organisation_id=org_id)
        for org_id in wanted
        if org_id not in {party.organisation_id for party in promise.parties}
    ]


def update_promise(promise: Promise, data: dict, actor: User) -> Promise:
    _check(data, promise)
    for key in ("title", "starts_on", "ends_on", "area_id"):
        if key in data:
            value = data[key]
            setattr(promise, key, value.strip() if isinstance(value, str) else value)
    if "focus_areas" in data:
        promise.focus_areas = [text.strip() for text in data["focus_areas"]]
    if "parties" in data:
        _set_parties(promise, data["parties"])
    if "commitments" in data:
        _replace_commitments(promise, data["commitments"])
    promise.updated_at = utcnow()
    db.session.flush()
    audit.record(
        "promise.updated", "promise", promise.id, actor=actor, data={"fields": sorted(data)}
    )
    return promise


def _replace_commitments(promise: Promise, items: list[dict]) -> None:
    current = {commitment.id: commitment for commitment in promise.commitments}
    kept = []
    for position, item in enumerate(items):
        if item.get("id") is None:
            kept.append(_new_commitment(position, item))
            continue
        commitment = current.get(item["id"])
        if commitment is None or commitment in kept:
            raise ValidationFailed(errors={"commitments": ["No such commitment in this promise."]})
        commitment.position = position
        commitment.text = item["text"].strip()
        commitment.kind = item["kind"]
        commitment.planned_per_tertial = item["planned_per_tertial"]
        kept.append(commitment)
    for commitment in current.values():
        if commitment not in kept and _in_use(commitment):
            raise Conflict("Walks, insatser or comments refer to a commitment left out.")
    promise.commitments = kept


def _in_use(commitment: Commitment) -> bool:
    """Whether anything refers to it: an insats, a comment, a walk, an EST action or round, or
    anything counted toward it."""
    return bool(
        commitment.insatser
        or commitment.comments
        or ledger.in_use(commitment.id)
        or any(
            db.session.scalar(select(exists().where(column == commitment.id)))
            for column in (Walk.commitment_id, EstAction.commitment_id, EstRound.commitment_id)
        )
    )


def commitment_exists(commitment_id: int) -> bool:
    return commitment_id <= MAX_ID and db.session.get(Commitment, commitment_id) is not None


def may_log_insats(user: User, promise: Promise) -> bool:
    """Coordinators and admins; owners for a promise their organisation is a party to."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    parties = {party.organisation_id for party in promise.parties}
    return user.role == Role.OWNER and user.organisation_id in parties


def log_insats(actor: User, commitment: Commitment, data: dict) -> Insats:
    if not may_log_insats(actor, commitment.promise):
        raise Forbidden()
    if (data.get("lat") is None) != (data.get("lon") is None):
        raise ValidationFailed(errors={"lat": ["Give both lat and lon, or neither."]})
    insats = Insats(
        commitment_id=commitment.id,
        date=data["date"],
        place=data["place"].strip(),
        lat=data.get("lat"),
        lon=data.get("lon"),
        result=data["result"].strip(),
        created_by_id=actor.id,
    )
    db.session.add(insats)
    db.session.flush()
    ledger.count_insats(insats)
    audit.record("insats.created", "insats", insats.id, actor=actor)
    return insats


def put_comment(
    actor: User, commitment: Commitment, year: int, tertial: int, data: dict
) -> tuple[CommitmentComment, bool]:
    """The coordinator's comment on the commitment for the tertial; (comment, created)."""
    comment = db.session.scalar(
        select(CommitmentComment).filter_by(commitment_id=commitment.id, year=year, tertial=tertial)
    )
    created = comment is None
    if created:
        comment = CommitmentComment(commitment_id=commitment.id, year=year, tertial=tertial)
        db.session.add(comment)
    comment.text = data["text"].strip()
    comment.published = data["published"]
    comment.written_by_id = actor.id
    comment.at = utcnow()
    db.session.flush()
    return comment, created
