"""The demo's 8 weeks of incidents for the EST meeting, from four partners.

Seeded, so every run on every day makes the same number: PER_WEEKDAY per weekday for each of
the 8 weeks (the 56 days up to today hold each weekday 8 times) plus one seeded extra draw per
day: 213 in all. Most cluster at the centre's hot spots (server/demo/promises.py), in the
evening, and more on Friday and Saturday nights. Today's fall before now. Ids are derived from
their number, so a second run PUTs nothing again (times follow today's date and would conflict)."""

import random
import uuid
from datetime import date, datetime, time, timedelta

from server import clock
from server.database import utcnow
from server.demo.promises import HOT_SPOTS
from server.extensions import db
from server.incidents import service as incidents
from server.incidents.models import Incident

DAYS = 56
SEED = 14
# Monday first: how many incidents a day, before the seeded extra one (0 or 1).
PER_WEEKDAY = (2, 2, 2, 3, 5, 6, 3)
# local hour 0–23: evenings weigh most, the small hours some (Friday and Saturday nights more)
HOUR_WEIGHTS = (3, 2, 1, 1, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 8, 7, 5)
WEEKEND_NIGHT = (6, 5, 3, 2, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4, 5, 7, 9, 10, 10, 9)
# user key: the types that partner records, with weights
PARTNERS = {
    "polis": (("narkotika", 4), ("hot_vald", 3), ("ordningsstorning", 3), ("trafik", 2),
              ("stold_inbrott", 2)),
    "brand": (("brand", 5), ("skadegorelse", 1), ("annat", 1)),
    "samordnare": (("skadegorelse", 4), ("ordningsstorning", 2), ("annat", 2)),
    "vasbyhem": (("skadegorelse", 4), ("stold_inbrott", 2), ("brand", 1), ("annat", 1)),
}  # fmt: skip
PARTNER_WEIGHTS = (("polis", 4), ("brand", 1), ("samordnare", 2), ("vasbyhem", 3))
NOTES = {
    "narkotika": "Misstänkt langning vid entrén.",
    "hot_vald": "Bråk mellan ungdomar, polis på plats.",
    "ordningsstorning": "Stökigt sällskap, flera klagomål.",
    "trafik": "Mopeder i hög fart på gångvägen.",
    "stold_inbrott": "Inbrott i förråd.",
    "brand": "Brand i papperskorg, släckt.",
    "skadegorelse": "Krossad ruta och klotter.",
    "annat": "",
}
# The demo area's box (lat, lon), for the incidents that are not at a hot spot.
SCATTER = ((59.5145, 59.5230), (17.9025, 17.9195))


def load(users: dict, namespace: uuid.UUID) -> int:
    """Record the demo's incidents; returns how many were new."""
    today = clock.local_today()
    now = clock.local_now()
    counts = random.Random(SEED)  # noqa: S311 - a seeded demo, not a secret
    draw = random.Random(SEED + 1)  # noqa: S311
    created = 0
    number = 0
    for back in range(DAYS - 1, -1, -1):
        day = today - timedelta(days=back)
        for _ in range(PER_WEEKDAY[day.weekday()] + counts.randint(0, 1)):
            incident_id = uuid.uuid5(namespace, f"incident-{number}")
            number += 1
            key, body = _incident(draw, day, now)
            if db.session.get(Incident, incident_id) is None:
                incidents.put_incident(users[key], incident_id, body)
                created += 1
    db.session.commit()
    return created


def _incident(draw: random.Random, day: date, now: datetime) -> tuple[str, dict]:
    weekend = day.weekday() in (4, 5)
    hour = draw.choices(range(24), WEEKEND_NIGHT if weekend else HOUR_WEIGHTS)[0]
    moment = datetime.combine(day, time(hour, draw.randrange(60)), tzinfo=clock.zone())
    if moment >= now - timedelta(minutes=1):  # today's, before now
        start = datetime.combine(day, time(0), tzinfo=clock.zone())
        moment = start + (now - start) * draw.uniform(0.2, 0.95)
    key = _weighted(draw, PARTNER_WEIGHTS)
    code = _weighted(draw, PARTNERS[key])
    if draw.random() < 0.85:
        _, lat, lon = HOT_SPOTS[draw.choices(range(len(HOT_SPOTS)), (5, 3, 2))[0]]
        lat, lon = lat + draw.uniform(-0.0004, 0.0004), lon + draw.uniform(-0.0007, 0.0007)
    else:
        lat, lon = draw.uniform(*SCATTER[0]), draw.uniform(*SCATTER[1])
    body = {
        "type": code,
        "occurred_at": min(moment, utcnow()),
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "note": NOTES[code] if draw.random() < 0.6 else "",
    }
    return key, body


def _weighted(draw: random.Random, pairs) -> str:
    return draw.choices([key for key, _ in pairs], [weight for _, weight in pairs])[0]
