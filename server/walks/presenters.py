"""How a walk is shown through the API: its plan, participants, counts of findings and, for
coordinators, the invitations with the state of their emails."""

from sqlalchemy import func, select

from server.accounts.models import User
from server.categories.models import Category
from server.extensions import db
from server.findings.models import Finding
from server.notify.models import Delivery
from server.walks.models import Walk
from server.walks.service import invitation_states


def present(walk: Walk, viewer: User, staff: bool) -> dict:
    participants = sorted(
        (p.user for p in walk.participants), key=lambda user: (user.name.lower(), user.id)
    )
    result = {
        "id": walk.id,
        "type": walk.type,
        "title": walk.title,
        "description": walk.description,
        "area": {"id": walk.area.id, "name": walk.area.name} if walk.area else None,
        "planned_start": walk.planned_start,
        "planned_end": walk.planned_end,
        "meeting_point": walk.meeting_point,
        "meeting_lat": walk.meeting_lat,
        "meeting_lon": walk.meeting_lon,
        "route": walk.route,
        "commitment_id": walk.commitment_id,
        "status": walk.status,
        "summary": walk.summary,
        "started_at": walk.started_at,
        "closed_at": walk.closed_at,
        "created_by": (
            {"id": walk.created_by.id, "name": walk.created_by.name} if walk.created_by else None
        ),
        "participants": [
            {"id": user.id, "name": user.name, "organisation": user.organisation.name}
            for user in participants
        ],
        "invitations": None,
        "findings": _finding_counts(walk),
        "protocol_url": f"/walks/{walk.id}/protocol",
        "protocol_pdf_url": f"/api/v1/walks/{walk.id}/protocol.pdf",
        "updated_at": walk.updated_at,
        "revision": walk.revision,
    }
    if staff:
        states = invitation_states(walk)
        result["invitations"] = [
            {
                "id": invitation.id,
                "email": invitation.email,
                "user": (
                    {"id": invitation.user.id, "name": invitation.user.name}
                    if invitation.user
                    else None
                ),
                "invited_at": invitation.invited_at,
                "delivery": states.get(invitation.email, Delivery.PENDING.value),
            }
            for invitation in walk.invitations
        ]
    return result


def _finding_counts(walk: Walk) -> dict:
    rows = db.session.execute(
        select(Category.positive, func.count())
        .select_from(Finding)
        .join(Category, Category.id == Finding.category_id)
        .where(Finding.walk_id == walk.id)
        .group_by(Category.positive)
    )
    counts = {bool(positive): count for positive, count in rows}
    return {"deviations": counts.get(False, 0), "positive": counts.get(True, 0)}
