"""Reading polygons from GeoJSON (RFC 7946): checks that say what is wrong and where.

Pure: nothing here touches the database. A problem with one feature raises FeatureProblem with
a stable code, an English message (translated where it is shown) and its values.
"""

import math
import re
from collections.abc import Mapping

import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity

from server.schemas import OneLine, unstorable

POLYGON_TYPES = ("Polygon", "MultiPolygon")
# RFC 7946 has no crs member; older files name one. Only WGS 84 longitude/latitude is accepted.
WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "urn:ogc:def:crs:EPSG:6.6:4326",
    "EPSG:4326",
    "CRS84",
}
_ADDRESS_PART = r"[^@\s<>(),;:\"\[\]\\\x00-\x1f\x7f-\x9f\ud800-\udfff]+"
EMAIL_PATTERN = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}")
MAX_EMAIL_LENGTH = 320
MAX_EMAILS = 20


class FeatureProblem(Exception):
    def __init__(self, code: str, message: str, **values):
        super().__init__(message.format(**values) if values else message)
        self.code = code
        self.message = message
        self.values = values


class DocumentProblem(Exception):
    """The file as a whole is not what the import expects."""

    def __init__(self, message: str, **values):
        super().__init__(message.format(**values) if values else message)
        self.message = message
        self.values = values


def features(document) -> list:
    """The features of a FeatureCollection, or DocumentProblem."""
    if not isinstance(document, Mapping) or document.get("type") != "FeatureCollection":
        raise DocumentProblem("The file must be a GeoJSON FeatureCollection.")
    crs = document.get("crs")
    if crs is not None:
        name = crs.get("properties", {}).get("name") if isinstance(crs, Mapping) else None
        if name not in WGS84_NAMES:
            raise DocumentProblem(
                "The file's coordinate system is {crs}; convert it to WGS 84 longitude/latitude "
                "(EPSG:4326), as GeoJSON requires.",
                crs=str(name or crs),
            )
    found = document.get("features")
    if not isinstance(found, list):
        raise DocumentProblem("The FeatureCollection has no list of features.")
    return found


def feature_properties(feature) -> Mapping:
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        raise FeatureProblem("not_a_feature", "Not a GeoJSON Feature.")
    properties = feature.get("properties")
    return properties if isinstance(properties, Mapping) else {}


def polygon(feature: Mapping) -> tuple[shapely.Geometry, dict]:
    """The feature's Polygon or MultiPolygon as shapely geometry and as clean GeoJSON
    (two coordinates per position, floats), or FeatureProblem."""
    geometry = feature.get("geometry")
    if not isinstance(geometry, Mapping):
        raise FeatureProblem("missing_geometry", "The feature has no geometry.")
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES:
        raise FeatureProblem(
            "wrong_geometry_type",
            "The geometry is a {type}; only Polygon and MultiPolygon are accepted.",
            type=str(kind),
        )
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        clean = _polygon_rings(coordinates)
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise FeatureProblem("bad_coordinates", "A MultiPolygon needs a list of polygons.")
        clean = [_polygon_rings(part) for part in coordinates]
    cleaned = {"type": kind, "coordinates": clean}
    geometry_object = shape(cleaned)
    if not geometry_object.is_valid:
        raise FeatureProblem(
            "invalid_geometry",
            "The geometry is not valid: {reason}.",
            reason=explain_validity(geometry_object),
        )
    if geometry_object.is_empty or geometry_object.area == 0:
        raise FeatureProblem("invalid_geometry", "The geometry is empty.")
    return geometry_object, cleaned


def _polygon_rings(rings) -> list:
    if not isinstance(rings, list) or not rings:
        raise FeatureProblem("bad_coordinates", "A polygon needs at least one ring of positions.")
    return [_ring(ring) for ring in rings]


def _ring(ring) -> list:
    if not isinstance(ring, list):
        raise FeatureProblem("bad_coordinates", "A ring must be a list of positions.")
    positions = [_position(position) for position in ring]
    if len(positions) < 4:
        raise FeatureProblem(
            "bad_coordinates",
            "A ring needs at least four positions (the first repeated last); this one has {count}.",
            count=len(positions),
        )
    if positions[0] != positions[-1]:
        raise FeatureProblem(
            "ring_not_closed", "A ring is not closed: its last position must repeat its first."
        )
    return positions


def _position(position) -> list[float]:
    if (
        not isinstance(position, list | tuple)
        or len(position) < 2
        or not all(_is_number(value) for value in position)
    ):
        raise FeatureProblem("bad_coordinates", "A position must be [longitude, latitude].")
    lon, lat = float(position[0]), float(position[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise FeatureProblem("bad_coordinates", "A position must be [longitude, latitude].")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        if abs(lon) > 1000 or abs(lat) > 1000:
            raise FeatureProblem(
                "coordinates_out_of_range",
                "The position {position} is not a longitude/latitude; it looks like projected "
                "coordinates (SWEREF 99 TM?). Convert the file to WGS 84 (EPSG:4326).",
                position=f"[{lon:g}, {lat:g}]",
            )
        raise FeatureProblem(
            "coordinates_out_of_range",
            "The position {position} is out of range: longitude -180..180, latitude -90..90.",
            position=f"[{lon:g}, {lat:g}]",
        )
    return [lon, lat]


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def text(properties: Mapping, key: str, code: str, message: str, max_length: int = 200) -> str:
    value = properties.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FeatureProblem(code, message)
    value = value.strip()
    if len(value) > max_length:
        raise FeatureProblem(
            code, "The {key} is longer than {max} characters.", key=key, max=max_length
        )
    # Names and designations end up in email subjects: one line, and text a database stores.
    if unstorable(value) or not OneLine.regex.fullmatch(value):
        raise FeatureProblem(code, "The {key} must be one line of text.", key=key)
    return value


def emails(value) -> list[str]:
    """One address, a list of them, or none; each checked, lower-cased, without duplicates."""
    if value is None or value == "":
        return []
    listed = [value] if isinstance(value, str) else value
    if not isinstance(listed, list) or len(listed) > MAX_EMAILS:
        raise FeatureProblem(
            "bad_email", "The email must be one address or a list of at most 20 addresses."
        )
    found: list[str] = []
    for address in listed:
        if not isinstance(address, str):
            raise FeatureProblem("bad_email", "The email must be one address or a list of them.")
        address = address.strip().lower()
        if len(address) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.fullmatch(address):
            raise FeatureProblem("bad_email", "Not a valid email address: {email}.", email=address)
        if address not in found:
            found.append(address)
    return found


def normalised(geometry: Mapping | None) -> dict | None:
    """A stored or submitted geometry in one form, to tell whether it changed."""
    if not isinstance(geometry, Mapping):
        return None

    def clean(value):
        if isinstance(value, list | tuple):
            if value and all(_is_number(item) for item in value):
                return [float(value[0]), float(value[1])]
            return [clean(item) for item in value]
        return value

    return {"type": geometry.get("type"), "coordinates": clean(geometry.get("coordinates"))}
