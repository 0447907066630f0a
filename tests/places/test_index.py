"""The spatial index with real geometry: holes, MultiPolygons, boundaries, the nearest property
within 15 m measured in metres on the ellipsoid, and one index per process that follows the
database."""

import math
import time

import pytest
from shapely.geometry import shape

from server.extensions import db
from server.places import index
from server.places.index import PlaceIndex, metres_per_degree
from tests.factories import CENTRE, at, multi, rectangle

# WGS 84
A = 6_378_137.0
F = 1 / 298.257223563
B = A * (1 - F)


def vincenty_m(lat1, lon1, lat2, lon2) -> float:
    """Geodesic distance on WGS 84 by Vincenty's inverse formula: the reference, good to
    fractions of a millimetre."""
    if (lat1, lon1) == (lat2, lon2):
        return 0.0
    u1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - F) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(
            math.cos(u2) * sin_lam,
            math.cos(u1) * math.sin(u2) - math.sin(u1) * math.cos(u2) * cos_lam,
        )
        cos_sigma = math.sin(u1) * math.sin(u2) + math.cos(u1) * math.cos(u2) * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = math.cos(u1) * math.cos(u2) * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * math.sin(u1) * math.sin(u2) / cos2_alpha if cos2_alpha else 0
        c = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < 1e-13:
            break
    u_sq = cos2_alpha * (A**2 - B**2) / B**2
    big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta = (
        big_b
        * sin_sigma
        * (
            cos_2sm
            + big_b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return B * big_a * (sigma - delta)


def build(*places) -> PlaceIndex:
    return PlaceIndex.build(
        (number, name, f"owner of {name}", geometry)
        for number, (name, geometry) in enumerate(places, start=1)
    )


def test_a_point_inside_a_polygon_is_inside_and_one_in_its_hole_is_not():
    courtyard = (20, 20, 40, 40)
    places = build(("Kvarteret 1:1", rectangle(0, 0, 60, 60, holes=[courtyard])))
    assert places.containing(*at(10, 10)).name == "Kvarteret 1:1"
    assert places.containing(*at(30, 30)) is None  # in the courtyard
    # ... but the courtyard is within 10 m of the block: the nearest rule still finds it.
    nearest = places.locate(*at(30, 30), within_m=15)
    assert nearest.name == "Kvarteret 1:1"
    assert nearest.distance_m == pytest.approx(10, abs=0.01)
    assert places.locate(*at(30, 30), within_m=5) is None


def test_a_property_filling_the_hole_wins_inside_the_hole():
    places = build(
        ("Kvarteret 1:1", rectangle(0, 0, 60, 60, holes=[(20, 20, 40, 40)])),
        ("Gården 1:2", rectangle(20, 20, 40, 40)),
    )
    assert places.containing(*at(30, 30)).name == "Gården 1:2"
    assert places.containing(*at(10, 30)).name == "Kvarteret 1:1"


def test_each_part_of_a_multipolygon_belongs_to_it_and_the_gap_between_does_not():
    places = build(("Spridda 1:1", multi((0, 0, 20, 20), (100, 0, 120, 20))))
    assert places.containing(*at(10, 10)).name == "Spridda 1:1"
    assert places.containing(*at(110, 10)).name == "Spridda 1:1"
    assert places.containing(*at(60, 10)) is None
    assert places.locate(*at(60, 10), within_m=15) is None  # 40 m from either part
    assert places.locate(*at(30, 10), within_m=15).distance_m == pytest.approx(10, abs=0.01)


def test_a_point_on_the_boundary_counts_as_inside_and_the_smaller_property_wins():
    # Two properties share the edge x = 50; the left one is larger.
    places = build(
        ("Stora 1:1", rectangle(0, 0, 50, 80)),
        ("Lilla 1:2", rectangle(50, 0, 80, 40)),
    )
    geometry = shape(rectangle(0, 0, 50, 80))
    lon, lat = geometry.exterior.coords[3]  # its north-west corner: exactly on the boundary
    assert places.containing(lat, lon).name == "Stora 1:1"
    shared = at(50, 20)
    lilla = shape(rectangle(50, 0, 80, 40))
    # The point the test computes lies on the shared edge, as both polygons see it.
    assert lilla.distance(shape({"type": "Point", "coordinates": [shared[1], shared[0]]})) < 1e-9
    match = places.containing(*shared)
    assert match.name == "Lilla 1:2"
    assert match.distance_m == 0
    # Above the smaller one, the shared edge belongs to the larger one only.
    assert places.containing(*at(50, 60)).name == "Stora 1:1"


@pytest.mark.parametrize(
    ("east_m", "expected"),
    [(1, 1.0), (9, 9.0), (14.9, 14.9), (15.1, None), (40, None)],
)
def test_points_just_outside_are_found_within_15_m_and_not_beyond(east_m, expected):
    places = build(("Hörnet 1:1", rectangle(0, 0, 30, 30)))
    found = places.locate(*at(30 + east_m, 15), within_m=15)
    if expected is None:
        assert found is None
    else:
        assert found.name == "Hörnet 1:1"
        assert found.distance_m == pytest.approx(expected, abs=0.01)


def test_the_nearest_of_two_properties_is_chosen():
    places = build(
        ("Väster 1:1", rectangle(-40, 0, -10, 30)),  # 10 m west of the point
        ("Öster 1:2", rectangle(6, 0, 40, 30)),  # 6 m east of it
    )
    match = places.locate(*at(0, 15), within_m=15)
    assert match.name == "Öster 1:2"
    assert match.distance_m == pytest.approx(6, abs=0.01)


@pytest.mark.parametrize("latitude", [55.4, 59.5186, 63.8, 67.9])
@pytest.mark.parametrize("bearing", [0, 37, 90, 135, 222, 300])
def test_distances_agree_with_the_geodesic_to_a_millimetre_across_sweden(latitude, bearing):
    """Ystad to Kiruna: the local projection against Vincenty's formulae on WGS 84."""
    lon0 = 17.9
    east, north = metres_per_degree(latitude)
    # A small square property; the point 12 m from its nearest vertex, away from it.
    side = 20
    places = build(
        (
            "Provet 1:1",
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [lon0, latitude],
                        [lon0 + side / east, latitude],
                        [lon0 + side / east, latitude + side / north],
                        [lon0, latitude + side / north],
                        [lon0, latitude],
                    ]
                ],
            },
        )
    )
    # Look from south-west of the square's first vertex, so that the vertex is nearest.
    angle = math.radians(180 + 45 + (bearing % 90) - 45)
    dx, dy = 12 * math.sin(angle), 12 * math.cos(angle)
    lat, lon = latitude + dy / north, lon0 + dx / east
    match = places.locate(lat, lon, within_m=15)
    assert match is not None
    assert match.distance_m == pytest.approx(vincenty_m(lat, lon, latitude, lon0), abs=0.001)


