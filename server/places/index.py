"""The spatial index of properties and areas: which polygon contains a point, and which is the
nearest within a distance in metres.

`PlaceIndex` is pure (shapely's STRtree over polygons in longitude/latitude) and is what the
benchmark measures. `property_index()` and `area_index()` keep one per process and database,
built on first use and rebuilt only when the table changed: at most every
LYKTA_ROUTING_REFRESH_SECONDS a cheap query (row count and newest `updated_at`) tells whether
another worker or instance changed it, and this process's own writes invalidate it at once.
In `lykta serve` a thread per worker (`start_refresher`) does those checks and rebuilds, so a
request seldom does.

Lock order: the database, then `_lock`, never the other way round. `_lock` guards only the
in-memory cache: it is held for a dictionary lookup or swap and nothing else, never while a
query, a rebuild or anything else waits. The version check and the rebuild run without it, in
the caller's session, and the new index is swapped in under it. So a request may take `_lock`
while its transaction holds the database (SQLite's write lock, a pooled connection), and the
refresher never waits for the database while holding `_lock`. (It once did: a refresher holding
`_lock` waited for the database that a finding PUT held while it waited for `_lock`, and the PUT
stalled for the 30 s busy timeout.) Two threads that find the index out of date at once may both
rebuild it; each index is right for the version it read, and the check that began last is kept.

Distances are in metres on the WGS 84 ellipsoid: around each looked-up point the nearby
polygons are projected onto a local equirectangular plane with the ellipsoid's radii of
curvature at that latitude (x = Δλ·N·cos φ, y = Δφ·M). Within the tens of metres that routing
asks about, this differs from the geodesic distance by well under a millimetre at any Swedish
latitude (tests/places/test_index.py checks it against Vincenty's formulae).

Points on a boundary count as inside (`covers`): a report made exactly on the line between two
properties is inside both, and the smaller property wins (then the designation, so the answer
never depends on the order of import). A point in a polygon's hole is not inside it.
"""

import math
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import shapely
from flask import current_app
from shapely.geometry import Point, box, shape
from sqlalchemy import func, select

from server.extensions import db
from server.places.models import Area, Property

# WGS 84
SEMI_MAJOR_M = 6_378_137.0
FLATTENING = 1 / 298.257223563
ECCENTRICITY_2 = FLATTENING * (2 - FLATTENING)


def metres_per_degree(lat: float) -> tuple[float, float]:
    """(east, north): metres per degree of longitude and of latitude at this latitude."""
    phi = math.radians(lat)
    w = 1 - ECCENTRICITY_2 * math.sin(phi) ** 2
    prime_vertical = SEMI_MAJOR_M / math.sqrt(w)  # N
    meridional = SEMI_MAJOR_M * (1 - ECCENTRICITY_2) / w**1.5  # M
    return math.radians(1) * prime_vertical * math.cos(phi), math.radians(1) * meridional


@dataclass(frozen=True)
class Match:
    id: int
    name: str
    value: object  # the owner's organisation id of a property, the kind of an area
    distance_m: float  # 0 when the point is inside (or on the boundary)


@dataclass
class PlaceIndex:
    """Polygons by id, name (a property's designation, an area's name) and one value (the
    owner's organisation id for properties)."""

    ids: np.ndarray
    names: list[str]
    values: list
    geometries: np.ndarray
    areas: np.ndarray  # in square degrees, only to prefer the smaller of two
    tree: shapely.STRtree = field(repr=False)
    built_in_s: float = 0.0

    @classmethod
    def build(cls, records: Iterable[tuple[int, str, object, object]]) -> "PlaceIndex":
        """records: (id, name, value, geometry as GeoJSON dict or shapely geometry)."""
        started = time.perf_counter()
        ids, names, values, geometries = [], [], [], []
        for record_id, name, value, geometry in records:
            ids.append(record_id)
            names.append(name)
            values.append(value)
            geometries.append(
                geometry if isinstance(geometry, shapely.Geometry) else shape(geometry)
            )
        array = np.array(geometries, dtype=object) if geometries else np.empty(0, dtype=object)
        # Not prepared: GEOS builds a prepared geometry's internals lazily on first use, which is
        # not safe while several threads of a worker look up at once; the polygons are small.
        index = cls(
            ids=np.array(ids, dtype=np.int64),
            names=names,
            values=values,
            geometries=array,
            areas=shapely.area(array) if len(array) else np.empty(0),
            tree=shapely.STRtree(array),
        )
        # Build the tree now, before any thread shares the index: after this it is only read.
        index.tree.query(Point(0.0, 0.0))
        index.built_in_s = time.perf_counter() - started
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def covering(self, lat: float, lon: float) -> list[int]:
        """Positions (in this index) of every polygon that contains the point or has it on its
        boundary, smallest first."""
        point = Point(lon, lat)
        candidates = self.tree.query(point)
        if len(candidates) == 0:
            return []
        hits = candidates[shapely.covers(self.geometries[candidates], point)]
        if len(hits) > 1:
            hits = sorted(hits, key=lambda i: (self.areas[i], self.names[i]))
        return list(hits)

    def containing(self, lat: float, lon: float) -> Match | None:
        hits = self.covering(lat, lon)
        return self._match(hits[0], 0.0) if hits else None

    def nearest(self, lat: float, lon: float, within_m: float) -> Match | None:
        """The polygon nearest to the point within `within_m` metres (0 if it covers it)."""
        east, north = metres_per_degree(lat)
        margin = within_m * 1.01 + 0.01
        reach = box(
            lon - margin / east, lat - margin / north, lon + margin / east, lat + margin / north
        )
        candidates = self.tree.query(reach)
        if len(candidates) == 0:
            return None
        scale = np.array([east, north])
        origin = np.array([lon, lat])
        local = shapely.transform(self.geometries[candidates], lambda xy: (xy - origin) * scale)
        distances = shapely.distance(local, Point(0.0, 0.0))
        best = None
        for position, distance in zip(candidates, distances, strict=True):
            if distance > within_m:
                continue
            key = (distance, self.areas[position], self.names[position])
            if best is None or key < best[0]:
                best = (key, position)
        if best is None:
            return None
        return self._match(best[1], float(best[0][0]))

    def locate(self, lat: float, lon: float, within_m: float) -> Match | None:
        """Inside (or on the boundary of) a polygon, else the nearest within `within_m`."""
        return self.containing(lat, lon) or (
            self.nearest(lat, lon, within_m) if within_m > 0 else None
        )

    def _match(self, position: int, distance: float) -> Match:
        return Match(int(self.ids[position]), self.names[position], self.values[position], distance)


