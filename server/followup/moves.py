"""The follow-up's moves of the transition table (server/findings/workflow.py): reopening a
fixed finding and merging a duplicate into its original."""

from datetime import datetime

from sqlalchemy import func, select, update

from server.accounts.models import Organisation, User
from server.database import utcnow
from server.errors import ValidationFailed
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, Status
from server.notify import service as notify
from server.photos.models import Photo
from server.routing import service as routing
from server.routing.reasons import describe

S = Status


def reopen(
    finding: Finding,
    actor: User,
    target: str,
    comment: str,
    send_to: Organisation | None = None,
    at: datetime | None = None,
) -> None:
    """A fixed or verified finding is not fixed after all: back to its owner (or another one),
    with a new due date and the owner told again ('skickad'), or back to triage ('granskad')."""
    if target == S.SENT:
        organisation = send_to or finding.assigned_org
        if organisation is None:
            raise ValidationFailed(
                errors={"organisation_id": ["Nobody is proposed for this finding: choose one."]}
            )
        findings.set_status(finding, actor, S.SENT, comment, at, via="app")
        if finding.assigned_org_id == organisation.id and finding.routing:
            decision = dict(finding.routing)
        else:
            decision = routing.manual_routing(organisation, actor, comment)
        routing.dispatch(finding, organisation, decision, actor, at=at)
        finding.reminded_at = None
        return
    notify.supersede(finding)
    if finding.assigned_org_id is not None:
        decision = routing.manual_routing(None, actor, comment)
        findings.assign(
            finding, actor, None, describe(decision, "sv"), at, routing=decision, via="app"
        )
    findings.set_status(finding, actor, S.TRIAGED, comment, at, via="app")
    finding.planned_for = None


def merge(
    duplicate: Finding,
    original: Finding,
    actor: User,
    comment: str | None = None,
    at: datetime | None = None,
) -> None:
    """Mark `duplicate` as a duplicate of `original`: status 'dubblett' with duplicate_of, its
    photos and history kept and shown with the original, unsent emails about it cancelled. Its
    reporter sees the new status and what it duplicates through the sync."""
    if original.id == duplicate.id:
        raise ValidationFailed(errors={"duplicate_of": ["A finding cannot duplicate itself."]})
    if original.status == S.DUPLICATE:
        raise ValidationFailed(
            errors={
                "duplicate_of": [
                    "That finding is itself a duplicate: merge into the one it duplicates."
                ]
            }
        )
    notify.supersede(duplicate)
    findings.set_status(
        duplicate,
        actor,
        S.DUPLICATE,
        comment,
        at,
        via="app",
        data={"duplicate_of": str(original.id)},
    )
    duplicate.duplicate_of = original
    earlier = list(
        db.session.scalars(select(Finding).where(Finding.duplicate_of_id == duplicate.id))
    )
    for merged in earlier:  # duplicates of the duplicate follow it to the original
        merged.duplicate_of = original
        merged.touch()
    photos = db.session.scalar(
        select(func.count()).select_from(Photo).where(Photo.finding_id == duplicate.id)
    )
    findings.record(
        original,
        EventKind.MERGED,
        comment,
        actor=actor,
        at=at,
        to_value=str(duplicate.id),
        via="app",
        data={
            "duplicate": str(duplicate.id),
            "photos": photos,
            "also": [str(f.id) for f in earlier],
        },
    )
    original.touch()


def touch_duplicates(finding: Finding) -> None:
    """The original changed status: its duplicates show that status, so phones fetch them."""
    db.session.execute(
        update(Finding)
        .where(Finding.duplicate_of_id == finding.id)
        .values(updated_at=utcnow(), version=Finding.version + 1),
        execution_options={"synchronize_session": False},
    )
