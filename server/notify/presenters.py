"""How the API shows an email of the outbox (a Notification): the dict the views return, which
NotificationSchema documents and dumps; the follow-up's finding page shows them the same way."""

from server.i18n import translate
from server.notify.models import TIP_KINDS, Notification


def present(row: Notification) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "finding_id": row.finding_id,
        "walk_id": row.walk_id,
        "incident_id": row.incident_id,
        "organisation": (
            {"id": row.organisation.id, "name": row.organisation.name} if row.organisation else None
        ),
        # A resident's address is for the outbox alone, never for a reader of it.
        "recipient": None if row.kind in TIP_KINDS else row.recipient,
        "user": {"id": row.user.id, "name": row.user.name} if row.user else None,
        "locale": row.locale,
        "digest": row.digest,
        "current": row.current,
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": row.next_attempt_at,
        # The mail server's words as it said them; ours in the reader's language.
        "last_error": translate(row.last_error) if row.last_error else None,
        "created_at": row.created_at,
        "sent_at": row.sent_at,
        "failed_at": row.failed_at,
    }