# --- one index per process and database ------------------------------------------------------


@dataclass
class _Cached:
    index: PlaceIndex
    version: tuple
    checked: float
    changes: int  # this process's changes to the places of the database when it was checked


_cache: dict[tuple[str, str], _Cached] = {}
_changes: dict[str, int] = {}  # per database: how often this process changed its places
_lock = threading.Lock()  # guards the two dictionaries only; see the docstring for the order


def property_index() -> PlaceIndex:
    return _cached(
        "properties",
        Property,
        lambda: db.session.execute(
            select(Property.id, Property.designation, Property.owner_org_id, Property.geometry)
        ),
    )


def area_index() -> PlaceIndex:
    return _cached(
        "areas",
        Area,
        lambda: db.session.execute(select(Area.id, Area.name, Area.kind, Area.geometry)),
    )


def start_refresher(app) -> threading.Event:
    """A thread of this worker that builds the indexes at once and checks them twice per refresh
    interval, so that a change made by another process is usually rebuilt here before a report
    needs it: the reporter does not wait for the rebuild. Set the returned event to stop it."""
    stop = threading.Event()
    interval = app.config["LYKTA_ROUTING_REFRESH_SECONDS"] / 2
    if interval > 0:
        thread = threading.Thread(
            target=_keep_fresh, args=(app, interval, stop), name="lykta-places", daemon=True
        )
        thread.start()
    return stop


def _keep_fresh(app, interval: float, stop: threading.Event) -> None:
    while True:
        # One table per transaction: holding a lock on one while waiting for the other could
        # deadlock with a migration (or a test's TRUNCATE) that takes both in the other order.
        for build in (property_index, area_index):
            try:
                with app.app_context():
                    build()
            except Exception:  # a database away for a moment: the next round tries again
                app.logger.exception("Could not refresh the routing indexes")
        if stop.wait(interval):
            return


def invalidate() -> None:
    """This process changed places: check the version again at the next lookup."""
    database = _database_key()
    with _lock:
        _changes[database] = _changes.get(database, 0) + 1


def _database_key() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _cached(kind: str, model, load) -> PlaceIndex:
    database = _database_key()
    key = (database, kind)
    with _lock:
        entry, changes = _cache.get(key), _changes.get(database, 0)
    now = time.monotonic()
    refresh = current_app.config["LYKTA_ROUTING_REFRESH_SECONDS"]
    if entry is not None and entry.changes == changes and now - entry.checked < refresh:
        return entry.index
    # The database, without _lock (see the docstring). A change this process makes meanwhile
    # counts after `changes`, so the next lookup checks again.
    version = tuple(
        db.session.execute(select(func.count(model.id), func.max(model.updated_at))).one()
    )
    if entry is not None and entry.version == version:
        index = entry.index
    else:
        index = PlaceIndex.build(load())
        current_app.logger.info(
            "Built the %s index: %d in %.3f s", kind, len(index), index.built_in_s
        )
    with _lock:
        latest = _cache.get(key)
        if latest is None or latest.checked <= now:  # a check that began later wins
            _cache[key] = _Cached(index, version, now, changes)
    return index
