"""Routing lookups: the spatial index against a naive loop over every polygon, same run, same
points.

Run with `.venv/bin/python bench/routing.py`. Results go to bench/results/routing.json.

The town: 50,000 synthetic properties on a street grid of 100 m blocks over about 22 x 22 km
around Upplands Väsby (59.52 N: far enough north that degrees of longitude are short). Each is
20-100 m across and turned by a random angle; 5 % are MultiPolygons (a building and a separate
yard), 5 % have a courtyard hole. The index is built from GeoJSON dicts, as `lykta` builds it
from the database.

The points, shuffled together: inside a random property (40 %), 1-14 m outside one (30 %:
reports from the pavement), and anywhere over the town and its surroundings (30 %).

Each lookup answers the router's question: the smallest property that covers the point, else
the nearest within 15 m (in metres), else none.
- index: server.places.index.PlaceIndex.locate (shapely STRtree; a metric projection of the
  few candidates around the point).
- naive loop: for every polygon, shapely `covers`; when none covers the point, the distance to
  every polygon in metres (polygons projected once to a plane around the town's centre,
  outside the timing). What one writes without an index.
- vectorised brute force (a second reference): the same over numpy arrays of all polygons
  with shapely's vectorised functions: no Python loop, but still every polygon per lookup.
The naive methods run on the first points of the same shuffled list (they are slow) and their
answers are checked against the index's.
"""

import argparse
import json
import math
import platform
import random
import statistics
import time
from pathlib import Path

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping

from server.places.index import PlaceIndex, metres_per_degree

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "routing.json"
CENTRE = (59.52, 17.91)  # lat, lon
BLOCK_M = 100.0
WITHIN_M = 15.0
TARGET_PER_S = 10_000
TARGET_RATIO = 100.0


def town(count: int, seed: int) -> tuple[list[dict], list, dict]:
    """count properties as GeoJSON dicts, their shapely shapes, and what they are made of."""
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(count))
    east, north = metres_per_degree(CENTRE[0])
    lon0 = CENTRE[1] - side * BLOCK_M / 2 / east
    lat0 = CENTRE[0] - side * BLOCK_M / 2 / north
    features, shapes = [], []
    made = {"polygons": 0, "multipolygons": 0, "with_holes": 0}
    for number in range(count):
        row, column = divmod(number, side)
        cx, cy = (column + 0.5) * BLOCK_M, (row + 0.5) * BLOCK_M  # metres from the corner
        width, height = rng.uniform(20, 80), rng.uniform(20, 80)
        kind = rng.random()
        if kind < 0.05:
            building = box(-width / 2, -height / 2, width / 2 - 12, height / 2)
            yard = box(width / 2 - 8, -height / 4, width / 2 + 8, height / 4)
            shape_m = MultiPolygon([building, yard])
            made["multipolygons"] += 1
        elif kind < 0.10:
            outer = box(-width / 2, -height / 2, width / 2, height / 2)
            hole = box(-width / 4, -height / 4, width / 4, height / 4)
            shape_m = Polygon(outer.exterior.coords, [hole.exterior.coords])
            made["with_holes"] += 1
        else:
            shape_m = box(-width / 2, -height / 2, width / 2, height / 2)
            made["polygons"] += 1
        shape_m = affinity.rotate(shape_m, rng.uniform(0, 90), origin=(0, 0))
        shape_m = affinity.translate(shape_m, cx, cy)
        shape_deg = shapely.transform(
            shape_m, lambda xy: np.column_stack([lon0 + xy[:, 0] / east, lat0 + xy[:, 1] / north])
        )
        features.append(mapping(shape_deg))
        shapes.append(shape_deg)
    made["extent_km"] = round(side * BLOCK_M / 1000, 1)
    return features, shapes, made