def test_vincenty_reference_is_right():
    # A degree of latitude around 60° N is 111.412 km on WGS 84 (tables of the ellipsoid).
    assert vincenty_m(59.5, 18.0, 60.5, 18.0) == pytest.approx(111_412, abs=2)
    # ... and a degree of longitude there 55.800 km.
    assert vincenty_m(60.0, 17.5, 60.0, 18.5) == pytest.approx(55_800, abs=3)


def test_an_empty_index_finds_nothing():
    places = build()
    assert places.locate(*CENTRE, within_m=15) is None


def add_property_elsewhere(designation: str, owner: int, geometry: dict) -> None:
    """Another process adds a property: a row appears without this process being told."""
    from server.accounts.models import Organisation
    from server.places.models import Property
    from server.places.service import bounding_box

    db.session.add(
        Property(
            designation=designation,
            owner=db.session.get(Organisation, owner),
            contact_emails=[],
            geometry=geometry,
            **bounding_box(geometry),
        )
    )
    db.session.commit()


def test_the_process_index_follows_the_database(app, make_org, make_property):
    owner = make_org("Väsbyhem")
    with app.app_context():
        assert index.property_index().locate(*at(5, 5), 15) is None
    make_property("Kvarteret 1:1", owner, rectangle(0, 0, 20, 20))
    with app.app_context():
        first = index.property_index()
        assert first.locate(*at(5, 5), 15).name == "Kvarteret 1:1"
        assert index.property_index() is first  # not rebuilt while nothing changed


def test_another_process_change_is_seen_after_the_refresh_interval(
    make_app, make_org, make_property
):
    """A change made elsewhere (another worker, another instance) reaches this process's index
    at the next version check, not at once and never per lookup."""
    app = make_app(LYKTA_ROUTING_REFRESH_SECONDS=3600)
    owner = make_org("Väsbyhem")
    with app.app_context():
        index.invalidate()  # start as a fresh process would: whatever earlier tests left
        before = index.property_index()
        assert before.locate(*at(5, 5), 15) is None
        add_property_elsewhere("Kvarteret 1:1", owner, rectangle(0, 0, 20, 20))
        assert index.property_index() is before  # within the interval: the cached index
        for entry in index._cache.values():
            entry.checked -= 3600  # the interval passes
        after = index.property_index()
        assert after is not before
        assert after.locate(*at(5, 5), 15).name == "Kvarteret 1:1"


def test_a_worker_thread_rebuilds_the_index_before_a_report_needs_it(make_app, make_org):
    """In `lykta serve` each worker's refresher notices another process's change and rebuilds,
    so the next lookup finds the new property without building anything itself."""
    app = make_app(LYKTA_ROUTING_REFRESH_SECONDS=0.2)
    owner = make_org("Väsbyhem")
    with app.app_context():
        index.invalidate()
        key = (index._database_key(), "properties")

    def cached():
        entry = index._cache.get(key)
        return entry if entry and entry.changes == index._changes.get(key[0], 0) else None

    stop = index.start_refresher(app)
    try:
        assert eventually(cached), "the refresher built no index at start"
        with app.app_context():
            add_property_elsewhere("Kvarteret 1:1", owner, rectangle(0, 0, 20, 20))
        found = eventually(lambda: cached() and cached().index.locate(*at(5, 5), 15))
        assert found and found.name == "Kvarteret 1:1"
    finally:
        stop.set()


def eventually(condition, timeout_s: float = 20):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    return None


def test_threads_share_one_index_and_get_the_same_answers():
    """A gthread worker's threads look up at once in the process's one index."""
    import random
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(7)
    places = build(
        *[
            (f"Kvarter {n}:1", rectangle(x * 80, y * 80, x * 80 + 50, y * 80 + 50, holes=[]))
            for n, (x, y) in enumerate((x, y) for x in range(20) for y in range(20))
        ]
    )
    points = [at(rng.uniform(-50, 1650), rng.uniform(-50, 1650)) for _ in range(4000)]
    expected = [places.locate(lat, lon, 15) for lat, lon in points]

    def run(_):
        return [places.locate(lat, lon, 15) for lat, lon in points]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for answers in pool.map(run, range(8)):
            assert answers == expected
