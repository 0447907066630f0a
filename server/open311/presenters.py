"""How Open311 shows Lykta's categories (services) and findings (service requests), in
GeoReport v2's fields; times in W3C format with the local offset. What a request read with a
key shows is written at the top of server/open311/service.py; what one read without a key
shows, at the top of server/open311/public.py."""

from datetime import datetime, time

from flask import current_app

from server.accounts.models import ApiToken
from server.categories.models import Category
from server.clock import local, zone
from server.findings.models import CLOSED_STATUSES, EventKind, Finding, Status
from server.open311.media import media_url
from server.photos.models import PhotoKind


def w3c(moment: datetime | None) -> str | None:
    """W3C date-time with the local offset, as GeoReport asks: 2026-11-20T18:42:10+01:00."""
    if moment is None:
        return None
    return local(moment).replace(microsecond=0).isoformat()


def base_url() -> str:
    return current_app.config["LYKTA_BASE_URL"].rstrip("/")


def present_service(category: Category) -> dict:
    description = category.name_sv
    if category.target_days:
        description += f". Målet är att det åtgärdas inom {category.target_days} dagar."
    return {
        "service_code": category.code,
        "service_name": category.name_sv,
        "description": description,
        "metadata": False,
        "type": "realtime",
        "keywords": category.name_en,
        "group": "Trygghet i utemiljön",
    }


def _status_notes(finding: Finding) -> str | None:
    if finding.status == Status.PLANNED and finding.planned_for:
        return f"Planerad till {finding.planned_for.isoformat()}."
    if finding.status == Status.REJECTED:
        reason = next(
            (
                event.comment
                for event in reversed(finding.events)
                if event.kind == EventKind.STATUS and event.to_value == Status.REJECTED
            ),
            None,
        )
        return f"Avvisad: {reason}" if reason else "Avvisad."
    if finding.status == Status.DUPLICATE:
        return "Dubblett av en annan iakttagelse."
    return None


def _address(finding: Finding) -> str | None:
    return finding.property_designation or ", ".join(finding.area_names) or None


def _expected(finding: Finding) -> str | None:
    day = finding.planned_for or finding.due_date
    if day is None or finding.status in CLOSED_STATUSES:
        return None
    return w3c(datetime.combine(day, time(23, 59, 59), tzinfo=zone()))


def present_request(finding: Finding, credential: ApiToken | None) -> dict:
    """Every field, for a caller who may see the finding; `media_url` a signed link bound to
    the credential the request was read with (server/open311/media.py)."""
    photo = next((p for p in finding.photos if p.kind == PhotoKind.REPORT and not p.removed), None)
    target = finding.category.target_days
    return {
        "service_request_id": str(finding.id),
        "status": "closed" if finding.status in CLOSED_STATUSES else "open",
        "detailed_status": finding.status,
        "status_notes": _status_notes(finding),
        "service_name": finding.category.name_sv,
        "service_code": finding.category.code,
        "description": finding.note,
        "agency_responsible": finding.assigned_org.name if finding.assigned_org else None,
        "service_notice": f"Målet är att det åtgärdas inom {target} dagar." if target else None,
        "requested_datetime": w3c(finding.captured_at),
        "updated_datetime": w3c(finding.updated_at),
        "expected_datetime": _expected(finding),
        "address": _address(finding),
        "address_id": None,
        "zipcode": None,
        "lat": finding.lat,
        "long": finding.lon,
        "media_url": media_url(photo, credential) if photo and credential else None,
    }
