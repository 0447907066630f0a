"""Reading findings: lists with filters and cursor paging, nearby open findings and the
duplicates merged into one. Every read is scoped by the policy's finding_scope(); how a
finding is shown is server/findings/presenters.py."""

import math
import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from server import cursors
from server.accounts.models import User
from server.accounts.policy import STAFF, finding_scope, moderated
from server.categories.models import Category
from server.errors import Forbidden, ValidationFailed
from server.extensions import db
from server.findings.models import OPEN_STATUSES, Finding, Status
from server.findings.same_as import may_add_photo, ref
from server.geo import degrees_around, distance_m
from server.places.models import FindingArea


def with_details(query):
    return query.options(
        selectinload(Finding.category),
        selectinload(Finding.assigned_org),
        selectinload(Finding.photos),
        selectinload(Finding.duplicate_of),
    )


def list_findings(viewer: User, args: dict) -> tuple[list[Finding], str | None]:
    """A page of the findings the viewer may see, newest first, and the cursor for the next."""
    query = with_details(select(Finding).where(finding_scope(viewer), moderated()))
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
    was taken, whose it is, its note and first photo only for the findings finding_scope() lets
    the viewer see. Each carries a ref for a new finding's 'samma sak' (findings/same_as.py)."""
    dlat, dlon = degrees_around(lat, radius_m)
    visible = finding_scope(viewer).label("visible")
    query = (
        select(Finding, visible)
        .options(selectinload(Finding.photos))
        .where(
            Finding.category_id == category.id,
            Finding.status.in_([status.value for status in OPEN_STATUSES]),
            moderated(),
            located_in(lon - dlon, lat - dlat, lon + dlon, lat + dlat),
        )
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
        "ref": ref(finding),
        "may_add_photo": bool(may_see) and may_add_photo(viewer, finding, readable=True),
    }
    if may_see:
        photo = next((p for p in finding.photos if p.kind == "report" and not p.removed), None)
        item.update(
            id=finding.id,
            captured_at=finding.captured_at,
            mine=finding.reporter_id == viewer.id,
            note=finding.note,
            thumbnail_url=photo.thumbnail_url if photo else None,
        )
    return item


def duplicates_of(finding: Finding) -> list[Finding]:
    """The findings merged into this one as its duplicates, in the order they were taken."""
    return list(
        db.session.scalars(
            with_details(select(Finding))
            .where(Finding.duplicate_of_id == finding.id)
            .order_by(Finding.captured_at, Finding.id)
        )
    )
