"""Static maps for protocols and reports, drawn with Pillow: no tile server needed.

The area's polygon, the properties' outlines, the walk's route, hot-spot cells and numbered
points, in a local metric projection (x east, y north in metres around the map's centre,
good to a fraction of a percent over a town) with a scale bar and a north arrow. Drawn at
twice the size and scaled down, for smooth lines in print.
"""

import math
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from server.extensions import db
from server.places.index import metres_per_degree
from server.places.models import Property

SUPERSAMPLE = 2
COLOURS = {
    "open": (200, 40, 30),
    "closed": (40, 120, 60),
    "positive": (30, 110, 200),
    "incident": (120, 50, 170),  # the partners' incidents on the lägesbild
    "round": (0, 110, 120),  # rounds at hot spots
    "other": (90, 90, 90),
}
AREA_FILL = (31, 42, 68, 22)
AREA_LINE = (31, 42, 68, 200)
PROPERTY_LINE = (120, 120, 120, 160)
ROUTE_LINE = (245, 158, 11, 230)
TRACK_LINE = (91, 33, 182, 220)  # a walked track (server/walks/tracks.py), beside the route
CELL_FILL = (200, 40, 30)


@dataclass
class MapPoint:
    lat: float
    lon: float
    label: str
    kind: str = "open"  # open | closed | positive | incident | round | other


@dataclass
class MapCell:
    bbox: list[float]  # west, south, east, north
    count: int


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    if geometry.get("type") == "LineString":
        return [geometry["coordinates"]]
    return []


def properties_within(bounds: tuple[float, float, float, float]) -> list[dict]:
    west, south, east, north = bounds
    query = select(Property.geometry).where(
        Property.max_lon >= west,
        Property.min_lon <= east,
        Property.max_lat >= south,
        Property.min_lat <= north,
    )
    return list(db.session.scalars(query.limit(2000)))


def render(
    width: int,
    height: int,
    *,
    areas: list[dict] = (),
    points: list[MapPoint] = (),
    route: dict | None = None,
    cells: list[MapCell] = (),
    outlines: bool = True,
    meeting: tuple[float, float] | None = None,
    tracks: list[list[tuple[float, float]]] = (),
) -> bytes:
    """A PNG of width x height pixels. tracks: walked lines of (lon, lat), drawn over the route."""
    coordinates = [(p.lon, p.lat) for p in points]
    coordinates += [c for track in tracks for c in track]
    for geometry in areas:
        coordinates += [tuple(c[:2]) for ring in _rings(geometry) for c in ring]
    coordinates += [tuple(c[:2]) for ring in _rings(route) for c in ring]
    for cell in cells:
        coordinates += [(cell.bbox[0], cell.bbox[1]), (cell.bbox[2], cell.bbox[3])]
    if meeting:
        coordinates.append((meeting[1], meeting[0]))
    scale_w, scale_h = width * SUPERSAMPLE, height * SUPERSAMPLE
    image = Image.new("RGB", (scale_w, scale_h), (250, 250, 247))
    draw = ImageDraw.Draw(image, "RGBA")
    font = ImageFont.load_default(size=13 * SUPERSAMPLE)
    small = ImageFont.load_default(size=10 * SUPERSAMPLE)
    if not coordinates:
        draw.text(
            (scale_w / 2, scale_h / 2),
            "Inga platser att visa",
            fill=(80, 80, 80),
            font=font,
            anchor="mm",
        )
        return _png(image, width, height)
    project, metres_per_pixel, bounds = _projection(coordinates, scale_w, scale_h)
    if outlines:
        for geometry in properties_within(bounds):
            for ring in _rings(geometry):
                draw.line([project(*c[:2]) for c in ring], fill=PROPERTY_LINE, width=SUPERSAMPLE)
    for geometry in areas:
        for ring in _rings(geometry):
            xy = [project(*c[:2]) for c in ring]
            if len(xy) >= 3:
                draw.polygon(xy, fill=AREA_FILL)
                draw.line(xy, fill=AREA_LINE, width=2 * SUPERSAMPLE)
    for cell in cells:
        opacity = min(170, 50 + 25 * cell.count)
        x0, y1 = project(cell.bbox[0], cell.bbox[1])
        x1, y0 = project(cell.bbox[2], cell.bbox[3])
        draw.rectangle([x0, y0, x1, y1], fill=(*CELL_FILL, opacity), outline=(*CELL_FILL, 220))
        # The count in the cell's upper left corner, on white: the points drawn later (a
        # finding, an incident, a round at the cell's centre) never hide it.
        label = (x0 + 4 * SUPERSAMPLE, y0 + 3 * SUPERSAMPLE)
        box = draw.textbbox(label, str(cell.count), font=font, anchor="la")
        draw.rectangle(
            [
                box[0] - SUPERSAMPLE,
                box[1] - SUPERSAMPLE,
                box[2] + SUPERSAMPLE,
                box[3] + SUPERSAMPLE,
            ],
            fill=(255, 255, 255, 230),
        )
        draw.text(label, str(cell.count), fill=(20, 20, 20), font=font, anchor="la")
    for ring in _rings(route):
        draw.line(
            [project(*c[:2]) for c in ring], fill=ROUTE_LINE, width=4 * SUPERSAMPLE, joint="curve"
        )
    for track in tracks:
        if len(track) >= 2:
            xy = [project(*c) for c in track]
            draw.line(xy, fill=TRACK_LINE, width=2 * SUPERSAMPLE, joint="curve")
    if meeting:
        x, y = project(meeting[1], meeting[0])
        r = 8 * SUPERSAMPLE
        draw.regular_polygon((x, y, r), 4, rotation=45, fill=(245, 158, 11), outline=(0, 0, 0))
        draw.text((x + r + 4, y), "Samling", fill=(40, 40, 40), font=small, anchor="lm")
    radius = 11 * SUPERSAMPLE
    for point in points:
        x, y = project(point.lon, point.lat)
        colour = COLOURS.get(point.kind, COLOURS["other"])
        r = radius if point.label else radius // 2
        draw.ellipse(
            [x - r, y - r, x + r, y + r],
            fill=colour,
            outline=(255, 255, 255),
            width=2 * SUPERSAMPLE,
        )
        if point.label:
            label_font = font if len(point.label) <= 2 else small
            draw.text((x, y), point.label, fill=(255, 255, 255), font=label_font, anchor="mm")
    _scale_bar(draw, metres_per_pixel, scale_h, small)
    _north_arrow(draw, scale_w, small)
    return _png(image, width, height)


