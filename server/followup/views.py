import uuid

from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.auth import current_user
from server.accounts.policy import require
from server.clock import local_today
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.findings import presenters, queries, workflow
from server.findings import service as findings
from server.findings.schemas import FindingEventSchema, FindingSchema
from server.followup import comments, duplicates, queue, reminders
from server.followup import schedule as scheduling
from server.followup.schemas import (
    CommentInputSchema,
    DistinctInputSchema,
    FindingDetailSchema,
    FollowupInputSchema,
    MergeInputSchema,
    OverdueArgsSchema,
    OverdueGroupSchema,
    QueueArgsSchema,
    QueuePageSchema,
)
from server.i18n import current_locale
from server.notify import presenters as notifications
from server.notify.models import Notification

blp = Blueprint(
    "followup",
    __name__,
    url_prefix="/api/v1",
    description="Follow-up: the triage queue, comments, duplicates, due dates and overdue lists",
)


@blp.get("/followup/queue")
@require("findings:triage")
@blp.arguments(QueueArgsSchema, location="query")
@blp.response(200, QueuePageSchema)
def triage_queue(args):
    """What waits for a coordinator, oldest first, each with why: new (not sent to anyone),
    review (a proposed owner to confirm), unrouted (triaged, not sent), not_ours (sent back by
    the owner), duplicate (same category, open, within the category's radius of an earlier
    one) and delivery_failed (the owner's email could not be delivered)."""
    user = current_user()
    found = queue.queue(args.get("reason"), args.get("area"), current_locale())
    items, next_cursor = queue.page(found, args.get("cursor"), args["limit"])
    return {
        "items": [
            {"finding": presenters.present(finding, user), "reasons": reasons}
            for finding, reasons in items
        ],
        "next_cursor": next_cursor,
    }


@blp.get("/followup/overdue")
@require("findings:triage")
@blp.arguments(OverdueArgsSchema, location="query")
@blp.response(200, OverdueGroupSchema(many=True))
def overdue(args):
    """Open findings with their owner past the due date, grouped by organisation, with the
    days overdue (local time)."""
    return reminders.overdue(local_today(), args.get("organisation"))


@blp.get("/findings/<uuid:finding_id>/detail")
@require("findings:triage")
@blp.response(200, FindingDetailSchema)
def detail(finding_id: uuid.UUID):
    """Everything a coordinator needs about one finding: the finding with its photos, routing
    reason and merged duplicates, the whole history (comments, merged duplicates' events,
    deliveries), open findings nearby of its category, and every email about it."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    nearby = []
    if finding.lat is not None:
        judged = duplicates.judged_distinct(finding)
        nearby = [
            {**item, "distinct": item["id"] in judged}
            for item in queries.nearby_open(
                user, finding.lat, finding.lon, finding.category, finding.category.nearby_radius_m
            )
            if item["id"] != finding.id
        ]
    rows = db.session.scalars(
        select(Notification).where(Notification.finding_id == finding.id).order_by(Notification.id)
    )
    return {
        "finding": presenters.present_detail(finding, user),
        "history": presenters.history(finding, user),
        "possible_duplicates": nearby,
        "notifications": [notifications.present(row) for row in rows],
    }


@blp.post("/findings/<uuid:finding_id>/merge")
@require("findings:triage")
@blp.arguments(MergeInputSchema)
@blp.response(200, FindingSchema)
def merge(data, finding_id: uuid.UUID):
    """Merge this finding into its original (`into`): it becomes 'dubblett' with duplicate_of,
    its photos and history are shown with the original, and its reporter sees what it
    duplicates. The same as POST .../status {"status": "dubblett", "duplicate_of"}."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    db.session.refresh(finding, with_for_update=True)
    try:
        original = findings.visible_finding(user, data["into"])
    except NotFound:
        raise ValidationFailed(errors={"into": ["No such finding."]}) from None
    workflow.change_status(
        finding, user, "dubblett", comment=data["comment"], duplicate_of=original
    )
    db.session.commit()
    return presenters.present(finding, user)


@blp.post("/findings/<uuid:finding_id>/distinct")
@require("findings:triage")
@blp.arguments(DistinctInputSchema)
@blp.response(204)
def judge_distinct(data, finding_id: uuid.UUID):
    """Not a duplicate: this finding and `other` are different things, so the pair is no longer
    proposed as a possible duplicate in the triage queue. Saying it again changes nothing."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    try:
        other = findings.visible_finding(user, data["other"])
    except NotFound:
        raise ValidationFailed(errors={"other": ["No such finding."]}) from None
    if duplicates.judge_distinct(finding, other, user):
        try:
            db.session.commit()
        except IntegrityError:  # another coordinator said the same at the same moment
            db.session.rollback()


@blp.patch("/findings/<uuid:finding_id>/followup")
@require("findings:triage")
@blp.arguments(FollowupInputSchema)
@blp.response(200, FindingSchema)
def schedule(data, finding_id: uuid.UUID):
    """Set the priority (1 high, 2 normal, 3 low) and the due date; a null due date is the
    default: the day it was sent (or today) plus the category's target days."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    db.session.refresh(finding, with_for_update=True)
    scheduling.schedule(
        finding,
        user,
        priority=data.get("priority", scheduling.UNSET),
        due_date=data.get("due_date", scheduling.UNSET),
    )
    db.session.commit()
    return presenters.present(finding, user), 200, {"ETag": f'"{finding.version}"'}


@blp.get("/findings/<uuid:finding_id>/comments")
@require("findings:comment")
@blp.response(200, FindingEventSchema(many=True))
def list_comments(finding_id: uuid.UUID):
    """The comments you may see, oldest first: coordinators all of them, the owner's users
    those shared with their organisation. Reporters see none."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    return [event for event in presenters.history(finding, user) if event["kind"] == "comment"]


@blp.post("/findings/<uuid:finding_id>/comments")
@require("findings:comment")
@blp.arguments(CommentInputSchema)
@blp.response(201, FindingEventSchema)
def add_comment(data, finding_id: uuid.UUID):
    """A comment in the history: coordinators' 'internal' (default) or 'owner' (shared with
    the organisation the finding is sent to); the owner's users write to the coordinators."""
    user = current_user()
    finding = findings.visible_finding(user, finding_id)
    event = comments.add_comment(finding, user, data["body"], data["visibility"])
    db.session.commit()
    shown = presenters.history(finding, user, merged=False)
    return next(item for item in shown if item["id"] == event.id)
