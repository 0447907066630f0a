"""What the public tip page sends (server/tips)."""

from tests.factories.places import at

RESIDENT = "boende@example.se"


def tip_body(**overrides) -> dict:
    """A resident's tip: a lamp out by the playground in Väsby centrum, with an email."""
    lat, lon = at(10, 10)
    body = {
        "category": "belysning",
        "note": "Lampan vid lekplatsen har varit släckt i en vecka",
        "lat": lat,
        "lon": lon,
        "captured_at": "2026-11-20T18:42:10+01:00",
        "photos": [],
        "email": RESIDENT,
    }
    body.update(overrides)
    return body
