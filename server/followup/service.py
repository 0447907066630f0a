"""The coordinators' follow-up: reopening and merging (moves of the transition table in
server/findings/workflow.py), priority and due date, comments, the triage queue, the overdue
list per owner and the reminders that go to owners through the outbox.

Functions take plain arguments and leave committing to the caller.
"""

import math
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from server import cursors
from server.accounts.models import Organisation, Role, User
from server.accounts.policy import STAFF
from server.audit import service as audit
from server.categories.models import Category
from server.database import utcnow
from server.errors import Conflict, Forbidden, ValidationFailed
from server.extensions import db
from server.findings import service as findings
from server.findings.models import OPEN_STATUSES, EventKind, Finding, FindingEvent, Status
from server.followup.models import DistinctPair
from server.i18n import translate
from server.notify import service as notify
from server.notify.models import Delivery, Notification, NotificationKind
from server.places.models import FindingArea
from server.routing import service as routing
from server.routing.reasons import describe

S = Status
# The statuses in which a finding is with its owner: these can be overdue and reminded of.
WITH_OWNER = (S.SENT, S.ACKNOWLEDGED, S.PLANNED)
TRIAGE = (S.NEW, S.TRIAGED, S.NOT_OURS)
METRES_PER_DEGREE = 111_320.0


class Visibility:
    INTERNAL = "internal"  # coordinators and admins only
    OWNER = "owner"  # also the organisation the finding is sent to (bound to that organisation)


# --- moves of the transition table --------------------------------------------------------------


def reopen(
    finding: Finding,
    actor: User,
    target: str,
    comment: str,
    send_to: Organisation | None = None,
    at: datetime | None = None,
) -> None:
    """A fixed or verified finding is not fixed after all: back to its owner (or another one),
    with a new due date and the owner told again ('skickad'), or back to triage ('granskad')."""
    if target == S.SENT:
        organisation = send_to or finding.assigned_org
        if organisation is None:
            raise ValidationFailed(
                errors={"organisation_id": ["Nobody is proposed for this finding: choose one."]}
            )
        findings.set_status(finding, actor, S.SENT, comment, at, via="app")
        if finding.assigned_org_id == organisation.id and finding.routing:
            decision = dict(finding.routing)
        else:
            decision = routing.manual_routing(organisation, actor, comment)
        routing.dispatch(finding, organisation, decision, actor, at=at)
        finding.reminded_at = None
        return
    notify.supersede(finding)
    if finding.assigned_org_id is not None:
        decision = routing.manual_routing(None, actor, comment)
        findings.assign(
            finding, actor, None, describe(decision, "sv"), at, routing=decision, via="app"
        )
    findings.set_status(finding, actor, S.TRIAGED, comment, at, via="app")
    finding.planned_for = None


def merge(
    duplicate: Finding,
    original: Finding,
    actor: User,
    comment: str | None = None,
    at: datetime | None = None,
) -> None:
    """Mark `duplicate` as a duplicate of `original`: status 'dubblett' with duplicate_of, its
    photos and history kept and shown with the original, unsent emails about it cancelled. Its
    reporter sees the new status and what it duplicates through the sync."""
    if original.id == duplicate.id:
        raise ValidationFailed(errors={"duplicate_of": ["A finding cannot duplicate itself."]})
    if original.status == S.DUPLICATE:
        raise ValidationFailed(
            errors={
                "duplicate_of": [
                    "That finding is itself a duplicate: merge into the one it duplicates."
                ]
            }
        )
    notify.supersede(duplicate)
    findings.set_status(
        duplicate,
        actor,
        S.DUPLICATE,
        comment,
        at,
        via="app",
        data={"duplicate_of": str(original.id)},
    )
    duplicate.duplicate_of = original
    earlier = list(
        db.session.scalars(select(Finding).where(Finding.duplicate_of_id == duplicate.id))
    )
    for merged in earlier:  # duplicates of the duplicate follow it to the original
        merged.duplicate_of = original
        merged.touch()
    from server.photos.models import Photo  # the photos build on the findings

    photos = db.session.scalar(
        select(func.count()).select_from(Photo).where(Photo.finding_id == duplicate.id)
    )
    findings.record(
        original,
        EventKind.MERGED,
        comment,
        actor=actor,
        at=at,
        to_value=str(duplicate.id),
        via="app",
        data={
            "duplicate": str(duplicate.id),
            "photos": photos,
            "also": [str(f.id) for f in earlier],
        },
    )
    original.touch()


