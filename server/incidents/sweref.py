"""SWEREF 99 TM (EPSG:3006) to WGS 84 latitude and longitude, for the CSV import.

Swedish partners' systems often give a place as N (northing) and E (easting) in metres of
SWEREF 99 TM. This is Lantmäteriet's Gauss–Krüger inverse projection ("Gauss konforma
projektion", the formulas of their reference document) on the GRS 80 ellipsoid, central
meridian 15° E, scale 0.9996, false easting 500 000 m: exact to well under a millimetre in
Sweden, which is far finer than any incident's place. SWEREF 99 and WGS 84 differ by less than
a metre, so the result is taken as WGS 84, as everyone does for maps.
"""

import math

_AXIS = 6378137.0  # GRS 80
_FLATTENING = 1.0 / 298.257222101
_CENTRAL_MERIDIAN = math.radians(15.0)
_SCALE = 0.9996
_FALSE_EASTING = 500000.0

_E2 = _FLATTENING * (2.0 - _FLATTENING)
_N = _FLATTENING / (2.0 - _FLATTENING)
_A_ROOF = _AXIS / (1.0 + _N) * (1.0 + _N**2 / 4.0 + _N**4 / 64.0)
_DELTA = (
    _N / 2.0 - 2.0 * _N**2 / 3.0 + 37.0 * _N**3 / 96.0 - _N**4 / 360.0,
    _N**2 / 48.0 + _N**3 / 15.0 - 437.0 * _N**4 / 1440.0,
    17.0 * _N**3 / 480.0 - 37.0 * _N**4 / 840.0,
    4397.0 * _N**4 / 161280.0,
)
_A_STAR = _E2 + _E2**2 + _E2**3 + _E2**4
_B_STAR = -(7.0 * _E2**2 + 17.0 * _E2**3 + 30.0 * _E2**4) / 6.0
_C_STAR = (224.0 * _E2**3 + 889.0 * _E2**4) / 120.0
_D_STAR = -(4279.0 * _E2**4) / 1260.0

# Where SWEREF 99 TM coordinates of Sweden and its waters lie (a generous box): outside it, the
# numbers are something else (say latitude and longitude in the wrong columns).
NORTHING_RANGE = (6_100_000.0, 7_700_000.0)
EASTING_RANGE = (200_000.0, 1_000_000.0)


def plausible(northing: float, easting: float) -> bool:
    return (
        NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]
        and EASTING_RANGE[0] <= easting <= EASTING_RANGE[1]
    )


def to_wgs84(northing: float, easting: float) -> tuple[float, float]:
    """(lat, lon) in degrees of a SWEREF 99 TM point (N, E in metres)."""
    xi = northing / (_SCALE * _A_ROOF)
    eta = (easting - _FALSE_EASTING) / (_SCALE * _A_ROOF)
    xi_prim, eta_prim = xi, eta
    for order, delta in enumerate(_DELTA, start=1):
        xi_prim -= delta * math.sin(2 * order * xi) * math.cosh(2 * order * eta)
        eta_prim -= delta * math.cos(2 * order * xi) * math.sinh(2 * order * eta)
    phi_star = math.asin(math.sin(xi_prim) / math.cosh(eta_prim))
    delta_lambda = math.atan(math.sinh(eta_prim) / math.cos(xi_prim))
    sin2 = math.sin(phi_star) ** 2
    lat = phi_star + math.sin(phi_star) * math.cos(phi_star) * (
        _A_STAR + _B_STAR * sin2 + _C_STAR * sin2**2 + _D_STAR * sin2**3
    )
    return math.degrees(lat), math.degrees(_CENTRAL_MERIDIAN + delta_lambda)
