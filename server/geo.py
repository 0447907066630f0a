"""Distances on the ground, for the short distances of a town (nearby findings, duplicates)."""

import math

METRES_PER_DEGREE = 111_320.0  # of latitude; of longitude, times the cosine of the latitude
EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), good to centimetres over a town."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def degrees_around(lat: float, radius_m: float) -> tuple[float, float]:
    """How many degrees of latitude and of longitude `radius_m` spans at this latitude."""
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return dlat, dlon