def judge_distinct(finding: Finding, other: Finding, actor: User) -> bool:
    """A coordinator says the two are not the same ("inte en dubblett"): the pair leaves the
    triage queue for good, and the audit log says who judged. False if already judged."""
    if finding.id == other.id:
        raise ValidationFailed(errors={"other": ["A finding is always the same as itself."]})
    first_id, second_id = DistinctPair.key(finding.id, other.id)
    if db.session.get(DistinctPair, (first_id, second_id)) is not None:
        return False
    db.session.add(DistinctPair(first_id=first_id, second_id=second_id, judged_by_id=actor.id))
    audit.record(
        "finding.distinct",
        "finding",
        finding.id,
        actor=actor,
        finding_id=finding.id,
        data={"other": str(other.id)},
    )
    return True


def judged_distinct(finding: Finding) -> set[uuid.UUID]:
    """The findings a coordinator judged not the same as this one."""
    pairs = db.session.execute(
        select(DistinctPair.first_id, DistinctPair.second_id).where(
            or_(DistinctPair.first_id == finding.id, DistinctPair.second_id == finding.id)
        )
    )
    return {second if first == finding.id else first for first, second in pairs}


def touch_duplicates(finding: Finding) -> None:
    """The original changed status: its duplicates show that status, so phones fetch them."""
    db.session.execute(
        update(Finding)
        .where(Finding.duplicate_of_id == finding.id)
        .values(updated_at=utcnow(), version=Finding.version + 1),
        execution_options={"synchronize_session": False},
    )


# --- priority and due date ----------------------------------------------------------------------

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
            FindingEvent.to_value == S.SENT.value,
        )
    )
    start = routing.local_date(sent_at) if sent_at else (today or routing.local_date(utcnow()))
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


# --- comments -----------------------------------------------------------------------------------


def add_comment(
    finding: Finding,
    user: User | None,
    body: str,
    visibility: str | None,
    link_org: Organisation | None = None,
) -> FindingEvent:
    """A comment in the finding's history. Coordinators write 'internal' (coordinators only)
    or 'owner' (also the organisation the finding is sent to now); the owner's users, and the
    organisation through its signed link (`link_org`, no user), write to the coordinators
    ('owner': their organisation sees it too). Reporters never see comments. A shared comment
    is emailed to the other side; an internal one stays in Lykta."""
    from server.findings import workflow  # the workflow builds on this module

    role = workflow.role_towards(user, finding, link_org)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(errors={"body": ["Write something."]})
    if role == "coordinator":
        visibility = visibility or Visibility.INTERNAL
        if visibility == Visibility.OWNER and finding.assigned_org_id is None:
            raise Conflict("The finding is not sent to an owner: nobody to show the comment to.")
    elif role in ("owner", "link"):
        visibility = visibility or Visibility.OWNER
        if visibility != Visibility.OWNER:
            raise ValidationFailed(
                errors={"visibility": ["Owners' comments are seen by the coordinators."]}
            )
    else:
        raise Forbidden(
            "Only coordinators and the organisation the finding is sent to may comment on it."
        )
    organisation_id = finding.assigned_org_id if visibility == Visibility.OWNER else None
    findings.record(
        finding,
        EventKind.COMMENT,
        body,
        actor=user,
        actor_org=link_org if user is None else None,
        via="link" if link_org is not None else "app",
        data={"visibility": visibility, "organisation_id": organisation_id},
    )
    db.session.flush()
    event = finding.events[-1]
    if visibility == Visibility.OWNER:
        notify.enqueue_comment(finding, event, to_coordinators=role != "coordinator")
    return event


def comment_visible(event: FindingEvent, viewer: User) -> bool:
    """Coordinators see every comment; an owner's user those shared with their organisation
    (while or when the finding was sent to it); reporters none."""
    if viewer.role in STAFF:
        return True
    return viewer.role == Role.OWNER and shared_with(event, viewer.organisation_id)


def shared_with(event: FindingEvent, organisation_id: int) -> bool:
    """Whether the comment was shared with this organisation: it stays with the organisation
    the finding was sent to when it was written, not with the next one."""
    data = event.data or {}
    return (
        data.get("visibility") == Visibility.OWNER
        and data.get("organisation_id") == organisation_id
    )


def comment_author(event: FindingEvent, locale: str, reader_org_id: int | None = None) -> str:
    """Who wrote a comment, as its reader may know it (as the API shows names): coordinators
    (reader_org_id None) and the writer's own organisation see the person; an owner's
    organisation sees a coordinator as one; an organisation through its link is itself."""
    actor = event.actor
    if actor is None:
        return event.actor_org.name if event.actor_org else ""
    organisation = actor.organisation.name
    if reader_org_id is None or actor.organisation_id == reader_org_id:
        return f"{actor.name}, {organisation}"
    if actor.role in STAFF:
        return translate("Coordinator, {organisation}", locale, organisation=organisation)
    return organisation


