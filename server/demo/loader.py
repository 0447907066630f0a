"""`lykta demo`: a realistic demo around Upplands Väsby centrum, through the real services.

Everything is looked up before it is made (organisations by name, users by email, places by
name or designation, walks by title, findings and photos by ids derived from their place in
the demo), so running it twice changes nothing."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app

from server import clock
from server.accounts import service as accounts
from server.accounts.models import User
from server.database import utcnow
from server.demo import est as demo_est
from server.demo import followup_walk as demo_followup_walk
from server.demo import incidents as demo_incidents
from server.demo import promises as demo_promises
from server.demo import survey as demo_survey
from server.demo import tips as demo_tips
from server.demo.findings import FINDINGS, DemoFinding
from server.demo.photos import demo_photo
from server.demo.places import (
    AREAS,
    KOMMUN,
    ORGANISATIONS,
    POLIS,
    PROPERTIES,
    REVIEWED_AREA,
    VASBYHEM,
)
from server.extensions import db
from server.findings import service as findings
from server.findings import workflow
from server.findings.models import Finding, Status
from server.photos import service as photos
from server.photos.storage import media_store
from server.places import service as places
from server.walks import service as walks
from server.walks.models import Walk

PASSWORD = "lykta-demo-2026"  # noqa: S105 - the demo's published password
NAMESPACE = uuid.UUID("5d0c3e2a-7f7e-4a51-9d0a-6c79a1a5e001")
STOCKHOLM = ZoneInfo("Europe/Stockholm")

# key: email, name, role, organisation, what they do
USERS = {
    "admin": (
        "admin@lykta.demo",
        "Ada Andersson",
        "admin",
        "Upplands Väsby kommun",
        "administratör",
    ),
    "samordnare": (
        "samordnare@lykta.demo",
        "Sara Lind",
        "coordinator",
        "Upplands Väsby kommun",
        "brottsförebyggande strateg",
    ),
    "bid": ("bid@lykta.demo", "Bo Ek", "coordinator", "Väsby centrum BID", "BID-samordnare"),
    "polis": (
        "polis@lykta.demo",
        "Per Holm",
        "reporter",
        "Polisen – lokalpolisområde Upplands Väsby",
        "kommunpolis",
    ),
    "vandrare": (
        "vandrare@lykta.demo",
        "Vera Berg",
        "reporter",
        "Väsby centrum BID",
        "volontär i BID",
    ),
    "vasbyhem": ("vasbyhem@lykta.demo", "Hanna Nord", "owner", "AB Väsbyhem", "förvaltare"),
    "centrum": (
        "centrum@lykta.demo",
        "Carl Sund",
        "owner",
        "Väsby Centrum Fastigheter AB",
        "driftchef",
    ),
    "brand": (
        "brand@lykta.demo",
        "Elin Falk",
        "reporter",
        "Storstockholms brandförsvar",
        "brandinspektör",
    ),
    "gata": (
        "gata@lykta.demo",
        "Gustav Ström",
        "owner",
        "Upplands Väsby kommun – Gatuenheten",
        "gatuingenjör",
    ),
}

# How each status is reached from 'ny', and who takes each step.
PATHS = {
    Status.NEW: [],
    Status.TRIAGED: [(Status.TRIAGED, "samordnare")],
    Status.SENT: [(Status.TRIAGED, "samordnare"), (Status.SENT, "samordnare")],
    Status.ACKNOWLEDGED: [
        (Status.TRIAGED, "samordnare"),
        (Status.SENT, "samordnare"),
        (Status.ACKNOWLEDGED, "owner"),
    ],
    Status.PLANNED: [
        (Status.TRIAGED, "samordnare"),
        (Status.SENT, "samordnare"),
        (Status.ACKNOWLEDGED, "owner"),
        (Status.PLANNED, "owner"),
    ],
    Status.FIXED: [
        (Status.TRIAGED, "samordnare"),
        (Status.SENT, "samordnare"),
        (Status.ACKNOWLEDGED, "owner"),
        (Status.FIXED, "owner"),
    ],
    Status.VERIFIED: [
        (Status.TRIAGED, "samordnare"),
        (Status.SENT, "samordnare"),
        (Status.ACKNOWLEDGED, "owner"),
        (Status.FIXED, "owner"),
        (Status.VERIFIED, "samordnare"),
    ],
    Status.REJECTED: [(Status.REJECTED, "samordnare")],
    Status.NOT_OURS: [
        (Status.TRIAGED, "samordnare"),
        (Status.SENT, "samordnare"),
        (Status.NOT_OURS, "owner"),
    ],
    Status.DUPLICATE: [(Status.DUPLICATE, "samordnare")],
}


@dataclass
class DemoSummary:
    users: list[tuple[str, str, str, str]]
    created_findings: int
    total_findings: int
    created_incidents: int
    promise_url: str


def load(photo_dir: Path | None) -> DemoSummary:
    organisations = {name: _organisation(name, kind, email) for name, kind, email in ORGANISATIONS}
    users = {key: _user(*spec[:3], organisations[spec[3]]) for key, spec in USERS.items()}
    areas = {name: places.upsert_area(name, kind, shape) for name, kind, shape in AREAS}
    # The BID's coordinator looks at every finding in the centre before it goes out.
    areas[REVIEWED_AREA].review_first = True
    properties = [
        places.upsert_property(
            designation, organisations[owner], [organisations[owner].email], shape
        )
        for designation, owner, shape in PROPERTIES
    ]
    demo_walks = _walks(areas["Väsby centrum BID"], users)
    db.session.commit()
    created = sum(
        _finding(number, spec, users, properties, demo_walks, photo_dir)
        for number, spec in enumerate(FINDINGS)
    )
    demo_followup_walk.load(demo_walks[0], users)
    parties = [organisations[name] for name in (KOMMUN, POLIS, VASBYHEM)]
    rounds = demo_est.rounds_by_tertial(clock.local_today())
    promise = demo_promises.load(areas[REVIEWED_AREA], parties, users, rounds)
    db.session.commit()
    demo_est.load(promise, users, NAMESPACE)
    new_incidents = demo_incidents.load(users, NAMESPACE)
    demo_survey.load(users["samordnare"], areas["Väsby centrum BID"])  # docs/survey.md
    demo_tips.load(NAMESPACE, uuid.uuid5(NAMESPACE, "finding-1"), photo_dir)  # docs/tips.md
    summary = [(spec[0], spec[2], spec[3], spec[4]) for spec in USERS.values()]
    return DemoSummary(
        summary, created, len(FINDINGS), new_incidents, demo_promises.public_url(promise)
    )


def _organisation(name: str, kind: str, email: str):
    organisation = accounts.get_or_create_organisation(name, kind)
    organisation.email = organisation.email or email
    return organisation


def _user(email: str, name: str, role: str, organisation) -> User:
    user = accounts.user_by_email(email)
    if user is None:
        user = accounts.create_user(
            email=email, name=name, role=role, organisation=organisation, password=PASSWORD
        )
    return user


def _walks(area, users) -> list[Walk]:
    today = utcnow().astimezone(STOCKHOLM).replace(hour=17, minute=30, second=0, microsecond=0)
    specs = [
        (
            "Trygghetsvandring Väsby centrum",
            "trygghetsvandring",
            today - timedelta(days=15),
            "avslutad",
            ["samordnare", "bid", "polis", "vandrare"],
            "Höstens trygghetsvandring med boende, polis, Väsbyhem och centrumägaren.",
        ),
        (
            "Områdesvandring BID vecka 47",
            "områdesvandring",
            today,
            "pågår",
            ["bid", "polis", "vandrare"],
            "BID och kommunpolisen går centrum kring stationen.",
        ),
    ]
    made = []
    for number, (title, kind, start, status, participants, description) in enumerate(specs):
        walk = walks.walk_by_title(title)
        if walk is None:
            walk = Walk(
                type=kind,
                title=title,
                area=area,
                planned_start=start,
                status=status,
                description=description,
                created_by_id=users["samordnare"].id,
            )
            db.session.add(walk)
            db.session.flush()
        _plan(walk, WALK_PLANS[number])
        for key in participants:
            walks.add_participant(walk, users[key])
        made.append(walk)
    return made


# Meeting point, its position, length in hours, route and (closed walks) the summary.
WALK_PLANS = [
    (
        "Entrén till Väsby Centrum mot Dragonvägen",
        (59.51905, 17.91130),
        2.5,
        [
            [17.9113, 59.5190],
            [17.9100, 59.5182],
            [17.9085, 59.5176],
            [17.9099, 59.5168],
            [17.9126, 59.5172],
            [17.9142, 59.5181],
            [17.9113, 59.5190],
        ],
        "Ett tjugotal deltagare: boende, kommunpolisen, Väsbyhem, centrumägaren och BID. "
        "Gångvägen mot stationen upplevs mörk efter klockan 17: flera armaturer är släckta och "
        "buskarna vid lekplatsen skymmer sikten. Klotter och nedskräpning bakom affärerna "
        "åtgärdas snabbt av fastighetsägarna. Torget och den nya belysningen vid "
        "busshållplatsen upplevs som trygga platser. Till uppföljningsmötet: Väsbyhem "
        "återkommer om beskärningen, gatuenheten om armaturerna längs gångvägen.",
    ),
    (
        "Pendeltågsstationens entré, västra sidan",
        (59.51820, 17.90960),
        2.0,
        [
            [17.9096, 59.5182],
            [17.9110, 59.5188],
            [17.9128, 59.5184],
            [17.9120, 59.5174],
            [17.9096, 59.5182],
        ],
        "",
    ),
]


def _plan(walk: Walk, plan) -> None:
    """Fill in what the walk planning adds, on a demo loaded before it existed too."""
    meeting_point, (lat, lon), hours, route, summary = plan
    if not walk.meeting_point:
        walk.meeting_point = meeting_point
        walk.meeting_lat, walk.meeting_lon = lat, lon
    if walk.planned_end is None:
        walk.planned_end = walk.planned_start + timedelta(hours=hours)
    if walk.route is None:
        walk.route = {"type": "LineString", "coordinates": route}
    if walk.status == "avslutad":
        walk.started_at = walk.started_at or walk.planned_start
        walk.closed_at = walk.closed_at or walk.planned_start + timedelta(hours=hours)
        walk.summary = walk.summary or summary
    elif walk.status == "pågår":
        walk.started_at = walk.started_at or walk.planned_start


def _finding(number: int, spec: DemoFinding, users, properties, demo_walks, photo_dir) -> bool:
    finding_id = uuid.uuid5(NAMESPACE, f"finding-{number}")
    photo_ids = [
        uuid.uuid5(NAMESPACE, f"photo-{number}-{index}") for index in range(len(spec.photos))
    ]
    lat, lon, owner_property = _position(number, spec.where, properties)
    reporter = users[spec.reporter]
    captured = _captured_at(spec.days_ago)
    body = {
        "category": spec.category,
        "note": spec.note,
        "lat": lat,
        "lon": lon,
        "accuracy_m": 6.0 + number % 9,
        "captured_at": captured,
        "walk_id": demo_walks[spec.walk].id if spec.walk is not None else None,
        "photos": photo_ids,
    }
    # Times follow today's date, so a second run must not PUT again (it would conflict).
    created = db.session.get(Finding, finding_id) is None
    if created:
        finding, _ = findings.put_finding(reporter, finding_id, body)
        _history(finding, spec, users, owner_property, captured)
        db.session.commit()
    store = media_store(current_app)
    for photo_id, name in zip(photo_ids, spec.photos, strict=True):
        data, content_type = demo_photo(photo_dir, name, spec.category)
        photos.put_photo(store, reporter, finding_id, photo_id, data, content_type)
        db.session.commit()
    return created


def _position(number: int, where, properties):
    if isinstance(where, tuple):
        return (*where, None)
    estate = properties[where]
    # Spread findings over the property rather than stacking them on its centre.
    fraction = ((number * 37) % 60 + 20) / 100
    lat = estate.min_lat + (estate.max_lat - estate.min_lat) * fraction
    lon = estate.min_lon + (estate.max_lon - estate.min_lon) * (1 - fraction)
    return round(lat, 6), round(lon, 6), estate


def _captured_at(days_ago: float) -> datetime:
    evening = utcnow().astimezone(STOCKHOLM).replace(hour=18, minute=10, second=0, microsecond=0)
    moment = evening - timedelta(days=days_ago)
    return min(moment, utcnow().astimezone(STOCKHOLM) - timedelta(minutes=5))


def _history(finding: Finding, spec: DemoFinding, users, owner_property, captured: datetime):
    """Walk the finding along its path through the same workflow as the API. Inside the BID
    area a coordinator reviews first, so the router has proposed the property's owner and the
    coordinator sends it there; a finding on public ground goes to the street department by the
    coordinator's choice. An owner without users in the demo answers through its email link."""
    moment = captured
    owner_org = owner_property.owner if owner_property else users["gata"].organisation
    owner_user = next(
        (
            user
            for user in users.values()
            if user.organisation_id == owner_org.id and user.role == "owner"
        ),
        None,
    )
    for step, (status, who) in enumerate(PATHS[Status(spec.status)]):
        moment = moment + timedelta(hours=5 + step * 17)
        comment = spec.reason if status in (Status.REJECTED, Status.NOT_OURS) else None
        if status in (Status.VERIFIED, Status.DUPLICATE):  # the coordinators' follow-up
            findings.set_status(finding, users[who], status, comment, at=moment)
            continue
        actor = owner_user if who == "owner" else users[who]
        if status == Status.SENT and owner_property is None:
            comment = "allmän plats, kommunens gatumark"
        day = clock.local_date(moment)
        workflow.change_status(
            finding,
            actor,
            status,
            comment=comment,
            planned_for=day + timedelta(days=7) if status == Status.PLANNED else None,
            send_to=None if owner_property else owner_org,
            link_org=owner_org if who == "owner" and actor is None else None,
            today=day,
            at=moment,
        )
