"""The walk protocol: the standard output of a walk, as a web page and as a PDF, in Swedish.

Every deviation found on the walk, numbered in the order it was found, with its photo, its
place (a numbered point on the map, the property, the areas), the owner it went to, the
deadline and its status now; then the positive marks (trygg plats) in their own section; the
participants and the summary for the follow-up meeting.

Two views: `full`, the coordinators' (participants' addresses and invitations, who reported
what, why each finding went where it went) and `public`, everyone else's and the one to send
to property owners and to publish (how many took part from each organisation, no names).
Photos
are shown exactly as they are served — a redacted photo as redacted — because they are read
from the same stored thumbnail the photo route serves.
"""

import base64
from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.accounts.models import User
from server.clock import local, local_today
from server.extensions import db
from server.findings.models import CLOSED_STATUSES, Finding
from server.photos.models import PhotoKind
from server.photos.service import stored_thumbnail
from server.reports import maps
from server.reports.pdf import PAGE_WIDTH, Document, text
from server.walks import presenters, protocol_revisits, tracks
from server.walks.models import Walk
from server.walks.protocol_revisits import RevisitRow

WALK_TYPES = {
    "trygghetsvandring": "Trygghetsvandring",
    "områdesvandring": "Områdesvandring",
    "trygghetsrunda": "Trygghetsrunda",
}
WALK_STATUSES = {
    "planerad": "Planerad",
    "pågår": "Pågår",
    "avslutad": "Avslutad",
    "inställd": "Inställd",
}
NOT_ASSIGNED = "Hos samordnarna"
MAP_SIZE = (760, 480)


@dataclass
class Item:
    number: str
    finding: Finding
    category: str
    note: str
    status: str
    open: bool
    owner: str
    place: str | None
    areas: list[str]
    captured: str
    due_date: date | None
    planned_for: date | None
    reporter: str | None
    reason: str | None
    thumbnail: bytes | None
    after: bytes | None
    overdue: bool = False

    @property
    def thumbnail_uri(self) -> str | None:
        return _data_uri(self.thumbnail)

    @property
    def after_uri(self) -> str | None:
        return _data_uri(self.after)


@dataclass
class Protocol:
    walk: Walk
    view: str
    type_label: str
    status_label: str
    when: str
    area: str | None
    items: list[Item]
    positives: list[Item]
    participants: list[dict]
    invitations: list[dict] | None
    map_png: bytes
    summary_counts: dict = field(default_factory=dict)
    # A follow-up walk: "Uppföljning av <the earlier walk>" and its findings with their marks.
    follows: str | None = None
    revisits: list[RevisitRow] = field(default_factory=list)
    # The walked routes this viewer may see (the walkers' own, every one in the full view).
    tracks: list[str] = field(default_factory=list)

    @property
    def map_uri(self) -> str:
        return _data_uri(self.map_png)

    @property
    def map_description(self) -> str:
        parts = [f"{item.number}: {item.category}" for item in self.items + self.positives]
        return "Karta över vandringen. " + ("; ".join(parts) if parts else "Inga iakttagelser.")


def _data_uri(data: bytes | None, kind: str = "image/png") -> str | None:
    if data is None:
        return None
    if data[:2] == b"\xff\xd8":
        kind = "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _local(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str | None:
    return local(moment).strftime(pattern) if moment else None


WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]


def when(walk: Walk) -> str:
    start = local(walk.planned_start)
    text_ = f"{WEEKDAYS[start.weekday()]} {start:%Y-%m-%d} kl. {start:%H.%M}"
    if walk.planned_end:
        end = local(walk.planned_end)
        text_ += f"–{end:%H.%M}" if end.date() == start.date() else f" – {end:%Y-%m-%d %H.%M}"
    return text_


