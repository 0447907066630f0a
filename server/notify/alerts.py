"""Alerts about incidents: when an incident of a type marked `alert` (managed by admins,
docs/incidents.md) is recorded in the app, the coordinators are told by email.

Who: every active coordinator who has not turned emails off (notify.service.coordinators()),
in their language. Coordinators are not scoped by area in Lykta, so each gets every alert.
An alert does not wait for a coordinator's daily digest: it is sent at once. It says the
type, when, where (a map link) and which partner recorded it, and links to the week's
lägesbild; never the note, nor who recorded it.

Rows are written in the transaction that stores the incident (the reaction to
events.incident_recorded), so an alert exists if and only if the incident does, once: a
replayed PUT announces nothing, and an incident that has its alert already gets none again.
Imported incidents alert nobody (a week's backlog would flood the coordinators).
"""

from sqlalchemy import select

from server.database import utcnow
from server.extensions import db
from server.incidents.models import Incident
from server.notify import service
from server.notify.models import Notification, NotificationKind


def enqueue_incident_alert(incident: Incident) -> list[Notification]:
    """Queue the alert emails about a new incident of an alert type; none for other types."""
    if not incident.type.alert:
        return []
    queued = db.session.scalar(
        select(Notification.id).where(Notification.incident_id == incident.id).limit(1)
    )
    if queued is not None:
        return []
    now = utcnow()
    rows = [
        Notification(
            kind=NotificationKind.INCIDENT_ALERT,
            incident_id=incident.id,
            organisation_id=incident.organisation_id,
            user_id=target.user_id,
            recipient=target.address,
            locale=target.locale if target.locale in ("sv", "en") else "sv",
            digest=False,
            next_attempt_at=now,
        )
        for target in service.coordinators()
    ]
    db.session.add_all(rows)
    return rows
