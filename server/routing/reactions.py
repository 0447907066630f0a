"""What routing does when something happens elsewhere (server/events.py)."""

from server import events
from server.findings.models import Finding
from server.routing import service


def subscribe() -> None:
    events.finding_located.connect(route_located)
    events.finding_recategorised.connect(route_recategorised)


def route_located(finding: Finding) -> None:
    service.route_new(finding)


def route_recategorised(finding: Finding) -> None:
    if finding.assigned_org_id is None and finding.lat is not None:
        # Still in triage: the router's proposal was for the old category; ask again.
        finding.routing = None
        service.route_new(finding)