def sees_merged(viewer: User, finding: Finding) -> bool:
    """Who sees the material of the duplicates merged into a finding (their notes, photos and
    history): coordinators and the organisation it is sent to - those who act on it."""
    if viewer.role in STAFF:
        return True
    return viewer.role == Role.OWNER and finding.assigned_org_id == viewer.organisation_id


def duplicates_of(finding: Finding) -> list[Finding]:
    from server.findings.queries import with_details

    return list(
        db.session.scalars(
            with_details(select(Finding))
            .where(Finding.duplicate_of_id == finding.id)
            .order_by(Finding.captured_at, Finding.id)
        )
    )


# --- the triage queue ---------------------------------------------------------------------------

REASON_TEXTS = {
    "new": "New, not sent to anyone: {reason}",
    "review": "Waiting for review: proposed for {organisation}",
    "unrouted": "Triaged but not sent to anyone",
    "not_ours": "{organisation} says it is not theirs: {comment}",
    "duplicate": "Possibly the same as {count} open findings nearby",
    "delivery_failed": "The email to the owner could not be delivered: {error}",
}
QUEUE_REASONS = tuple(REASON_TEXTS)


def queue(
    reason: str | None = None, area: int | None = None, locale: str = "sv"
) -> list[tuple[Finding, list[dict]]]:
    """Every finding that waits for a coordinator, oldest first, each with why."""
    found: dict[uuid.UUID, list[dict]] = defaultdict(list)
    candidates: dict[uuid.UUID, Finding] = {}
    query = select(Finding).where(
        or_(
            Finding.status.in_([status.value for status in TRIAGE]),
            (Finding.delivery_state == Delivery.FAILED)
            & Finding.status.in_([status.value for status in OPEN_STATUSES]),
        )
    )
    for finding in db.session.scalars(query):
        candidates[finding.id] = finding
        for item in _status_reasons(finding, locale):
            found[finding.id].append(item)
    for finding_id, item in possible_duplicates(locale).items():
        found[finding_id].append(item)
    failures = _failures([fid for fid, f in candidates.items() if f.delivery_state == "failed"])
    for finding_id, item in failures.items():
        found[finding_id].append(_reason("delivery_failed", locale, **item))
    if reason:
        found = {
            fid: items for fid, items in found.items() if any(i["code"] == reason for i in items)
        }
    if area is not None and found:
        inside = set(
            db.session.scalars(
                select(FindingArea.finding_id).where(
                    FindingArea.area_id == area, FindingArea.finding_id.in_(list(found))
                )
            )
        )
        found = {fid: items for fid, items in found.items() if fid in inside}
    missing = [fid for fid in found if fid not in candidates]
    if missing:
        candidates.update(
            {f.id: f for f in db.session.scalars(select(Finding).where(Finding.id.in_(missing)))}
        )
    items = [(candidates[fid], reasons) for fid, reasons in found.items()]
    items.sort(key=lambda pair: (pair[0].received_at, pair[0].id))
    return items


def page(items: list, cursor: str | None, limit: int):
    """Keyset paging over the queue's order (received_at, id)."""
    if cursor:
        moment, last = cursors.decode(cursor, _parse_cursor)
        items = [pair for pair in items if (pair[0].received_at, pair[0].id) > (moment, last)]
    more = len(items) > limit
    items = items[:limit]
    next_cursor = None
    if more:
        last_finding = items[-1][0]
        next_cursor = cursors.encode([last_finding.received_at.isoformat(), str(last_finding.id)])
    return items, next_cursor


def _parse_cursor(value):
    moment, last = value
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        raise ValueError("no offset")
    return parsed, uuid.UUID(last)


def _reason(code: str, locale: str, **values) -> dict:
    text_values = {key: value for key, value in values.items() if isinstance(value, str | int)}
    return {"code": code, "text": translate(REASON_TEXTS[code], locale, **text_values), **values}


