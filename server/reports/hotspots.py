"""Hot spots: the deviations counted in square cells of the map, busiest first, and those cells
as GeoJSON for the lägesbild's map."""

import math
import statistics
from collections import Counter, defaultdict

from server.places.index import metres_per_degree
from server.reports.metrics import deviations
from server.reports.timelines import Row


def hot_spots(rows: list[Row], cell_m: float = 150.0, minimum: int = 2) -> list[dict]:
    """Findings counted in square cells of cell_m metres, busiest first; the grid is anchored at
    whole degrees so that the same place falls in the same cell in every report."""
    located = [r for r in deviations(rows) if r.lat is not None and r.lon is not None]
    if not located:
        return []
    reference = math.floor(statistics.median(r.lat for r in located))
    east, north = metres_per_degree(reference + 0.5)
    cells: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in located:
        cells[(math.floor(row.lon * east / cell_m), math.floor(row.lat * north / cell_m))].append(
            row
        )
    result = []
    for (i, j), members in cells.items():
        if len(members) < minimum:
            continue
        west, south = i * cell_m / east, j * cell_m / north
        east_edge, north_edge = (i + 1) * cell_m / east, (j + 1) * cell_m / north
        categories = Counter((r.category, r.category_name) for r in members).most_common()
        (top_code, top_name), _ = categories[0]
        result.append(
            {
                "cell": f"{i}:{j}",
                "count": len(members),
                "open": sum(r.is_open for r in members),
                "top_category": top_name,
                "top_category_code": top_code,  # for a reader in another language
                "categories": {name: count for (_, name), count in categories},
                "centre": [(west + east_edge) / 2, (south + north_edge) / 2],
                "bbox": [west, south, east_edge, north_edge],
            }
        )
    return sorted(result, key=lambda cell: (-cell["count"], cell["cell"]))


def hot_spot_collection(cells: list[dict], cell_m: float) -> dict:
    """The cells as a GeoJSON FeatureCollection of polygons."""
    features = []
    for cell in cells:
        west, south, east, north = cell["bbox"]
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    key: cell[key]
                    for key in (
                        "cell",
                        "count",
                        "open",
                        "top_category",
                        "top_category_code",
                        "categories",
                    )
                },
            }
        )
    return {"type": "FeatureCollection", "cell_m": cell_m, "features": features}


def combined_hot_spots(
    findings: list[Row],
    incidents: list,
    rounds: list = (),
    cell_m: float = 150.0,
    minimum: int = 2,
) -> list[dict]:
    """Hot spots of findings and incidents together: both counted in the same cells as
    hot_spots() (anchored at whole degrees), a cell with at least `minimum` of them together
    being a hot spot, busiest first. Each says how many findings (of which open) and incidents
    it holds, and how many of the `rounds` (anything with lat and lon) were made in it.
    Incidents are anything with lat, lon and a type code (server/incidents/models.py)."""
    located = [r for r in deviations(findings) if r.lat is not None and r.lon is not None]
    points = [(r.lat, r.lon) for r in located] + [(i.lat, i.lon) for i in incidents]
    if not points:
        return []
    reference = math.floor(statistics.median(lat for lat, _ in points))
    east, north = metres_per_degree(reference + 0.5)

    def cell_of(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lon * east / cell_m), math.floor(lat * north / cell_m)

    found: dict[tuple[int, int], list[Row]] = defaultdict(list)
    happened: dict[tuple[int, int], list] = defaultdict(list)
    for row in located:
        found[cell_of(row.lat, row.lon)].append(row)
    for incident in incidents:
        happened[cell_of(incident.lat, incident.lon)].append(incident)
    walked = Counter(cell_of(r.lat, r.lon) for r in rounds if r.lat is not None)
    result = []
    for key in set(found) | set(happened):
        rows, events = found.get(key, []), happened.get(key, [])
        if len(rows) + len(events) < minimum:
            continue
        i, j = key
        west, south = i * cell_m / east, j * cell_m / north
        east_edge, north_edge = (i + 1) * cell_m / east, (j + 1) * cell_m / north
        types = sorted(Counter(e.type.code for e in events).items(), key=lambda t: (-t[1], t[0]))
        result.append(
            {
                "cell": f"{i}:{j}",
                "count": len(rows) + len(events),
                "findings": len(rows),
                "open": sum(r.is_open for r in rows),
                "incidents": len(events),
                "rounds": walked[key],
                "categories": dict(Counter(r.category for r in rows).most_common()),
                "incident_types": dict(types),
                "centre": [(west + east_edge) / 2, (south + north_edge) / 2],
                "bbox": [west, south, east_edge, north_edge],
            }
        )
    return sorted(result, key=lambda cell: (-cell["count"], -cell["incidents"], cell["cell"]))


def in_cell(cell: dict, lat: float, lon: float) -> bool:
    west, south, east, north = cell["bbox"]
    return west <= lon < east and south <= lat < north


def by_week(cells: list[dict], weeks: list[str], incidents: list, rounds: list) -> None:
    """Add to each cell `weeks`: [{week, incidents, rounds}] over the given ISO weeks, from
    (week, lat, lon) triples of incidents and rounds, so that a hot spot's last weeks can be
    read beside what was done there."""
    for cell in cells:
        counted = {week: {"week": week, "incidents": 0, "rounds": 0} for week in weeks}
        for key, items in (("incidents", incidents), ("rounds", rounds)):
            for week, lat, lon in items:
                if week in counted and in_cell(cell, lat, lon):
                    counted[week][key] += 1
        cell["weeks"] = list(counted.values())
