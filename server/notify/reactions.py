"""What the outbox does when something happens elsewhere (server/events.py)."""

from server import events
from server.findings.models import Finding
from server.notify import service


def subscribe() -> None:
    events.finding_photos_complete.connect(release_held_emails)


def release_held_emails(finding: Finding) -> None:
    service.photos_arrived(finding)
