"""Areas and properties: creating and updating them by name or designation."""

from shapely.geometry import shape

from server.accounts.models import Organisation
from server.extensions import db
from server.places.models import Area, Property


def bounding_box(geometry: dict) -> dict:
    min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
    return {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}


def upsert_area(name: str, kind: str, geometry: dict) -> Area:
    area = db.session.scalar(db.select(Area).filter_by(name=name))
    if area is None:
        area = Area(name=name)
        db.session.add(area)
    area.kind = kind
    area.geometry = geometry
    for column, value in bounding_box(geometry).items():
        setattr(area, column, value)
    db.session.flush()
    return area


def upsert_property(
    designation: str, owner: Organisation, emails: list[str], geometry: dict
) -> Property:
    found = db.session.scalar(db.select(Property).filter_by(designation=designation))
    if found is None:
        found = Property(designation=designation)
        db.session.add(found)
    found.owner = owner
    found.contact_emails = list(emails)
    found.geometry = geometry
    for column, value in bounding_box(geometry).items():
        setattr(found, column, value)
    db.session.flush()
    return found
