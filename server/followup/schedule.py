"""Priority and due date: set by coordinators, the due date by default from the category's
target days counted from the day the finding was sent to its owner."""

from datetime import date, timedelta

from sqlalchemy import func, select

from server.accounts.models import User
from server.clock import local_date, local_today
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, FindingEvent, Status

UNSET = object()


def default_due_date(finding: Finding, today: date | None = None) -> date | None:
    """As routing sets it: the day it was (last) sent to its owner, or today when it has not
    been sent, plus the category's target days; None for a category without a target."""
    target_days = finding.category.target_days
    if not target_days:
        return None
    sent_at = db.session.scalar(
        select(func.max(FindingEvent.at)).where(
            FindingEvent.finding_id == finding.id,
            FindingEvent.kind == EventKind.STATUS,
            FindingEvent.to_value == Status.SENT.value,
        )
    )
    start = local_date(sent_at) if sent_at else (today or local_today())
    return start + timedelta(days=target_days)


def schedule(finding: Finding, actor: User, *, priority=UNSET, due_date=UNSET) -> bool:
    """Set the priority (1 high, 2 normal, 3 low) and the due date (None: the default from the
    category's target days). Each change is an event. True when anything changed."""
    changed = False
    if priority is not UNSET and priority != finding.priority:
        findings.record(
            finding,
            EventKind.PRIORITY,
            actor=actor,
            from_value=str(finding.priority),
            to_value=str(priority),
            via="app",
        )
        finding.priority = priority
        changed = True
    if due_date is not UNSET:
        value = default_due_date(finding) if due_date is None else due_date
        if value != finding.due_date:
            findings.record(
                finding,
                EventKind.DUE_DATE,
                actor=actor,
                from_value=finding.due_date.isoformat() if finding.due_date else None,
                to_value=value.isoformat() if value else None,
                via="app",
                data={"default": due_date is None},
            )
            finding.due_date = value
            finding.reminded_at = None  # a new deadline: reminders start afresh
            changed = True
    if changed:
        finding.touch()
    return changed