def points(shapes: list, count: int, seed: int) -> list[tuple[float, float, str]]:
    rng = random.Random(seed + 1)
    east, north = metres_per_degree(CENTRE[0])
    bounds = shapely.total_bounds(np.array(shapes, dtype=object))
    margin_lon, margin_lat = 1000 / east, 1000 / north
    found = []
    while len(found) < count:
        roll = rng.random()
        if roll < 0.4:
            shape = rng.choice(shapes)
            min_lon, min_lat, max_lon, max_lat = shape.bounds
            for _ in range(100):
                lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
                if shape.contains(Point(lon, lat)):
                    found.append((lat, lon, "inside"))
                    break
        elif roll < 0.7:
            shape = rng.choice(shapes)
            part = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
            ring = part.exterior
            a = ring.interpolate(rng.random(), normalized=True)
            b = ring.interpolate(min(1.0, ring.project(a, normalized=True) + 1e-4), normalized=True)
            # Outward normal of the edge, in metres, then back to degrees.
            dx, dy = (b.x - a.x) * east, (b.y - a.y) * north
            length = math.hypot(dx, dy) or 1.0
            nx, ny = dy / length, -dx / length
            if part.contains(Point(a.x + nx / east * 0.5, a.y + ny / north * 0.5)):
                nx, ny = -nx, -ny
            distance = rng.uniform(1, 14)
            found.append((a.y + ny * distance / north, a.x + nx * distance / east, "near"))
        else:
            lon = rng.uniform(bounds[0] - margin_lon, bounds[2] + margin_lon)
            lat = rng.uniform(bounds[1] - margin_lat, bounds[3] + margin_lat)
            found.append((lat, lon, "anywhere"))
    rng.shuffle(found)
    return found


class Naive:
    """Every polygon, every time."""

    def __init__(self, shapes: list):
        east, north = metres_per_degree(CENTRE[0])
        self.shapes = shapes
        self.names = [str(n) for n in range(len(shapes))]
        self.scale = np.array([east, north])
        self.origin = np.array([CENTRE[1], CENTRE[0]])
        self.metric = [
            shapely.transform(shape, lambda xy: (xy - self.origin) * self.scale) for shape in shapes
        ]
        self.array = np.array(shapes, dtype=object)
        self.metric_array = np.array(self.metric, dtype=object)
        self.areas = shapely.area(self.array)

    def loop(self, lat: float, lon: float):
        point = Point(lon, lat)
        best = None
        for number, shape in enumerate(self.shapes):
            if shape.covers(point):
                key = (self.areas[number], self.names[number])
                if best is None or key < best[0]:
                    best = (key, number)
        if best is not None:
            return best[1], 0.0
        here = Point(*((np.array([lon, lat]) - self.origin) * self.scale))
        nearest = None
        for number, shape in enumerate(self.metric):
            distance = shape.distance(here)
            if distance <= WITHIN_M:
                key = (distance, self.areas[number], self.names[number])
                if nearest is None or key < nearest[0]:
                    nearest = (key, number)
        return (nearest[1], nearest[0][0]) if nearest else None

    def vectorised(self, lat: float, lon: float):
        point = Point(lon, lat)
        inside = np.flatnonzero(shapely.covers(self.array, point))
        if len(inside):
            return int(min(inside, key=lambda n: (self.areas[n], self.names[n]))), 0.0
        here = Point(*((np.array([lon, lat]) - self.origin) * self.scale))
        distances = shapely.distance(self.metric_array, here)
        number = int(np.argmin(distances))
        return (number, float(distances[number])) if distances[number] <= WITHIN_M else None


def rate(function, queries) -> tuple[float, list]:
    answers = []
    started = time.perf_counter()
    for lat, lon, _ in queries:
        answers.append(function(lat, lon))
    elapsed = time.perf_counter() - started
    return len(queries) / elapsed, answers


