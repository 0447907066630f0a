"""How the API shows areas, properties and the report of an import: the dicts the views
return, which their response schemas (server/places/schemas.py) document and dump."""

from server.i18n import translate
from server.places.models import Area, Property
from server.places.service import ImportReport


def present_report(report: ImportReport) -> dict:
    key = "designation" if report.kind == "properties" else "name"
    return {
        "total": report.total,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "errors": [
            {
                "index": error.index,
                key: error.key,
                "code": error.code,
                "message": translate(error.message, **error.values),
            }
            for error in report.errors
        ],
        "new_organisations": report.new_organisations,
        "dry_run": report.dry_run,
        "written": report.written,
    }


def present_property(prop: Property, geometry: bool) -> dict:
    shown = {
        "id": prop.id,
        "designation": prop.designation,
        "owner": {"id": prop.owner.id, "name": prop.owner.name},
        "contact_emails": list(prop.contact_emails or []),
        "bbox": [prop.min_lon, prop.min_lat, prop.max_lon, prop.max_lat],
        "updated_at": prop.updated_at,
    }
    if geometry:
        shown["geometry"] = prop.geometry
    return shown


def present_area(area: Area, geometry: bool) -> dict:
    shown = {
        "id": area.id,
        "name": area.name,
        "kind": area.kind,
        "review_first": area.review_first,
        "bbox": [area.min_lon, area.min_lat, area.max_lon, area.max_lat],
    }
    if geometry:
        shown["geometry"] = area.geometry
    return shown
