"""The coordinators' triage queue: every finding that waits for a coordinator, each with the
reasons why (new, waiting for review, not routed, 'ej vårt ansvar', a possible duplicate, an
email to the owner that failed), oldest first, with keyset paging."""

import uuid
from collections import defaultdict
from datetime import datetime

from sqlalchemy import or_, select

from server import cursors
from server.accounts.policy import moderated
from server.extensions import db
from server.findings.models import OPEN_STATUSES, Finding, Status
from server.followup.duplicates import judged_distinct, possible_duplicates
from server.i18n import translate
from server.notify.models import Delivery, Notification, NotificationKind
from server.places.models import FindingArea
from server.routing.reasons import describe

S = Status
TRIAGE = (S.NEW, S.TRIAGED, S.NOT_OURS)
REASON_TEXTS = {
    "new": "New, not sent to anyone: {reason}",
    "review": "Waiting for review: proposed for {organisation}",
    "unrouted": "Triaged but not sent to anyone",
    "not_ours": "{organisation} says it is not theirs: {comment}",
    "duplicate": "Possibly the same as {count} open findings nearby",
    "same_as": "The reporter says it is the same as another finding",
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
        ),
        moderated(),  # residents' tips wait in their own queue (server/tips)
    )
    for finding in db.session.scalars(query):
        candidates[finding.id] = finding
        for item in _status_reasons(finding, locale):
            found[finding.id].append(item)
    for finding_id, originals in possible_duplicates().items():
        found[finding_id].append(duplicate_reason(originals, locale))
    for finding in candidates.values():
        if (
            finding.same_as_id is not None
            and finding.status in TRIAGE
            and finding.same_as_id not in judged_distinct(finding)
        ):
            found[finding.id].append(_reason("same_as", locale, original=str(finding.same_as_id)))
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


def duplicate_reason(candidates: list[dict], locale: str) -> dict:
    return _reason("duplicate", locale, count=len(candidates), candidates=candidates)
