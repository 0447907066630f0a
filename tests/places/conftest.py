"""Places in metres around Väsby centrum, turned into longitude/latitude, and factories for
properties, areas and routing rules. Imported by the routing and notify tests too."""

import pytest

from server.accounts.models import Organisation
from server.extensions import db
from server.places import service as places
from server.places.index import metres_per_degree
from server.routing import service as routing

CENTRE = (59.5186, 17.9119)  # lat, lon
EAST, NORTH = metres_per_degree(CENTRE[0])


def at(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of the point x metres east and y metres north of the centre."""
    return CENTRE[0] + y / NORTH, CENTRE[1] + x / EAST


def ring(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [[at(x, y)[1], at(x, y)[0]] for x, y in corners]


def rectangle(x0, y0, x1, y1, holes=()) -> dict:
    """A Polygon from (x0, y0) to (x1, y1) metres, with rectangular holes."""
    return {"type": "Polygon", "coordinates": [ring(x0, y0, x1, y1), *[ring(*h) for h in holes]]}


def multi(*rectangles) -> dict:
    return {
        "type": "MultiPolygon",
        "coordinates": [rectangle(*r)["coordinates"] for r in rectangles],
    }


def feature(geometry, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def make_property(app):
    def make(designation: str, owner: int, geometry: dict, emails=()) -> int:
        with app.app_context():
            organisation = db.session.get(Organisation, owner)
            prop = places.upsert_property(designation, organisation, list(emails), geometry)
            db.session.commit()
            return prop.id

    return make


@pytest.fixture
def make_area(app):
    def make(name: str, geometry: dict, kind: str = "district", review_first=False) -> int:
        with app.app_context():
            area = places.upsert_area(name, kind, geometry)
            area.review_first = review_first
            db.session.commit()
            return area.id

    return make


@pytest.fixture
def make_rule(app):
    def make(organisation: int, category: str | None = None, area: int | None = None, **fields):
        data = {"organisation_id": organisation, "category": category, "area_id": area, **fields}
        with app.app_context():
            rule = routing.save_rule(None, data)
            db.session.commit()
            return rule.id

    return make


@pytest.fixture
def set_org(app):
    """set_org(organisation_id, review_first=..., email=..., notify_mode=...)."""

    def update(organisation: int, **fields) -> None:
        with app.app_context():
            found = db.session.get(Organisation, organisation)
            for key, value in fields.items():
                setattr(found, key, value)
            db.session.commit()

    return update