def build(walk: Walk, viewer: User, view: str) -> Protocol:
    full = view == "full"
    findings = list(
        db.session.scalars(
            select(Finding)
            .where(Finding.walk_id == walk.id)
            .options(
                selectinload(Finding.category),
                selectinload(Finding.assigned_org),
                selectinload(Finding.photos),
                selectinload(Finding.reporter),
                selectinload(Finding.areas),
            )
            .order_by(Finding.captured_at, Finding.id)
        )
    )
    items, positives = [], []
    today = local_today()
    for finding in findings:
        target = positives if finding.category.positive else items
        number = f"P{len(positives) + 1}" if finding.category.positive else str(len(items) + 1)
        report = next((p for p in finding.photos if p.kind == PhotoKind.REPORT), None)
        after = next((p for p in finding.photos if p.kind == PhotoKind.AFTER), None)
        target.append(
            Item(
                number=number,
                finding=finding,
                category=finding.category.name_sv,
                note=finding.note,
                status=finding.status.capitalize(),
                open=finding.status not in CLOSED_STATUSES,
                owner=finding.assigned_org.name if finding.assigned_org else NOT_ASSIGNED,
                place=finding.property_designation,
                areas=finding.area_names,
                captured=_local(finding.captured_at),
                due_date=finding.due_date,
                planned_for=finding.planned_for,
                reporter=finding.reporter.name if full else None,
                reason=finding.routing_reason if full else None,
                thumbnail=stored_thumbnail(report),
                after=stored_thumbnail(after),
                overdue=finding.status not in CLOSED_STATUSES
                and finding.due_date is not None
                and finding.due_date < today,
            )
        )
    detail = presenters.present(walk, viewer, staff=full)
    points = [
        maps.MapPoint(
            item.finding.lat,
            item.finding.lon,
            item.number,
            "positive" if item in positives else ("open" if item.open else "closed"),
        )
        for item in items + positives
        if item.finding.lat is not None
    ]
    meeting = (walk.meeting_lat, walk.meeting_lon) if walk.meeting_lat is not None else None
    walked = tracks.visible_tracks(walk, viewer, everyone=full)
    map_png = maps.render(
        *MAP_SIZE,
        areas=[walk.area.geometry] if walk.area else [],
        points=points,
        route=walk.route,
        meeting=meeting,
        tracks=[[(p[1], p[0]) for p in track.points] for track in walked],
    )
    counts = {
        "deviations": len(items),
        "positive": len(positives),
        "open": sum(item.open for item in items),
        "closed": sum(not item.open for item in items),
        "owners": len({item.owner for item in items}),
    }
    return Protocol(
        walk=walk,
        view=view,
        type_label=WALK_TYPES.get(walk.type, walk.type),
        status_label=WALK_STATUSES.get(walk.status, walk.status),
        when=when(walk),
        area=walk.area.name if walk.area else None,
        items=items,
        positives=positives,
        participants=detail["participants"] if full else _organisations(detail["participants"]),
        invitations=detail["invitations"],
        map_png=map_png,
        summary_counts=counts,
        follows=protocol_revisits.follows_label(walk),
        revisits=protocol_revisits.rows(walk),
        tracks=[tracks.describe(track, full) for track in walked],
    )


def _organisations(participants: list[dict]) -> list[dict]:
    """The public view names no one: how many took part from each organisation."""
    counts: dict[str, int] = {}
    for participant in participants:
        counts[participant["organisation"]] = counts.get(participant["organisation"], 0) + 1
    return [
        {"name": f"{count} deltagare", "organisation": organisation}
        for organisation, count in sorted(counts.items())
    ]


# --- PDF -----------------------------------------------------------------------------------------


