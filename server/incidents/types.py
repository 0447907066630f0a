"""The managed list of incident types: admins add types and change their names, whether they
are in use (active) and whether coordinators are alerted when one is recorded (alert).

A code never changes once made: it is stored in every incident's submitted body, in the
partners' CSV files and in links, so a type that is no longer wanted is made inactive instead
of renamed or removed. An inactive type is refused for new incidents (422) and kept on the old
ones, which still count in the lägesbild.
"""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import User
from server.audit import service as audit
from server.errors import Conflict, NotFound
from server.extensions import db
from server.incidents.models import IncidentType
from server.incidents.service import type_by_code

FIELDS = ("name_sv", "name_en", "active", "alert", "position")


def all_types() -> list[IncidentType]:
    query = select(IncidentType).order_by(IncidentType.position, IncidentType.code)
    return list(db.session.scalars(query))


def create_type(actor: User, data: dict) -> IncidentType:
    if type_by_code(data["code"]) is not None:
        raise _taken("code")
    _names_free(None, data)
    position = data.get("position")
    if position is None:
        highest = db.session.scalar(select(func.max(IncidentType.position)))
        position = (highest or 0) + 10
    incident_type = IncidentType(
        code=data["code"],
        name_sv=data["name_sv"],
        name_en=data["name_en"],
        active=data.get("active", True),
        alert=data.get("alert", False),
        position=position,
    )
    try:
        with db.session.begin_nested():  # two admins adding the same code at once: one wins
            db.session.add(incident_type)
    except IntegrityError:
        raise _taken("code") from None
    audit.record(
        "incident_type.created",
        "incident_type",
        incident_type.code,
        actor=actor,
        data={field: getattr(incident_type, field) for field in FIELDS},
    )
    return incident_type


def update_type(actor: User, code: str, data: dict) -> IncidentType:
    incident_type = type_by_code(code)
    if incident_type is None:
        raise NotFound()
    _names_free(incident_type, data)
    changed = {}
    for field in FIELDS:
        if field in data and getattr(incident_type, field) != data[field]:
            changed[field] = {"from": getattr(incident_type, field), "to": data[field]}
            setattr(incident_type, field, data[field])
    if changed:
        audit.record(
            "incident_type.updated", "incident_type", code, actor=actor, data={"fields": changed}
        )
    return incident_type


def _names_free(incident_type: IncidentType | None, data: dict) -> None:
    """A name is how a CSV file may name its type: no two types may share one (in any case),
    nor may a name be another type's code."""
    for field in ("name_sv", "name_en"):
        if field not in data:
            continue
        wanted = data[field].strip().lower()
        for other in all_types():
            if other is incident_type:
                continue
            if wanted in (other.code, other.name_sv.strip().lower(), other.name_en.strip().lower()):
                raise _taken(field)


def _taken(field: str) -> Conflict:
    return Conflict(
        "Another incident type has this code or name.", errors={field: ["Already in use."]}
    )
