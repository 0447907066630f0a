from flask_smorest import Blueprint
from sqlalchemy import select

from server import cursors
from server.accounts.policy import require
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.findings.queries import parse_bbox
from server.places import service
from server.places.models import Area, Property
from server.places.presenters import present_area, present_property, present_report
from server.places.schemas import (
    AreaListArgsSchema,
    AreaSchema,
    AreaUpdateSchema,
    GeoJSONDocumentSchema,
    ImportArgsSchema,
    ImportReportSchema,
    PropertyListArgsSchema,
    PropertyPageSchema,
    PropertySchema,
)
from server.schemas import MAX_ID

blp = Blueprint("places", __name__, url_prefix="/api/v1", description="Areas and properties")


@blp.post("/admin/properties/import")
@require("places:manage")
@blp.arguments(GeoJSONDocumentSchema)
@blp.arguments(ImportArgsSchema, location="query")
@blp.response(200, ImportReportSchema)
def import_properties(document, args):
    """Create or update properties by designation from a GeoJSON FeatureCollection of Polygon
    and MultiPolygon features (properties: designation, owner, email). Features that fail are
    reported by index and skipped; with strict=true nothing is written when any fails (422)."""
    report = _run(service.import_properties, document, args)
    return present_report(report)


@blp.post("/admin/areas/import")
@require("places:manage")
@blp.arguments(GeoJSONDocumentSchema)
@blp.arguments(ImportArgsSchema, location="query")
@blp.response(200, ImportReportSchema)
def import_areas(document, args):
    """Create or update areas by name (properties: name, kind bid|district|other,
    review_first); like the property import."""
    report = _run(service.import_areas, document, args)
    return present_report(report)


@blp.get("/admin/properties")
@require("places:read")
@blp.arguments(PropertyListArgsSchema, location="query")
@blp.response(200, PropertyPageSchema)
def list_properties(args):
    """Properties by designation, filtered by owner, text or bounding box; paged."""
    query = select(Property).order_by(Property.id)
    if args.get("owner") is not None:
        query = query.where(Property.owner_org_id == args["owner"])
    if args.get("q"):
        query = query.where(Property.designation.contains(args["q"], autoescape=True))
    if args.get("bbox"):
        min_lon, min_lat, max_lon, max_lat = parse_bbox(args["bbox"])
        query = query.where(
            Property.max_lon >= min_lon,
            Property.min_lon <= max_lon,
            Property.max_lat >= min_lat,
            Property.min_lat <= max_lat,
        )
    if args.get("cursor"):
        query = query.where(Property.id > cursors.decode(args["cursor"], _cursor_id))
    found = list(db.session.scalars(query.limit(args["limit"] + 1)))
    more = len(found) > args["limit"]
    found = found[: args["limit"]]
    return {
        "items": [present_property(prop, args["geometry"]) for prop in found],
        "next_cursor": cursors.encode(found[-1].id) if more else None,
    }


@blp.get("/admin/properties/<int:property_id>")
@require("places:read")
@blp.response(200, PropertySchema)
def get_property(property_id: int):
    return present_property(_property(property_id), True)


@blp.delete("/admin/properties/<int:property_id>")
@require("places:manage")
@blp.response(204)
def delete_property(property_id: int):
    """Delete a property: findings there go by the other properties from now on."""
    service.delete_property(_property(property_id))
    db.session.commit()


@blp.get("/areas")
@require("areas:read")
@blp.arguments(AreaListArgsSchema, location="query")
@blp.response(200, AreaSchema(many=True))
def list_areas(args):
    """The areas (BID area, districts) by name, to filter findings by; with geometry=true
    their shapes as GeoJSON."""
    areas = db.session.scalars(select(Area).order_by(Area.name))
    return [present_area(area, args["geometry"]) for area in areas]


@blp.get("/areas/<int:area_id>")
@require("areas:read")
@blp.response(200, AreaSchema)
def get_area(area_id: int):
    return present_area(_area(area_id), True)


@blp.patch("/admin/areas/<int:area_id>")
@require("places:manage")
@blp.arguments(AreaUpdateSchema)
@blp.response(200, AreaSchema)
def update_area(changes, area_id: int):
    """Change an area's kind, or whether its findings wait for a coordinator (review_first)."""
    area = _area(area_id)
    for key, value in changes.items():
        setattr(area, key, value)
    db.session.commit()
    return present_area(area, False)


def _run(importer, document, args):
    try:
        report = importer(document, dry_run=args["dry_run"], strict=args["strict"])
    except service.ImportFailed as failure:
        problem = failure.problem
        raise ValidationFailed(
            problem.message, errors={"features": [str(problem)]}, **problem.values
        ) from None
    if report.errors and report.strict:
        raise ValidationFailed(
            "{count} features are not valid; nothing was imported.",
            count=len(report.errors),
            errors={"features": present_report(report)["errors"]},
        )
    db.session.commit()
    return report


def _property(property_id: int) -> Property:
    prop = db.session.get(Property, property_id) if property_id <= MAX_ID else None
    if prop is None:
        raise NotFound("No such property.")
    return prop


def _area(area_id: int) -> Area:
    area = db.session.get(Area, area_id) if area_id <= MAX_ID else None
    if area is None:
        raise NotFound("No such area.")
    return area


def _cursor_id(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not an id")
    return value
