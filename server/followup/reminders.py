"""Overdue findings per owner, and the reminders that go to owners through the outbox, once a
day from the worker (or `lykta followup reminders`)."""

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from server import clock
from server.database import utcnow
from server.extensions import db
from server.findings import service as findings
from server.findings.models import EventKind, Finding, Status
from server.notify import service as notify
from server.notify.models import Notification, NotificationKind

S = Status
# The statuses in which a finding is with its owner: these can be overdue and reminded of.
WITH_OWNER = (S.SENT, S.ACKNOWLEDGED, S.PLANNED)


def overdue(today: date, organisation_id: int | None = None) -> list[dict]:
    """Open findings with their owner past the due date, grouped by organisation (most first),
    each with how many days overdue (most first)."""
    query = (
        select(Finding)
        .where(
            Finding.status.in_([status.value for status in WITH_OWNER]),
            Finding.assigned_org_id.is_not(None),
            Finding.due_date < today,
        )
        .options(selectinload(Finding.category), selectinload(Finding.assigned_org))
    )
    if organisation_id is not None:
        query = query.where(Finding.assigned_org_id == organisation_id)
    groups: dict[int, dict] = {}
    for finding in db.session.scalars(query):
        organisation = finding.assigned_org
        group = groups.setdefault(
            organisation.id,
            {"organisation": {"id": organisation.id, "name": organisation.name}, "findings": []},
        )
        group["findings"].append(
            {
                "id": finding.id,
                "category": finding.category.code,
                "status": finding.status,
                "priority": finding.priority,
                "due_date": finding.due_date,
                "days_overdue": (today - finding.due_date).days,
                "planned_for": finding.planned_for,
                "reminded_at": finding.reminded_at,
                "lat": finding.lat,
                "lon": finding.lon,
                "routing_reason": finding.routing_reason,
            }
        )
    result = []
    for group in groups.values():
        group["findings"].sort(key=lambda item: (-item["days_overdue"], item["priority"]))
        group["count"] = len(group["findings"])
        group["most_days_overdue"] = group["findings"][0]["days_overdue"]
        result.append(group)
    result.sort(key=lambda group: (-group["count"], group["organisation"]["name"]))
    return result


def send_reminders(now: datetime | None = None, *, dry_run: bool = False) -> list[dict]:
    """Queue a reminder to the owner of every overdue finding that has not been reminded within
    LYKTA_REMINDER_INTERVAL_DAYS. A finding is claimed with a conditional UPDATE of its
    reminded_at, so two runs at once (cron and the worker, two workers) never remind twice.
    Each recipient's reminders go out as one email (the outbox groups them)."""
    now = now or utcnow()
    today = clock.local_date(now)
    interval = timedelta(days=current_app.config["LYKTA_REMINDER_INTERVAL_DAYS"])
    due = or_(Finding.reminded_at.is_(None), Finding.reminded_at <= now - interval)
    query = (
        select(Finding)
        .where(
            Finding.status.in_([status.value for status in WITH_OWNER]),
            Finding.assigned_org_id.is_not(None),
            Finding.due_date < today,
            due,
        )
        .order_by(Finding.due_date, Finding.id)
    )
    done = []
    for finding in list(db.session.scalars(query)):
        days = (today - finding.due_date).days
        if dry_run:
            done.append({"finding": finding, "days_overdue": days, "recipients": None})
            continue
        claimed = db.session.execute(
            update(Finding).where(Finding.id == finding.id, due).values(reminded_at=now),
            execution_options={"synchronize_session": False},
        ).rowcount
        if not claimed:
            continue  # another run reminded it a moment ago
        finding.reminded_at = now
        organisation = finding.assigned_org
        targets = notify.recipients(organisation, notify.routed_property(finding, organisation))
        db.session.add_all(
            Notification(
                kind=NotificationKind.REMINDER,
                finding_id=finding.id,
                organisation_id=organisation.id,
                user_id=target.user_id,
                recipient=target.address,
                locale=target.locale,
                digest=True,  # one email per recipient with all of its overdue findings
                next_attempt_at=now,
            )
            for target in targets
        )
        findings.record(
            finding,
            EventKind.REMINDER,
            actor=None,
            at=now,
            to_value=organisation.name,
            via="worker",
            data={"days_overdue": days, "recipients": len(targets)},
        )
        done.append({"finding": finding, "days_overdue": days, "recipients": len(targets)})
    return done


def daily_reminders(app, state) -> int | None:
    """From the worker's loop: send the day's reminders once LYKTA_REMINDER_HOUR has passed
    (local time). `state` remembers the day it last ran in this process; the per-finding
    interval makes a second run by another worker harmless."""
    hour = app.config.get("LYKTA_REMINDER_HOUR")
    if hour is None:
        return None
    with app.app_context():
        now = utcnow()
        local = clock.local(now)
        if local.hour < hour or getattr(state, "reminded_on", None) == local.date():
            return None
        try:
            count = len(send_reminders(now))
            db.session.commit()
        finally:
            db.session.remove()
        state.reminded_on = local.date()
        return count
