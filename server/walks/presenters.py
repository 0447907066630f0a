"""How a walk is shown through the API: its plan, participants, counts of findings and, for
coordinators, the invitations with the state of their emails."""

from sqlalchemy import func, select

from server.accounts.models import User
from server.categories.models import Category
from server.extensions import db
from server.findings.models import Finding
from server.notify.models import Delivery
from server.walks import revisits
from server.walks.models import Walk, WalkRevisit, WalkTrack
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
        **follows(walk),
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


def follows(walk: Walk) -> dict:
    """The earlier walk a follow-up walk follows: its id, title and date."""
    earlier = walk.follows
    return {
        "follows_walk_id": walk.follows_walk_id,
        "follows": (
            {
                "id": earlier.id,
                "title": earlier.title,
                "planned_start": earlier.planned_start,
                "status": earlier.status,
            }
            if earlier
            else None
        ),
    }


def present_revisits(walk: Walk) -> list[dict]:
    """The earlier walk's findings as the follow-up walk's participants see them."""
    given = revisits.marks(walk)
    return [
        present_revisit(walk, number, finding, given.get(finding.id))
        for number, finding in revisits.earlier_findings(walk)
    ]


def present_revisit(walk: Walk, number: str, finding: Finding, mark: WalkRevisit | None) -> dict:
    photo = revisits.report_photo(finding)
    return {
        "finding_id": finding.id,
        "number": number,
        "category": finding.category.code,
        "category_name": finding.category.name_sv,
        "note": finding.note,
        "place": revisits.place_in_words(finding),
        "lat": finding.lat,
        "lon": finding.lon,
        "captured_at": finding.captured_at,
        "status": finding.status,
        "thumbnail_url": (
            f"/api/v1/walks/{walk.id}/revisits/{finding.id}/thumbnail?v={photo.version_tag}"
            if photo
            else None
        ),
        "mark": (
            {
                "state": mark.state,
                "note": mark.note,
                "marked_at": mark.marked_at,
                "marked_by": (
                    {"id": mark.marked_by.id, "name": mark.marked_by.name}
                    if mark.marked_by
                    else None
                ),
            }
            if mark
            else None
        ),
        "still_there_though_fixed": revisits.still_there_though_fixed(finding, mark),
    }


def present_track(track: WalkTrack) -> dict:
    """A walked track, for the walker and the coordinators only (server/walks/tracks.py)."""
    return {
        "walk_id": track.walk_id,
        "user": {"id": track.user.id, "name": track.user.name},
        "points": [
            {"lat": p[0], "lon": p[1], "at": p[2], "accuracy_m": p[3]} for p in track.points
        ],
        "length_m": track.length_m,
        "started_at": track.started_at,
        "ended_at": track.ended_at,
        "updated_at": track.updated_at,
    }
