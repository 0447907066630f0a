"""A medborgarlöfte as a coordinator sends it: Vaggeryd's kind, with its three commitments."""

COMMITMENTS = [
    {"text": "Trygghetsvandringar", "kind": "trygghetsvandring", "planned_per_tertial": 2},
    {"text": "Trygghetsrundor på hot spots", "kind": "trygghetsrunda", "planned_per_tertial": 6},
    {"text": "Trafikinsatser", "kind": "insats", "planned_per_tertial": 2},
]


def promise_body(**fields) -> dict:
    return {
        "title": "Medborgarlöfte Vaggeryd 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "area_id": None,
        "commitments": COMMITMENTS,
        **fields,
    }
