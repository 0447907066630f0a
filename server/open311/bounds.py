"""Where a POSTed service request may be: in the municipality, not in New York.

The municipality is what Lykta knows of it: the bounding box of all its areas (server/places)
widened by MARGIN_M on every side, for places just outside a drawn area (the far side of a
road, a new estate). With no areas yet, Sweden's box. A point outside is a 400: nobody would
ever route it, and a client that swapped lat and long learns so at once.
"""

from sqlalchemy import func, select

from server.extensions import db
from server.geo import degrees_around
from server.places.models import Area

MARGIN_M = 5000.0
SWEDEN = (55.0, 10.9, 69.1, 24.2)  # min lat, min lon, max lat, max lon


def served_box() -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon) of the areas with the margin; else Sweden's."""
    row = db.session.execute(
        select(
            func.min(Area.min_lat),
            func.min(Area.min_lon),
            func.max(Area.max_lat),
            func.max(Area.max_lon),
        )
    ).one()
    if any(value is None for value in row):
        return SWEDEN
    min_lat, min_lon, max_lat, max_lon = row
    widest = max(abs(min_lat), abs(max_lat))  # a degree of longitude is shortest there
    dlat, dlon = degrees_around(widest, MARGIN_M)
    return min_lat - dlat, min_lon - dlon, max_lat + dlat, max_lon + dlon


def inside(lat: float, lon: float) -> bool:
    min_lat, min_lon, max_lat, max_lon = served_box()
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
