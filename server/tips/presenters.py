"""How a tip leaves the API: to the resident, its id and state; to coordinators and admins, the
moderation queue's item. Never the resident's email address: only whether there is one."""

from server.findings.presenters import present_photo
from server.tips import moderation
from server.tips.models import ResidentTip


def accepted(tip: ResidentTip) -> dict:
    return {"id": tip.finding_id, "status": tip.state}


def present(tip: ResidentTip) -> dict:
    finding = tip.finding
    decided_by = tip.decided_by
    return {
        "id": finding.id,
        "category": finding.category.code,
        "note": finding.note,
        "lat": finding.lat,
        "lon": finding.lon,
        "captured_at": finding.captured_at,
        "received_at": finding.received_at,
        "photos": [present_photo(photo) for photo in finding.photos if not photo.removed],
        "photos_expected": finding.photos_expected,
        "has_email": tip.email is not None,
        "state": tip.state,
        "status": finding.status,
        "reason": tip.reason,
        "decided_at": tip.decided_at,
        "decided_by": {"id": decided_by.id, "name": decided_by.name} if decided_by else None,
        "duplicate_of": finding.duplicate_of_id,
        "fixed_answer": tip.fixed_answer,
        "nearby": moderation.nearby(finding),
    }
