"""The demo's weekly EST meetings: the last two ISO weeks, with actions for the four partners.

At each meeting the partners (the municipality, the police, the fire and rescue service and
the housing company) take actions: trygghetsrundor at the centre's hot spots
(server/demo/promises.py) on given evenings — the police's carry out the medborgarlöfte's
trygghetsrunda commitment, so their rounds count toward it — and insatser. The first meeting's
actions are followed up (done or not, with what came of it); of the last one's, those whose
evening has passed. The partners' staff logged their rounds at the spot, some with "inga
avvikelser". Everything goes through the same services as the API; a second run finds the
first action and adds nothing."""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from server import clock
from server.demo.promises import HOT_SPOTS
from server.est import rounds as est_rounds
from server.est import service as est
from server.est.models import EstAction, EstRound
from server.extensions import db
from server.promises.models import Commitment, Promise
from server.reports import periods


@dataclass(frozen=True)
class DemoRound:
    weekday: int  # ISO: 4 Thursday, 5 Friday, 6 Saturday
    at: time
    minutes: int
    seen: str  # empty: inga avvikelser


@dataclass(frozen=True)
class DemoAction:
    weeks_back: int  # the meeting's week: 2 the week before last, 1 last week
    who: str  # the user key of the partner that does it (server/demo/loader.py USERS)
    kind: str
    what: str
    spot: int | None  # a hot spot of server/demo/promises.py, or a place in words
    place: str
    evenings: tuple[int, ...]
    for_commitment: bool  # carries out the promise's trygghetsrunda commitment
    outcome: tuple[str, str] | None  # (status, result) once followed up
    rounds: tuple[DemoRound, ...] = ()


QUIET = ""
ACTIONS = (
    DemoAction(
        2,
        "polis",
        "trygghetsrunda",
        "Trygghetsrunda vid stationens västra entré fredag och lördag kväll.",
        0,
        "",
        (5, 6),
        True,
        ("gjord", "Två rundor: en grupp unga vid entrén på fredagen, lugnt på lördagen."),
        (
            DemoRound(5, time(21, 30), 40, "Grupp om 6–8 unga vid västra entrén, samtal, lugnt."),
            DemoRound(6, time(22, 0), 35, QUIET),
        ),
    ),
    DemoAction(
        2,
        "vasbyhem",
        "trygghetsrunda",
        "Trivselvärdarna går en runda på gårdarna vid Dragonvägen torsdag kväll.",
        2,
        "",
        (4,),
        False,
        ("gjord", "Rundan gick som planerat, inga avvikelser."),
        (DemoRound(4, time(20, 0), 45, QUIET),),
    ),
    DemoAction(
        2,
        "samordnare",
        "insats",
        "Beställa tillfällig belysning i gångtunneln under Stationsvägen.",
        None,
        "Gångtunneln under Stationsvägen",
        (),
        False,
        ("gjord", "Gatuenheten satte upp tillfällig belysning på onsdagen."),
    ),
    DemoAction(
        2,
        "brand",
        "insats",
        "Brandskyddsinformation och tömning av brännbart i miljörummen vid Dragonvägen.",
        2,
        "Miljörummen vid Dragonvägen",
        (),
        False,
        ("inte gjord", "Flyttad till nästa vecka: personalen behövdes vid en brand i Runby."),
    ),
    DemoAction(
        1,
        "polis",
        "trygghetsrunda",
        "Trygghetsrunda vid torget fredag och lördag kväll, efter oron vid Väsby Centrum.",
        1,
        "",
        (5, 6),
        True,
        ("gjord", "Stökigt på fredagen, ordningsvakterna på plats; lördagen lugn."),
        (
            DemoRound(5, time(21, 0), 50, "Stökigt sällskap vid torget, ordningsvakter på plats."),
            DemoRound(6, time(21, 30), 40, QUIET),
        ),
    ),
    DemoAction(
        1,
        "vasbyhem",
        "trygghetsrunda",
        "Trivselvärdarna går en runda på gårdarna vid Dragonvägen fredag kväll.",
        2,
        "",
        (5,),
        False,
        None,
        (DemoRound(5, time(20, 30), 40, "Krossad ruta i en port, felanmäld till Väsbyhem."),),
    ),
    DemoAction(
        1,
        "brand",
        "insats",
        "Brandskyddsinformation och tömning av brännbart i miljörummen vid Dragonvägen.",
        2,
        "Miljörummen vid Dragonvägen",
        (),
        False,
        None,
    ),
    DemoAction(
        1,
        "samordnare",
        "insats",
        "Klottersanering på torget och vid pendeltågsstationen.",
        1,
        "Torget och pendeltågsstationen",
        (),
        False,
        None,
    ),
)


