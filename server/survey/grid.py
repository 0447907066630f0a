"""The survey's fixed grid: squares of 150 m × 150 m in SWEREF 99 TM (EPSG:3006), the national
grid of Swedish maps, so that a square is the same place in every report, campaign and year.

to_sweref() is Lantmäteriet's Gauss–Krüger forward projection on GRS 80 (central meridian
15° E, scale 0.9996, false easting 500 000 m), the inverse of server/incidents/sweref.py.
"""

import math

from server.incidents.sweref import to_wgs84

CELL_M = 150

_AXIS = 6378137.0  # GRS 80
_FLATTENING = 1.0 / 298.257222101
_CENTRAL_MERIDIAN = math.radians(15.0)
_SCALE = 0.9996
_FALSE_EASTING = 500000.0

_E2 = _FLATTENING * (2.0 - _FLATTENING)
_N = _FLATTENING / (2.0 - _FLATTENING)
_A_ROOF = _AXIS / (1.0 + _N) * (1.0 + _N**2 / 4.0 + _N**4 / 64.0)
_BETA = (
    _N / 2.0 - 2.0 * _N**2 / 3.0 + 5.0 * _N**3 / 16.0 + 41.0 * _N**4 / 180.0,
    13.0 * _N**2 / 48.0 - 3.0 * _N**3 / 5.0 + 557.0 * _N**4 / 1440.0,
    61.0 * _N**3 / 240.0 - 103.0 * _N**4 / 140.0,
    49561.0 * _N**4 / 161280.0,
)
_A = _E2
_B = (5.0 * _E2**2 - _E2**3) / 6.0
_C = (104.0 * _E2**3 - 45.0 * _E2**4) / 120.0
_D = (1237.0 * _E2**4) / 1260.0


def to_sweref(lat: float, lon: float) -> tuple[float, float]:
    """(northing, easting) in metres of SWEREF 99 TM for a WGS 84 point."""
    phi = math.radians(lat)
    sin2 = math.sin(phi) ** 2
    phi_star = phi - math.sin(phi) * math.cos(phi) * (_A + _B * sin2 + _C * sin2**2 + _D * sin2**3)
    delta_lambda = math.radians(lon) - _CENTRAL_MERIDIAN
    xi_prim = math.atan2(math.tan(phi_star), math.cos(delta_lambda))
    eta_prim = math.atanh(math.cos(phi_star) * math.sin(delta_lambda))
    northing, easting = xi_prim, eta_prim
    for order, beta in enumerate(_BETA, start=1):
        northing += beta * math.sin(2 * order * xi_prim) * math.cosh(2 * order * eta_prim)
        easting += beta * math.cos(2 * order * xi_prim) * math.sinh(2 * order * eta_prim)
    return _SCALE * _A_ROOF * northing, _SCALE * _A_ROOF * easting + _FALSE_EASTING


def cell_of(lat: float, lon: float) -> str:
    """The key of the square a point lies in: "<northing>:<easting>" of its south-west corner
    in whole metres, e.g. "6595050:666450"."""
    northing, easting = to_sweref(lat, lon)
    return f"{math.floor(northing / CELL_M) * CELL_M}:{math.floor(easting / CELL_M) * CELL_M}"


def centre(cell: str) -> tuple[float, float]:
    """(lat, lon) of the square's centre."""
    south, west = (int(part) for part in cell.split(":"))
    return to_wgs84(south + CELL_M / 2, west + CELL_M / 2)


def bounds(cell: str) -> list[float]:
    """[min lat, min lon, max lat, max lon] around the square's four corners."""
    south, west = (int(part) for part in cell.split(":"))
    corners = [to_wgs84(south + dn, west + de) for dn in (0, CELL_M) for de in (0, CELL_M)]
    lats, lons = [c[0] for c in corners], [c[1] for c in corners]
    return [min(lats), min(lons), max(lats), max(lons)]
