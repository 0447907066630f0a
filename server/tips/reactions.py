"""What residents' tips do when something happens elsewhere (server/events.py)."""

from server import events
from server.findings.models import Finding
from server.tips import moderation, residents
from server.tips.models import TipState


def subscribe() -> None:
    events.finding_status_changed.connect(follow_status)


def follow_status(finding: Finding, before: str | None = None, actor=None) -> None:
    """A waiting tip merged or rejected is decided; a fix is told to the resident who left an
    email (with the question, once); when the finding closes otherwise, the address goes."""
    tip = moderation.tip_of(finding.id)
    if tip is not None and tip.state == TipState.WAITING:
        moderation.moved(tip, actor)
    else:
        residents.status_changed(finding)
