"""How audit entries are shown through the API: each with the person and organisation who
acted, read with one query each for the whole page."""

from sqlalchemy import select

from server.accounts.models import Organisation, User
from server.audit.models import AuditEntry
from server.extensions import db


def present(found: list[AuditEntry]) -> list[dict]:
    user_ids = {entry.actor_id for entry in found if entry.actor_id is not None}
    org_ids = {entry.actor_org_id for entry in found if entry.actor_org_id is not None}
    users = (
        {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
        if user_ids
        else {}
    )
    orgs = (
        {
            org.id: org
            for org in db.session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))
        }
        if org_ids
        else {}
    )
    shown = []
    for entry in found:
        user = users.get(entry.actor_id)
        org = orgs.get(entry.actor_org_id)
        shown.append(
            {
                "id": entry.id,
                "at": entry.at,
                "action": entry.action,
                "actor": (
                    {"id": user.id, "name": user.name, "email": user.email}
                    if user
                    else ({"id": entry.actor_id, "name": None, "email": None})
                    if entry.actor_id
                    else None
                ),
                "organisation": {"id": org.id, "name": org.name} if org else None,
                "object_type": entry.object_type,
                "object_id": entry.object_id,
                "finding_id": entry.finding_id,
                "data": entry.data,
            }
        )
    return shown