def same(index_answer, naive_answer) -> bool:
    if index_answer is None or naive_answer is None:
        return index_answer is None and naive_answer is None
    return (
        index_answer.id == naive_answer[0] and abs(index_answer.distance_m - naive_answer[1]) < 0.05
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--properties", type=int, default=50_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=100, help="lookups for the naive methods")
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()

    started = time.perf_counter()
    features, shapes, made = town(args.properties, args.seed)
    queries = points(shapes, args.lookups, args.seed)
    print(
        f"Town: {args.properties} properties over {made['extent_km']} km x {made['extent_km']} km "
        f"({made['multipolygons']} MultiPolygons, {made['with_holes']} with holes), "
        f"made in {time.perf_counter() - started:.1f} s"
    )

    builds = []
    for _ in range(3):
        index = PlaceIndex.build(
            (number, str(number), None, feature) for number, feature in enumerate(features)
        )
        builds.append(index.built_in_s)
    build_s = statistics.median(builds)
    print(f"Index build from GeoJSON: {build_s:.3f} s (median of 3)")

    rate(lambda lat, lon: index.locate(lat, lon, WITHIN_M), queries[:500])  # warm up
    runs = [rate(lambda lat, lon: index.locate(lat, lon, WITHIN_M), queries) for _ in range(3)]
    index_rate = statistics.median(r for r, _ in runs)
    index_answers = runs[0][1]
    outcome = {"inside": 0, "nearest": 0, "none": 0}
    for answer in index_answers:
        outcome[
            "none" if answer is None else "inside" if answer.distance_m == 0 else "nearest"
        ] += 1
    print(f"Index: {index_rate:,.0f} lookups/s over {len(queries)} points {outcome}")
    by_kind = {}
    for kind in ("inside", "near", "anywhere"):
        chosen = [query for query in queries if query[2] == kind]
        by_kind[kind] = round(rate(lambda lat, lon: index.locate(lat, lon, WITHIN_M), chosen)[0])
    print(f"  by kind of point, lookups/s: {by_kind}")

    naive = Naive(shapes)
    sample = queries[: args.naive]
    loop_rate, loop_answers = rate(naive.loop, sample)
    print(f"Naive loop: {loop_rate:,.1f} lookups/s over {len(sample)} points")
    vector_rate, vector_answers = rate(naive.vectorised, sample)
    print(f"Vectorised brute force: {vector_rate:,.1f} lookups/s over {len(sample)} points")
    disagreements = sum(
        not same(i, n) for i, n in zip(index_answers[: len(sample)], loop_answers, strict=True)
    ) + sum(
        not same(i, n) for i, n in zip(index_answers[: len(sample)], vector_answers, strict=True)
    )
    if disagreements:
        raise SystemExit(f"The index and the naive methods disagree on {disagreements} answers")

    ratio = index_rate / loop_rate
    met = index_rate >= TARGET_PER_S and ratio >= TARGET_RATIO
    print(
        f"Ratio index / naive loop: {ratio:,.0f}x (target >= {TARGET_RATIO:.0f}x), "
        f"index / vectorised brute force: {index_rate / vector_rate:,.0f}x"
    )
    verdict = "met" if met else "NOT met"
    print(f"Target >= {TARGET_PER_S:,} lookups/s and >= {TARGET_RATIO:.0f}x: {verdict}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "properties": args.properties,
                "town": made,
                "index_build_s": round(build_s, 3),
                "index": {
                    "lookups": len(queries),
                    "lookups_per_s": round(index_rate),
                    "answers": outcome,
                    "lookups_per_s_by_point": by_kind,
                },
                "naive_loop": {"lookups": len(sample), "lookups_per_s": round(loop_rate, 2)},
                "vectorised_brute_force": {
                    "lookups": len(sample),
                    "lookups_per_s": round(vector_rate, 1),
                },
                "ratio_index_vs_naive_loop": round(ratio),
                "ratio_index_vs_vectorised": round(index_rate / vector_rate),
                "answers_checked": 2 * len(sample),
                "target": {"lookups_per_s": TARGET_PER_S, "ratio": TARGET_RATIO, "met": met},
                "machine": {
                    "python": platform.python_version(),
                    "shapely": shapely.__version__,
                    "geos": shapely.geos_version_string,
                    "processor": platform.machine(),
                },
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Wrote {RESULTS.relative_to(REPO)}")
    if not met:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
