"""The rounds counted per hot spot: square cells of 150 m on the grid the lägesbild's hot
spots use (server/reports/hotspots.py, server/incidents/figures.py: anchored at whole degrees,
so that a round at a hot spot falls in that hot spot's cell)."""

import math
import statistics
from collections import defaultdict

from server.est.models import EstRound
from server.places.index import metres_per_degree

CELL_M = 150.0


def by_hot_spot(rounds: list[EstRound], cell_m: float = CELL_M) -> list[dict]:
    """Every cell with a round, most rounds first: count, how many found no deviations, the
    actions they were made for, centre [lon, lat] and bbox."""
    if not rounds:
        return []
    reference = math.floor(statistics.median(r.lat for r in rounds))
    east, north = metres_per_degree(reference + 0.5)
    cells: dict[tuple[int, int], list[EstRound]] = defaultdict(list)
    for logged in rounds:
        key = (math.floor(logged.lon * east / cell_m), math.floor(logged.lat * north / cell_m))
        cells[key].append(logged)
    result = []
    for (i, j), members in cells.items():
        west, south = i * cell_m / east, j * cell_m / north
        east_edge, north_edge = (i + 1) * cell_m / east, (j + 1) * cell_m / north
        result.append(
            {
                "cell": f"{i}:{j}",
                "count": len(members),
                "no_deviations": sum(r.no_deviations for r in members),
                "action_ids": sorted({r.action_id for r in members if r.action_id is not None}),
                "centre": [(west + east_edge) / 2, (south + north_edge) / 2],
                "bbox": [west, south, east_edge, north_edge],
            }
        )
    return sorted(result, key=lambda cell: (-cell["count"], cell["cell"]))
