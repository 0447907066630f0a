"""What the outbox does when something happens elsewhere (server/events.py)."""

from server import events
from server.findings.models import Finding
from server.incidents.models import Incident
from server.notify import alerts, service


def subscribe() -> None:
    events.finding_photos_complete.connect(release_held_emails)
    events.incident_recorded.connect(alert_coordinators)


def release_held_emails(finding: Finding) -> None:
    service.photos_arrived(finding)


def alert_coordinators(incident: Incident, imported: bool = False) -> None:
    """An incident of an alert type recorded in the app: the coordinators are emailed. Not an
    imported one: a partner's week of backlog is no news to be alerted about."""
    if not imported:
        alerts.enqueue_incident_alert(incident)
