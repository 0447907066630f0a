"""Reading findings: lists with filters and cursor paging, nearby open findings, and the
dictionary a finding is shown as. Every read is scoped by the policy's finding_scope()."""

import math
import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from server import cursors
from server.accounts.models import User
from server.accounts.policy import STAFF, finding_scope
from server.categories.models import Category
from server.errors import Forbidden, ValidationFailed
from server.extensions import db
from server.findings import workflow
from server.findings.models import OPEN_STATUSES, EventKind, Finding, Status
from server.followup import service as followup
from server.i18n import current_locale
from server.places.models import FindingArea
from server.routing.reasons import describe

METRES_PER_DEGREE = 111_320.0
EARTH_RADIUS_M = 6_371_008.8


def present(finding: Finding, viewer: User) -> dict:
    return {
        "id": finding.id,
        "category": finding.category.code,
        "note": finding.note,
        "lat": finding.lat,
        "lon": finding.lon,
        "accuracy_m": finding.accuracy_m,
        "location_source": finding.location_source,
        "captured_at": finding.captured_at,
        "received_at": finding.received_at,
        "updated_at": finding.updated_at,
        "walk_id": finding.walk_id,
        "status": finding.status,
        "assigned_org": (
            {"id": finding.assigned_org.id, "name": finding.assigned_org.name}
            if finding.assigned_org
            else None
        ),
        "routing_reason": finding.routing_reason,
        "routing": _routing(finding),
        "proposed_org": _proposed_org(finding),
        "priority": finding.priority,
        "due_date": finding.due_date,
        "planned_for": finding.planned_for,
        # Whether the owner's email went out: for coordinators (FixMyStreet's dead mailboxes).
        "delivery": finding.delivery_state if viewer.role in STAFF else None,
        "transitions": workflow.moves(viewer, finding),
        "version": finding.version,
        "mine": finding.reporter_id == viewer.id,
        "complete": finding.complete,
        "photos_expected": finding.photos_expected,
        "photos": [present_photo(photo) for photo in finding.photos if not photo.removed],
        # Follow-up (server/followup): why it has its status (a rejection's reason), what it
        # duplicates, and how many photos the retention removed.
        "status_reason": finding.status_reason,
        "duplicate_of": (
            {"id": finding.duplicate_of.id, "status": finding.duplicate_of.status}
            if finding.duplicate_of_id and finding.duplicate_of
            else None
        ),
        "photos_removed": sum(1 for photo in finding.photos if photo.removed),
    }


def present_photo(photo, finding_id=None) -> dict:
    """A photo's reference; served under `finding_id` when given (a merged duplicate's photo
    shown with its original)."""
    url, thumbnail_url = photo.url, photo.thumbnail_url
    if finding_id is not None and finding_id != photo.finding_id:
        url = url.replace(str(photo.finding_id), str(finding_id), 1)
        thumbnail_url = thumbnail_url.replace(str(photo.finding_id), str(finding_id), 1)
    return {
        "id": photo.id,
        "url": url,
        "thumbnail_url": thumbnail_url,
        "width": photo.width,
        "height": photo.height,
        "kind": photo.kind,
        "redacted": photo.redacted_at is not None,
    }


def present_detail(finding: Finding, viewer: User) -> dict:
    """The finding with the duplicates merged into it (their notes and photos, for those who
    act on it: server/followup.sees_merged)."""
    shown = present(finding, viewer)
    shown["duplicates"] = []
    if followup.sees_merged(viewer, finding):
        shown["duplicates"] = [
            {
                "id": duplicate.id,
                "category": duplicate.category.code,
                "note": duplicate.note,
                "captured_at": duplicate.captured_at,
                "lat": duplicate.lat,
                "lon": duplicate.lon,
                "photos": [
                    present_photo(photo, finding.id)
                    for photo in duplicate.photos
                    if not photo.removed
                ],
            }
            for duplicate in followup.duplicates_of(finding)
        ]
    return shown


def _routing(finding: Finding) -> dict | None:
    """The routing decision's values and its text in the reader's language."""
    if not finding.routing:
        return None
    return {**finding.routing, "text": describe(finding.routing, current_locale())}


def _proposed_org(finding: Finding) -> dict | None:
    routing = finding.routing or {}
    if finding.assigned_org_id is None and routing.get("review"):
        return routing.get("organisation")
    return None


def with_details(query):
    return query.options(
        selectinload(Finding.category),
        selectinload(Finding.assigned_org),
        selectinload(Finding.photos),
        selectinload(Finding.duplicate_of),
    )


def list_findings(viewer: User, args: dict) -> tuple[list[Finding], str | None]:
    """A page of the findings the viewer may see, newest first, and the cursor for the next."""
    query = with_details(select(Finding).where(finding_scope(viewer)))
    query = apply_filters(query, args, viewer)
    if args.get("cursor"):
        captured_at, last_id = _decode_cursor(args["cursor"])
        query = query.where(
            or_(
                Finding.captured_at < captured_at,
                and_(Finding.captured_at == captured_at, Finding.id < last_id),
            )
        )
    limit = args["limit"]
    query = query.order_by(Finding.captured_at.desc(), Finding.id.desc()).limit(limit + 1)
    findings = list(db.session.scalars(query))
    if len(findings) <= limit:
        return findings, None
    findings = findings[:limit]
    return findings, _encode_cursor(findings[-1])