def monday(today: date, weeks_back: int) -> date:
    return today - timedelta(days=today.weekday() + 7 * weeks_back)


def day_of(spec: DemoAction, weekday: int, today: date) -> date:
    return monday(today, spec.weeks_back) + timedelta(days=weekday - 1)


def rounds_by_tertial(today: date) -> Counter:
    """How many of the demo's rounds count toward the commitment, per (year, tertial): the
    promise's demo makes that many fewer walk-type rundor there (server/demo/promises.py)."""
    return Counter(
        periods.tertial_of(day_of(spec, logged.weekday, today))
        for spec in ACTIONS
        if spec.for_commitment
        for logged in spec.rounds
    )


def load(promise: Promise, users: dict, namespace: uuid.UUID) -> int:
    """The two meetings' actions and their rounds; returns how many rounds were new."""
    first = db.session.scalar(select(EstAction.id).where(EstAction.what == ACTIONS[0].what))
    if first is not None:
        return 0
    runda = next(c for c in promise.commitments if c.kind == "trygghetsrunda")
    today = clock.local_today()
    created = 0
    number = 0
    for spec in ACTIONS:
        action = _action(spec, users, runda, today)
        for logged in spec.rounds:
            round_id = uuid.uuid5(namespace, f"round-{number}")
            number += 1
            if db.session.get(EstRound, round_id) is None:
                body = _round(spec, logged, action, today)
                est_rounds.put_round(users[spec.who], round_id, body)
                created += 1
        if spec.outcome is not None:
            status, result = spec.outcome
            reporter = users["vasbyhem" if spec.who == "vasbyhem" else "samordnare"]
            est.report_outcome(reporter, action, {"status": status, "result": result})
    db.session.commit()
    return created


def _action(spec: DemoAction, users: dict, runda: Commitment, today: date) -> EstAction:
    week_first = monday(today, spec.weeks_back)
    lat, lon = HOT_SPOTS[spec.spot][1:] if spec.spot is not None else (None, None)
    place = spec.place or (HOT_SPOTS[spec.spot][0] if spec.spot is not None else "")
    return est.create_action(
        users["samordnare"],
        {
            "week": periods.week_key(week_first),
            "what": spec.what,
            "who": users[spec.who].organisation_id,
            "where": {"area_id": None, "lat": lat, "lon": lon, "place": place},
            "due_on": week_first + timedelta(days=6),
            "kind": spec.kind,
            "evenings": list(spec.evenings),
            "commitment_id": runda.id if spec.for_commitment else None,
        },
    )


def _round(spec: DemoAction, logged: DemoRound, action: EstAction, today: date) -> dict:
    arrived = datetime.combine(day_of(spec, logged.weekday, today), logged.at, clock.zone())
    _, lat, lon = HOT_SPOTS[spec.spot]
    return {
        "action_id": action.id,
        "lat": lat,
        "lon": lon,
        "arrived_at": arrived,
        "left_at": arrived + timedelta(minutes=logged.minutes),
        "seen": logged.seen,
        "no_deviations": not logged.seen,
    }