def _projection(coordinates, width: int, height: int):
    lons = [c[0] for c in coordinates]
    lats = [c[1] for c in coordinates]
    centre_lon, centre_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    east, north = metres_per_degree(centre_lat)
    span_x = max((max(lons) - min(lons)) * east, 60.0)
    span_y = max((max(lats) - min(lats)) * north, 60.0)
    margin = 0.1
    metres_per_pixel = max(
        span_x / (width * (1 - 2 * margin)), span_y / (height * (1 - 2 * margin))
    )

    def project(lon: float, lat: float) -> tuple[float, float]:
        x = (lon - centre_lon) * east / metres_per_pixel + width / 2
        y = height / 2 - (lat - centre_lat) * north / metres_per_pixel
        return x, y

    half_w, half_h = width / 2 * metres_per_pixel, height / 2 * metres_per_pixel
    bounds = (
        centre_lon - half_w / east,
        centre_lat - half_h / north,
        centre_lon + half_w / east,
        centre_lat + half_h / north,
    )
    return project, metres_per_pixel, bounds


def _scale_bar(draw, metres_per_pixel: float, height: int, font) -> None:
    target = metres_per_pixel * 120 * SUPERSAMPLE
    step = 10 ** math.floor(math.log10(target))
    length_m = max(m * step for m in (1, 2, 5) if m * step <= target)
    pixels = length_m / metres_per_pixel
    x0, y = 16 * SUPERSAMPLE, height - 18 * SUPERSAMPLE
    draw.rectangle(
        [x0 - 6, y - 22 * SUPERSAMPLE, x0 + pixels + 6, y + 8], fill=(255, 255, 255, 200)
    )
    draw.line([(x0, y), (x0 + pixels, y)], fill=(20, 20, 20), width=3 * SUPERSAMPLE)
    for x in (x0, x0 + pixels):
        draw.line([(x, y - 6 * SUPERSAMPLE), (x, y)], fill=(20, 20, 20), width=2 * SUPERSAMPLE)
    text = f"{length_m:.0f} m" if length_m < 1000 else f"{length_m / 1000:.1f} km"
    draw.text(
        (x0 + pixels / 2, y - 8 * SUPERSAMPLE), text, fill=(20, 20, 20), font=font, anchor="mb"
    )


def _north_arrow(draw, width: int, font) -> None:
    x, y = width - 24 * SUPERSAMPLE, 16 * SUPERSAMPLE
    s = 8 * SUPERSAMPLE
    draw.polygon([(x, y), (x - s, y + 2.2 * s), (x + s, y + 2.2 * s)], fill=(20, 20, 20))
    draw.text((x, y + 2.4 * s), "N", fill=(20, 20, 20), font=font, anchor="mt")


def _png(image: Image.Image, width: int, height: int) -> bytes:
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