def _status_reasons(finding: Finding, locale: str) -> list[dict]:
    decision = finding.routing or {}
    organisation = decision.get("organisation") or {}
    if finding.status == S.NEW:
        if decision.get("review") and organisation:
            return [
                _reason(
                    "review",
                    locale,
                    organisation=organisation.get("name", ""),
                    organisation_id=organisation.get("id"),
                )
            ]
        text = describe(decision, locale) if decision else translate("no position yet", locale)
        return [_reason("new", locale, reason=text)]
    if finding.status == S.TRIAGED and finding.assigned_org_id is None:
        if decision.get("kind") == "positive":
            return []
        return [_reason("unrouted", locale)]
    if finding.status == S.NOT_OURS:
        return [
            _reason(
                "not_ours",
                locale,
                organisation=organisation.get("name", ""),
                organisation_id=organisation.get("id"),
                comment=decision.get("comment") or finding.status_reason or "",
            )
        ]
    return []


def _failures(finding_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    if not finding_ids:
        return {}
    rows = db.session.scalars(
        select(Notification)
        .where(
            Notification.finding_id.in_(finding_ids),
            Notification.current.is_(True),
            Notification.status == Delivery.FAILED,
            Notification.kind == NotificationKind.ASSIGNED,
        )
        .order_by(Notification.id)
    )
    found: dict[uuid.UUID, dict] = {}
    for row in rows:
        item = found.setdefault(
            row.finding_id, {"error": "", "recipients": [], "notifications": []}
        )
        item["error"] = translate(row.last_error or "") if row.last_error else ""
        item["recipients"].append(row.recipient)
        item["notifications"].append(row.id)
    return found


def possible_duplicates(locale: str = "sv") -> dict[uuid.UUID, dict]:
    """Open findings of one category within the category's nearby radius of each other (as
    /findings/nearby finds them): the later of each pair is a possible duplicate of the
    earlier. One pass over the open findings' positions, bucketed in a grid of the radius."""
    radii = {
        category.id: category.nearby_radius_m
        for category in db.session.scalars(select(Category).where(Category.positive.is_(False)))
    }
    rows = db.session.execute(
        select(
            Finding.id,
            Finding.category_id,
            Finding.lat,
            Finding.lon,
            Finding.captured_at,
            Finding.received_at,
            Finding.status,
        ).where(
            Finding.status.in_([status.value for status in OPEN_STATUSES]),
            Finding.lat.is_not(None),
            Finding.category_id.in_(list(radii) or [-1]),
        )
    ).all()
    by_category: dict[int, list] = defaultdict(list)
    for row in rows:
        by_category[row.category_id].append(row)
    distinct = {
        (first, second)
        for first, second in db.session.execute(
            select(DistinctPair.first_id, DistinctPair.second_id)
        )
    }
    from server.findings.queries import distance_m

    result: dict[uuid.UUID, dict] = {}
    for category_id, items in by_category.items():
        if len(items) < 2:
            continue
        radius = radii[category_id]
        dlat = radius / METRES_PER_DEGREE
        widest = max(abs(item.lat) for item in items)
        dlon = radius / (METRES_PER_DEGREE * max(math.cos(math.radians(widest)), 0.01))
        grid: dict[tuple[int, int], list] = defaultdict(list)
        for item in items:
            grid[(math.floor(item.lat / dlat), math.floor(item.lon / dlon))].append(item)
        for (cell_lat, cell_lon), members in grid.items():
            neighbours = [
                other
                for i in (-1, 0, 1)
                for j in (-1, 0, 1)
                for other in grid.get((cell_lat + i, cell_lon + j), ())
            ]
            for item in members:
                for other in neighbours:
                    if _order(other) >= _order(item):
                        continue  # only earlier ones are originals of this one
                    if DistinctPair.key(item.id, other.id) in distinct:
                        continue
                    distance = distance_m(item.lat, item.lon, other.lat, other.lon)
                    if distance <= radius:
                        entry = result.setdefault(item.id, [])
                        entry.append(
                            {
                                "id": str(other.id),
                                "status": other.status,
                                "distance_m": round(distance, 1),
                                "captured_at": other.captured_at.isoformat(),
                            }
                        )
    return {
        finding_id: _reason(
            "duplicate",
            locale,
            count=len(candidates),
            candidates=sorted(candidates, key=lambda c: c["distance_m"]),
        )
        for finding_id, candidates in result.items()
    }


def _order(row) -> tuple:
    """Which of two reports came first: taken, then received (a phone's clock can be off)."""
    return (row.captured_at, row.received_at, row.id)


# --- overdue and reminders ----------------------------------------------------------------------


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
    today = routing.local_date(now)
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
        local = now.astimezone(ZoneInfo(app.config["LYKTA_TIMEZONE"]))
        if local.hour < hour or getattr(state, "reminded_on", None) == local.date():
            return None
        try:
            count = len(send_reminders(now))
            db.session.commit()
        finally:
            db.session.remove()
        state.reminded_on = local.date()
        return count
