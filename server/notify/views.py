from flask_smorest import Blueprint
from sqlalchemy import select

from server import cursors
from server.accounts.policy import require
from server.database import utcnow
from server.errors import Conflict, NotFound
from server.extensions import db
from server.notify import service
from server.notify.models import Delivery, Notification
from server.notify.presenters import present
from server.notify.schemas import (
    NotificationListArgsSchema,
    NotificationPageSchema,
    NotificationSchema,
)
from server.schemas import MAX_ID

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1/notifications",
    description="The outbox: emails to owners, and those that could not be delivered",
)


@blp.get("")
@require("notifications:read")
@blp.arguments(NotificationListArgsSchema, location="query")
@blp.response(200, NotificationPageSchema)
def list_notifications(args):
    """Emails to owners, newest first: by default those that failed for good and are about a
    finding's present owner - the dead mailboxes to fix. With the reason for each."""
    query = select(Notification).order_by(Notification.id.desc())
    if args["status"] != "all":
        query = query.where(Notification.status == args["status"])
    if args.get("finding"):
        query = query.where(Notification.finding_id == args["finding"])
    if args["current"]:
        query = query.where(Notification.current.is_(True))
    if args.get("cursor"):
        query = query.where(Notification.id < cursors.decode(args["cursor"], _cursor_id))
    found = list(db.session.scalars(query.limit(args["limit"] + 1)))
    more = len(found) > args["limit"]
    found = found[: args["limit"]]
    return {
        "items": [present(row) for row in found],
        "next_cursor": cursors.encode(found[-1].id) if more else None,
    }


@blp.post("/<int:notification_id>/retry")
@require("notifications:manage")
@blp.response(200, NotificationSchema)
def retry(notification_id: int):
    """Try a failed email again now (after the address was corrected, say): it gets a fresh
    set of attempts."""
    row = db.session.get(Notification, notification_id) if notification_id <= MAX_ID else None
    if row is None:
        raise NotFound("No such notification.")
    if row.status != Delivery.FAILED or row.recipient is None or not row.current:
        raise Conflict("Only a failed email about the finding's present owner can be retried.")
    row.status = Delivery.PENDING
    row.attempts = 0
    row.next_attempt_at = utcnow()
    row.failed_at = None
    if row.finding is not None:  # None: a walk invitation
        service.refresh_delivery_state(row.finding)
    db.session.commit()
    return present(row)


def _cursor_id(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not an id")
    return value
