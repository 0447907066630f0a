"""Places in metres around Väsby centrum, turned into longitude/latitude: points, rectangles
and the GeoJSON the property and area imports read."""

from server.places.index import metres_per_degree

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
