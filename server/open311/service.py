"""Open311 GeoReport v2 over Lykta's findings: services are the categories, service requests
the findings.

Status mapping (GeoReport has two statuses; `detailed_status` carries Lykta's, in Swedish):
- open: ny, granskad, skickad, mottagen, planerad, ej vårt ansvar
- closed: åtgärdad, verifierad, avvisad, dubblett

Privacy: a request read with a key shows only what the key's user may see anyway
(finding_scope), and never a street address (there is none) nor who reported it.
`status_notes` carries the reason of a rejection (shown to the reporter by design) or the
owner's planned date, nothing else. Without a key: the public findings in public fields only
(server/open311/public.py).

Jurisdiction: one server serves one municipality, named by LYKTA_OPEN311_JURISDICTION (by
default the host name of LYKTA_BASE_URL), which discovery shows. A `jurisdiction_id` naming it
is accepted, any other is GeoReport's 404 "jurisdiction_id not found".
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.accounts.policy import finding_scope, moderated
from server.categories.models import Category
from server.clock import zone
from server.database import utcnow
from server.extensions import db
from server.findings import service as findings
from server.findings.models import CLOSED_STATUSES, Finding
from server.open311 import bounds, public
from server.open311.errors import Open311Error
from server.open311.presenters import base_url

DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
STATUSES = ("open", "closed")


def jurisdiction() -> str:
    configured = current_app.config.get("LYKTA_OPEN311_JURISDICTION")
    return configured or urlsplit(base_url()).hostname or "localhost"


def check_jurisdiction(args) -> None:
    """No jurisdiction_id, or this server's (compared without case): else GeoReport's 404."""
    given = (args.get("jurisdiction_id") or "").strip()
    if given and given.lower() != jurisdiction().lower():
        raise Open311Error(
            404,
            "jurisdiction_id not found: this server serves {jurisdiction}.",
            jurisdiction=jurisdiction(),
        )


# --- discovery and services --------------------------------------------------------------------


def discovery() -> dict:
    endpoint = {
        "specification": SPECIFICATION,
        "url": f"{base_url()}/open311/v2",
        "changeset": "2026-12-07T00:00:00+01:00",
        "type": "production",
        "formats": ["application/json", "text/xml"],
        "jurisdiction_id": jurisdiction(),
    }
    return {
        "changeset": endpoint["changeset"],
        "contact": "Kontakta kommunens samordnare för trygghetsvandringar.",
        "key_service": "Ärenden kan läsas utan nyckel (offentliga fält). API-nycklar (api_key) "
        "skapas med `lykta tokens create` av en administratör: en användare som får "
        f"rapportera. jurisdiction_id: {jurisdiction()}.",
        "endpoints": [endpoint],
    }


def services() -> list[Category]:
    """The active categories; the positive mark 'trygg plats' is no service request."""
    return list(
        db.session.scalars(
            select(Category)
            .where(Category.active.is_(True), Category.positive.is_(False))
            .order_by(Category.sort_order, Category.code)
        )
    )


def service_by_code(code: str) -> Category:
    category = db.session.scalar(select(Category).filter_by(code=code))
    if category is None or not category.active or category.positive:
        raise Open311Error(404, "No service with the code '{code}'.", code=code)
    return category


def definition(category: Category) -> dict:
    return {"service_code": category.code, "attributes": []}


# --- requests ----------------------------------------------------------------------------------


@dataclass
class RequestQuery:
    ids: list[uuid.UUID]
    service_codes: list[str]
    statuses: set[str]
    start: datetime | None
    end: datetime | None


def parse_moment(value: str, name: str) -> datetime:
    text = value.strip().replace("Z", "+00:00").replace(" ", "+")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), time(0))
        except ValueError:
            raise Open311Error(400, "{name} is not a W3C date-time.", name=name) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone())
    if not 2000 <= moment.astimezone(UTC).year <= 2999:
        raise Open311Error(400, "{name} is not a plausible time.", name=name)
    return moment.astimezone(UTC)


def parse_query(args) -> RequestQuery:
    ids = []
    for part in (args.get("service_request_id") or "").split(","):
        if part.strip():
            try:
                ids.append(uuid.UUID(part.strip()))
            except ValueError:
                raise Open311Error(
                    400, "'{value}' is not a service_request_id.", value=part.strip()
                ) from None
    if len(ids) > MAX_REQUESTS:
        raise Open311Error(400, "At most {count} service_request_id at once.", count=MAX_REQUESTS)
    # GeoReport: "can be declared multiple times, comma delimited" (open,closed is everything).
    statuses = {part.strip().lower() for part in (args.get("status") or "").split(",")} - {""}
    if not statuses <= set(STATUSES):
        raise Open311Error(400, "status is open or closed (or both, comma-separated).")
    codes = [c.strip() for c in (args.get("service_code") or "").split(",") if c.strip()]
    start = parse_moment(args["start_date"], "start_date") if args.get("start_date") else None
    end = parse_moment(args["end_date"], "end_date") if args.get("end_date") else None
    if start and end and start > end:
        raise Open311Error(400, "start_date is after end_date.")
    return RequestQuery(ids, codes, statuses, start, end)


def list_requests(viewer: User | None, query: RequestQuery) -> list[Finding]:
    """What the viewer may see; without a viewer (no key), the public findings."""
    scope = finding_scope(viewer) if viewer is not None else public.public_findings()
    statement = select(Finding).where(scope, moderated())
    if query.ids:
        # GeoReport: service_request_id overrides every other argument.
        statement = statement.where(Finding.id.in_(query.ids))
    else:
        statement = statement.join(Category, Category.id == Finding.category_id).where(
            Category.positive.is_(False)
        )
        if query.service_codes:
            statement = statement.where(Category.code.in_(query.service_codes))
        closed = [status.value for status in CLOSED_STATUSES]
        if query.statuses == {"open"}:
            statement = statement.where(Finding.status.not_in(closed))
        elif query.statuses == {"closed"}:
            statement = statement.where(Finding.status.in_(closed))
        start, end = query.start, query.end
        if start is None and end is None:
            start = utcnow() - timedelta(days=DEFAULT_DAYS)
        elif start is None:
            start = end - timedelta(days=DEFAULT_DAYS)
        statement = statement.where(Finding.captured_at >= start)
        if end is not None:
            statement = statement.where(Finding.captured_at <= end)
    statement = (
        statement.options(
            selectinload(Finding.category),
            selectinload(Finding.assigned_org),
            selectinload(Finding.photos),
            selectinload(Finding.events),
            selectinload(Finding.areas),
        )
        .order_by(Finding.captured_at.desc(), Finding.id.desc())
        .limit(MAX_REQUESTS)
    )
    return list(db.session.scalars(statement))


def one_request(viewer: User | None, request_id: str) -> Finding:
    try:
        finding_id = uuid.UUID(request_id)
    except ValueError:
        raise Open311Error(404, "No such service request.") from None
    found = list_requests(viewer, RequestQuery([finding_id], [], set(), None, None))
    if not found:
        raise Open311Error(404, "No such service request.")
    return found[0]


# --- creating a request ------------------------------------------------------------------------


def create_request(user: User, form) -> Finding:
    """POST requests: a finding reported by the api_key's user, now, at lat/long.

    `media_url` is ignored: fetching an address a client names would let anyone make this
    server reach into the network it stands in (SSRF), and a stored link would show owners a
    URL nobody checked. Photos go through PUT /api/v1/findings/<id>/photos/<id>."""
    code = (form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code is required.")
    category = db.session.scalar(select(Category).filter_by(code=code))
    if category is None or not category.active or category.positive:
        raise Open311Error(400, "service_code '{code}' is not a service.", code=code)
    try:
        lat, lon = float(form.get("lat", "")), float(form.get("long", ""))
    except ValueError:
        raise Open311Error(
            400, "lat and long are required (address_string is not supported)."
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat != lat or lon != lon:
        raise Open311Error(400, "lat and long are out of range.")
    if not bounds.inside(lat, lon):
        raise Open311Error(400, "lat and long are outside the municipality this server serves.")
    description = (form.get("description") or "").strip()
    if len(description) > 4000:
        raise Open311Error(400, "description is longer than 4000 characters.")
    if "\x00" in description:
        raise Open311Error(400, "description may not contain NUL characters.")
    data = {
        "category": code,
        "note": description,
        "lat": lat,
        "lon": lon,
        "accuracy_m": None,
        "captured_at": utcnow(),
        "walk_id": None,
        "photos": [],
    }
    finding, _ = findings.put_finding(user, uuid.uuid4(), data)
    return finding