def pdf(protocol: Protocol) -> bytes:
    walk = protocol.walk
    title = f"Protokoll: {walk.title}"
    doc = Document(title, f"{protocol.type_label} · {protocol.when}")
    doc.facts(
        [
            ("Uppföljning", protocol.follows or ""),
            ("Område", protocol.area or ""),
            ("Samlingsplats", walk.meeting_point),
            ("Status", protocol.status_label),
            ("Beskrivning", walk.description),
            (
                "Iakttagelser",
                f"{protocol.summary_counts['deviations']} avvikelser "
                f"({protocol.summary_counts['open']} öppna, "
                f"{protocol.summary_counts['closed']} stängda), "
                f"{protocol.summary_counts['positive']} "
                + ("trygg plats" if protocol.summary_counts["positive"] == 1 else "trygga platser"),
            ),
        ]
    )
    if walk.summary:
        doc.heading("Sammanfattning inför uppföljningsmötet")
        doc.paragraph(walk.summary)
    doc.heading("Karta")
    width, height = MAP_SIZE
    doc.add(doc.image(protocol.map_png, PAGE_WIDTH, PAGE_WIDTH * height / width))
    doc.paragraph(
        "Röda punkter: öppna avvikelser. Gröna: stängda. Blå (P): trygga platser. "
        "Linjen är den planerade rutten, fastigheternas gränser är grå.",
        "small",
    )
    if protocol.tracks:
        doc.paragraph("Den lila linjen är den gångna vägen.", "small")
    for line in protocol.tracks:
        doc.paragraph(line, "small")
    doc.heading("Avvikelser")
    if protocol.items:
        _items_table(doc, protocol.items, protocol.view == "full")
    else:
        doc.paragraph("Inga avvikelser rapporterades på vandringen.")
    if protocol.follows:
        protocol_revisits.add_to_pdf(doc, protocol.follows, protocol.revisits)
    doc.heading("Trygga platser")
    if protocol.positives:
        _items_table(doc, protocol.positives, protocol.view == "full", positive=True)
    else:
        doc.paragraph("Inga trygga platser markerades.")
    doc.heading("Deltagare")
    if protocol.participants:
        doc.table(
            ["Namn", "Organisation"],
            [[p["name"], p["organisation"]] for p in protocol.participants],
            [PAGE_WIDTH / 2, PAGE_WIDTH / 2],
        )
    else:
        doc.paragraph("Inga deltagare registrerade.")
    if protocol.invitations:
        doc.heading("Inbjudna", 3)
        doc.table(
            ["E-post", "Konto", "Inbjudan"],
            [
                [i["email"], i["user"]["name"] if i["user"] else "inget konto", i["delivery"]]
                for i in protocol.invitations
            ],
            [PAGE_WIDTH * 0.5, PAGE_WIDTH * 0.3, PAGE_WIDTH * 0.2],
        )
    footer = f"Lykta · {title} · {local(walk.planned_start):%Y-%m-%d}"
    return doc.render(footer)


def _items_table(doc: Document, items: list[Item], full: bool, positive: bool = False) -> None:
    style = doc.style["cell"]
    header = ["Nr", "Foto", "Iakttagelse", "Ansvarig", "Åtgärda senast", "Status"]
    widths = [10 * mm, 32 * mm, PAGE_WIDTH - 124 * mm, 36 * mm, 24 * mm, 22 * mm]
    if positive:
        header, widths = header[:3], [10 * mm, 32 * mm, PAGE_WIDTH - 42 * mm]
    rows = []
    for item in items:
        photo = doc.image(item.thumbnail, 30 * mm, 30 * mm * 0.75) if item.thumbnail else "–"
        if item.thumbnail:
            photo._restrictSize(30 * mm, 30 * mm)
        lines = [f"<b>{text(item.category)}</b>"]
        if item.note:
            lines.append(text(item.note))
        place = ", ".join(filter(None, [item.place, *item.areas]))
        lat, lon = item.finding.lat, item.finding.lon
        position = f"{lat:.5f}, {lon:.5f}" if lat is not None else "ingen position"
        lines.append(
            f"<font size=7.5>{text(place + ' · ' if place else '')}{position} · "
            f"{text(item.captured)}</font>"
        )
        if full and item.reporter:
            lines.append(f"<font size=7.5>Rapportör: {text(item.reporter)}</font>")
        if full and item.reason:
            lines.append(f"<font size=7.5>Dirigering: {text(item.reason)}</font>")
        description = Paragraph("<br/>".join(lines), style)
        row = [item.number, photo, description]
        if not positive:
            due = item.due_date.isoformat() if item.due_date else "–"
            if item.planned_for:
                due += f" (planerad {item.planned_for.isoformat()})"
            row += [
                Paragraph(text(item.owner), style),
                Paragraph(text(due), style),
                Paragraph(text(item.status), style),
            ]
        rows.append(row)
    doc.grid(header, rows, widths)