def apply_filters(query, args: dict, viewer: User):
    """The list's filters (the exports use them too). Only coordinators and admins see whether
    the owner's email went out, so only they may filter by it: for anyone else the filter
    would tell which of their findings' emails failed although the findings never say. A 403:
    the request is well formed, the caller may not make it."""
    if args.get("delivery") and viewer.role not in STAFF:
        raise Forbidden(errors={"delivery": ["Only coordinators may filter by delivery."]})
    if args.get("bbox"):
        query = query.where(located_in(*parse_bbox(args["bbox"])))
    if args.get("status"):
        statuses = _split(args["status"])
        unknown = set(statuses) - {status.value for status in Status}
        if unknown:
            listed = ", ".join(sorted(unknown))
            raise ValidationFailed(errors={"status": [f"Unknown status: {listed}."]})
        query = query.where(Finding.status.in_(statuses))
    if args.get("category"):
        codes = _split(args["category"])
        query = query.where(
            Finding.category_id.in_(select(Category.id).where(Category.code.in_(codes)))
        )
    if args.get("walk") is not None:
        query = query.where(Finding.walk_id == args["walk"])
    if args.get("since"):
        query = query.where(Finding.updated_at >= args["since"])
    if args.get("area") is not None:
        query = query.where(
            Finding.id.in_(
                select(FindingArea.finding_id).where(FindingArea.area_id == args["area"])
            )
        )
    if args.get("assigned_org") is not None:
        query = query.where(Finding.assigned_org_id == args["assigned_org"])
    if args.get("delivery"):
        query = query.where(Finding.delivery_state == args["delivery"])
    return query


def located_in(min_lon: float, min_lat: float, max_lon: float, max_lat: float):
    """Findings inside the box, edges included. PostgreSQL answers from a GiST index on the
    point (ix_findings_location); elsewhere the (lat, lon) B-tree narrows to a band."""
    if db.session.get_bind().dialect.name == "postgresql":
        box = func.box(func.point(min_lon, min_lat), func.point(max_lon, max_lat))
        return func.point(Finding.lon, Finding.lat).op("<@", is_comparison=True)(box)
    return and_(Finding.lat.between(min_lat, max_lat), Finding.lon.between(min_lon, max_lon))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationFailed(
            errors={"bbox": ["Give four numbers: minlon,minlat,maxlon,maxlat."]}
        ) from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)) or not (
        -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90
    ):
        raise ValidationFailed(errors={"bbox": ["Give four numbers: minlon,minlat,maxlon,maxlat."]})
    return min_lon, min_lat, max_lon, max_lat


def _encode_cursor(finding: Finding) -> str:
    return cursors.encode([finding.captured_at.isoformat(), str(finding.id)])


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    def parse(value):
        captured_at, last_id = value
        return datetime.fromisoformat(captured_at), uuid.UUID(last_id)

    return cursors.decode(cursor, parse)


def nearby_open(
    viewer: User, lat: float, lon: float, category: Category, radius_m: float
) -> list[dict]:
    """Open findings of the category within the radius, nearest first: duplicate suggestions.

    Anyone reporting may learn that something is already reported near them: the place, status
    and distance of every open finding of the category. Which finding it is (its id), when it
    was taken and whose it is only for the findings finding_scope() lets the viewer see."""
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    visible = finding_scope(viewer).label("visible")
    query = select(Finding, visible).where(
        Finding.category_id == category.id,
        Finding.status.in_([status.value for status in OPEN_STATUSES]),
        located_in(lon - dlon, lat - dlat, lon + dlon, lat + dlat),
    )
    found = []
    for finding, may_see in db.session.execute(query):
        distance = distance_m(lat, lon, finding.lat, finding.lon)
        if distance <= radius_m:
            found.append(_nearby_item(finding, category, viewer, round(distance, 1), may_see))
    return sorted(found, key=lambda item: item["distance_m"])[:20]


def _nearby_item(
    finding: Finding, category: Category, viewer: User, distance: float, may_see: bool
) -> dict:
    item = {
        "category": category.code,
        "status": finding.status,
        "lat": finding.lat,
        "lon": finding.lon,
        "distance_m": distance,
    }
    if may_see:
        item.update(
            id=finding.id, captured_at=finding.captured_at, mine=finding.reporter_id == viewer.id
        )
    return item


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), good to centimetres over a town."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def history(finding: Finding, viewer: User, *, merged: bool = True) -> list[dict]:
    """The finding's events, oldest first, as this viewer may see them: deliveries (email
    addresses, server errors) only for coordinators; comments as server/followup decides
    (never to reporters); people's names for coordinators and the people of the actor's own
    organisation; the organisation for everyone. With the history of the duplicates merged
    into it, for those who act on it (each event says its finding_id)."""
    staff = viewer.role in STAFF
    locale = current_locale()
    events = list(finding.events)
    if merged and finding.status != Status.DUPLICATE and followup.sees_merged(viewer, finding):
        for duplicate in followup.duplicates_of(finding):
            events.extend(duplicate.events)
        events.sort(key=lambda event: (event.at, event.id))
    shown = []
    for event in events:
        if event.kind == EventKind.DELIVERY and not staff:
            continue
        if event.kind == EventKind.COMMENT and not followup.comment_visible(event, viewer):
            continue
        actor = event.actor
        organisation = event.actor_org or (actor.organisation if actor else None)
        see_person = actor is not None and (
            staff or actor.id == viewer.id or actor.organisation_id == viewer.organisation_id
        )
        shown.append(
            {
                "id": event.id,
                "finding_id": event.finding_id,
                "at": event.at,
                "kind": event.kind,
                "from_value": event.from_value,
                "to_value": event.to_value,
                "comment": event.comment,
                "text": _event_text(event, locale),
                "actor": {"id": actor.id, "name": actor.name} if see_person else None,
                "organisation": (
                    {"id": organisation.id, "name": organisation.name} if organisation else None
                ),
                "via": event.via,
                "data": event.data,
            }
        )
    return shown


def _event_text(event, locale: str) -> str | None:
    if event.kind == EventKind.ASSIGNED and event.data:
        return describe(event.data, locale)
    return None
