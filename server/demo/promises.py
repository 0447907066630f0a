"""The demo's medborgarlöfte for Väsby centrum, of Vaggeryd's kind, with two tertials of work.

The promise runs for the current year (from the previous tertial's start when that lies in the
year before). Its walks, trygghetsrundor and insatser go through the same services as the API:
the previous tertial complete with the coordinator's published comments, the current one up to
yesterday, and one walk still planned. The trygghetsrundor are walks of that type, fewer where
the EST meetings' rounds (server/demo/est.py) count toward the commitment. Everything is made
when the promise is made, so a second run finds the promise by its title and adds nothing."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from flask import current_app

from server import clock
from server.promises import presenters as promise_presenters
from server.promises import service as promises
from server.promises.models import Commitment, Promise
from server.reports import periods
from server.walks import service as walks
from server.walks.models import WalkType

FOCUS_AREAS = ["ökad trygghet", "narkotikabrottslighet", "trafiksäkerhet"]
# text, kind, planned per tertial
COMMITMENTS = [
    (
        "Genomföra trygghetsvandringar i Väsby centrum tillsammans med boende och fastighetsägare.",
        "trygghetsvandring",
        2,
    ),
    (
        "Genomföra trygghetsrundor på aktuella platser utifrån den gemensamma lägesbilden.",
        "trygghetsrunda",
        6,
    ),
    ("Genomföra trafikinsatser där trafikproblem har identifierats.", "insats", 2),
]
# The hot spots of the centre: name, lat, lon (server/demo/incidents.py clusters around them).
HOT_SPOTS = [
    ("Pendeltågsstationens västra entré", 59.51820, 17.90960),
    ("Torget vid Väsby Centrum", 59.51990, 17.91390),
    ("Väsbyhems gårdar vid Dragonvägen", 59.51600, 17.90500),
]
WALK_PLACES = ["stationsområdet", "centrumhusen och torget", "Dragonvägen och lekplatsen"]
INSATS_PLACES = [
    ("Centralvägen vid skolan", 59.51740, 17.91520, "Hastighetskontroll: 14 förare över 30 km/h."),
    ("Infarten till Väsby Centrum", 59.51870, 17.91600, "Felparkeringskontroll: 9 anmärkningar."),
    ("Stationsvägen, taxi- och hämtplats", 59.51800, 17.90900, "Nykterhetskontroll: 120 blåsta."),
]
# per tertial: trygghetsvandringar, trygghetsrundor and trafikinsatser done
PREVIOUS_DONE = (2, 5, 3)
CURRENT_DONE = (1, 4, 1)
COMMENTS = [
    "Två trygghetsvandringar genomfördes som planerat, med boende, polis och Väsbyhem. "
    "Belysningen vid stationen och beskärningen vid lekplatsen är åtgärdade.",
    "Fem av sex planerade trygghetsrundor: en ställdes in på grund av oväder. Rundorna har gått "
    "där lägesbilden visat oro, främst vid stationen fredag och lördag kväll.",
    "Tre trafikinsatser i stället för två: hastigheten vid skolan följdes upp en extra gång "
    "efter klagomål från föräldrar.",
]


def title(year: int) -> str:
    return f"Medborgarlöfte Upplands Väsby centrum {year}"


def load(area, organisations: list, users: dict, rounds: Counter | None = None) -> Promise:
    """The demo's promise, made with its activity the first time; found by title after that.
    `rounds`: per (year, tertial), the EST rounds that will count toward its trygghetsrunda
    commitment, which the walk-type rundor of that tertial make up to PREVIOUS_DONE or
    CURRENT_DONE."""
    rounds = rounds or Counter()
    today = clock.local_today()
    existing = next((p for p in promises.list_promises() if p.title == title(today.year)), None)
    if existing is not None:
        return existing
    previous = periods.tertial(*periods.previous_tertial(*periods.tertial_of(today)))
    promise = promises.create_promise(
        users["samordnare"],
        {
            "title": title(today.year),
            "starts_on": min(date(today.year, 1, 1), previous.first),
            "ends_on": date(today.year, 12, 31),
            "area_id": area.id,
            "parties": [organisation.id for organisation in organisations],
            "focus_areas": FOCUS_AREAS,
            "commitments": [
                {"text": text, "kind": kind, "planned_per_tertial": planned}
                for text, kind, planned in COMMITMENTS
            ],
        },
    )
    year, number = periods.tertial_of(previous.first)
    current = periods.tertial(*periods.tertial_of(today))
    for first, last, done, label in (
        (previous.first, previous.last, PREVIOUS_DONE, number),
        (current.first, today - timedelta(days=1), CURRENT_DONE, None),
    ):
        walk_count, round_count, insats_count = done
        round_count = max(0, round_count - rounds[periods.tertial_of(first)])
        _activity(promise, area, users, first, last, (walk_count, round_count, insats_count), label)
    _planned_walk(promise, area, users, today, current)
    for commitment, text in zip(promise.commitments, COMMENTS, strict=True):
        promises.put_comment(
            users["samordnare"], commitment, year, number, {"text": text, "published": True}
        )
    return promise


def public_url(promise: Promise) -> str:
    base = current_app.config["LYKTA_BASE_URL"].rstrip("/")
    return base + promise_presenters.public_url(promise)


def _days(first: date, last: date, count: int) -> list[date]:
    """`count` days spread evenly over first..last; none when the span is empty."""
    if last < first or count == 0:
        return []
    span = (last - first).days
    return [first + timedelta(days=round(span * (k + 0.5) / count)) for k in range(count)]


def _label(first: date, number: int | None) -> str:
    year, tertial = periods.tertial_of(first)
    return f"tertial {number or tertial} {year}"


def _activity(promise, area, users, first, last, done, number) -> None:
    walk_count, round_count, insats_count = done
    vandring, runda, insats = promise.commitments
    label = _label(first, number)
    for k, day in enumerate(_days(first, last, walk_count)):
        place = WALK_PLACES[k % len(WALK_PLACES)]
        walk = _walk(
            users,
            vandring,
            area,
            WalkType.TRYGGHETSVANDRING,
            f"Trygghetsvandring {place} ({label})",
            _at(day, 18),
            ["samordnare", "polis", "vasbyhem", "vandrare"],
        )
        walks.start(walk, at=walk.planned_start)
        walks.close(
            walk,
            f"Vandring kring {place} med boende, polis och Väsbyhem. Mörka partier och "
            "skymmande buskar noterades och skickades till fastighetsägarna.",
            at=walk.planned_end,
        )
    for k, day in enumerate(_days(first, last, round_count)):
        name, lat, lon = HOT_SPOTS[k % len(HOT_SPOTS)]
        walk = _walk(
            users,
            runda,
            area,
            WalkType.TRYGGHETSRUNDA,
            f"Trygghetsrunda {name} {k + 1} ({label})",
            _at(_friday_or_saturday(day, first), 21),
            ["polis", "bid", "vandrare"],
            meeting=(name, lat, lon),
        )
        walks.start(walk, at=walk.planned_start)
        walks.close(
            walk,
            f"Runda vid {name.lower()}: lugnt, några grupper av unga, samtal med väktare.",
            at=walk.planned_end,
        )
    for k, day in enumerate(_days(first, last, insats_count)):
        place, lat, lon, result = INSATS_PLACES[k % len(INSATS_PLACES)]
        promises.log_insats(
            users["samordnare"],
            insats,
            {"date": day, "place": place, "lat": lat, "lon": lon, "result": result},
        )


def _planned_walk(promise, area, users, today: date, current) -> None:
    _walk(
        users,
        promise.commitments[0],
        area,
        WalkType.TRYGGHETSVANDRING,
        f"Trygghetsvandring {WALK_PLACES[1]} ({_label(current.first, None)}, planerad)",
        _at(today + timedelta(days=6), 18),
        ["samordnare", "polis", "vasbyhem"],
    )


def _walk(users, commitment: Commitment, area, kind, walk_title, start, people, meeting=None):
    name, lat, lon = meeting or HOT_SPOTS[0]
    walk = walks.create_walk(
        users["samordnare"],
        {
            "type": kind,
            "title": walk_title,
            "description": "Inom medborgarlöftet för Väsby centrum.",
            "area_id": area.id,
            "planned_start": start,
            "planned_end": start + timedelta(hours=2 if kind == WalkType.TRYGGHETSVANDRING else 1),
            "meeting_point": name,
            "meeting_lat": lat,
            "meeting_lon": lon,
            "commitment_id": commitment.id,
        },
    )
    for key in people:
        walks.add_participant(walk, users[key])
    return walk


def _friday_or_saturday(day: date, first: date) -> date:
    """The Friday or Saturday on or before the day, when it lies in the tertial."""
    back = (day.weekday() - 4) % 7
    back = 0 if back == 1 else back  # a Saturday stays
    moved = day - timedelta(days=back)
    return moved if moved >= first else day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.zone())
