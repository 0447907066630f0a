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
