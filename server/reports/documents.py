"""The lägesbild and the tertial follow-up printed: PDF (Swedish) and CSV (long format, one
figure per line, ready for a pivot table)."""

from datetime import date

from reportlab.lib.units import mm

from server.est import lagesbild as est_figures
from server.extensions import db
from server.incidents import figures as incident_figures
from server.places.models import Area
from server.reports import est_pages, hotspot_pages, incident_pages, maps
from server.reports.pdf import PAGE_WIDTH, Document
from server.survey import summary as survey_summary

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
METRICS_SV = {
    "new": "nya",
    "closed": "stängda",
    "positive": "trygga platser",
    "open": "öppna",
    "overdue": "försenade",
    "acknowledged": "mottagna",
    "median_hours_to_acknowledge": "median timmar till mottagen",
    "fixed": "åtgärdade",
    "median_hours_to_fix": "median timmar till åtgärd",
    "fixed_with_due_date": "åtgärdade med sista dag",
    "fixed_within_target": "åtgärdade i tid",
    "share_fixed_within_target": "andel åtgärdade i tid",
    "count": "antal",
    "oldest_due_date": "äldsta sista dag",
    "max_days_overdue": "flest dagar försenad",
    "total": "totalt",
}


def long_date(day: date | str) -> str:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def scope_line(report: dict) -> str:
    area = report["area"]["name"] if report.get("area") else "Alla områden"
    scope = report["scope"]
    if scope["kind"] == "organisation":
        return f"{area} · endast {scope['organisation']['name']}s iakttagelser"
    return area


# --- lägesbild ---------------------------------------------------------------------------------


def lagesbild_pdf(report: dict) -> bytes:
    week = report["week"]
    title = f"Lägesbild {week.replace('-W', ' vecka ')}"
    doc = Document(
        title,
        f"{scope_line(report)} · {long_date(report['from'])} – {long_date(report['to'])}",
    )
    s = report["summary"]
    doc.heading("Sammanfattning")
    doc.table(
        ["Nya", "Stängda", "Trygga platser", "Öppna nu", "Försenade"],
        [[s["new"], s["closed"], s["positive"], s["open"], s["overdue"]]],
        align_right=(0, 1, 2, 3, 4),
    )
    doc.paragraph(
        "Försenade: öppna iakttagelser vars sista dag passerat "
        f"{long_date(report['reference_day'])}.",
        "small",
    )
    doc.heading("Nya och stängda per kategori")
    if report["by_category"]:
        doc.table(
            ["Kategori", "Nya", "Stängda"],
            [[c["name"], c["new"], c["closed"]] for c in report["by_category"]],
            [PAGE_WIDTH - 50 * mm, 25 * mm, 25 * mm],
            align_right=(1, 2),
        )
    else:
        doc.paragraph("Inga nya eller stängda iakttagelser denna vecka.")
    doc.heading("Brännpunkter")
    area_geometry = _area_geometry(report)
    points = [
        maps.MapPoint(f["lat"], f["lon"], "", "open")
        for f in report["new_findings"]
        if f["lat"] is not None
    ]
    if "combined_hot_spots" in report:  # coordinators and admins: with incidents and rounds
        hotspot_pages.add_map(doc, report, area_geometry, points)
    else:
        _findings_hot_spots(doc, report, area_geometry, points)
    doc.heading("Försenade per ansvarig")
    if report["overdue_by_owner"]:
        doc.table(
            ["Ansvarig", "Försenade", "Äldsta sista dag", "Flest dagar"],
            [
                [o["name"], o["overdue"], o["oldest_due_date"], o["max_days_overdue"]]
                for o in report["overdue_by_owner"]
            ],
            [PAGE_WIDTH - 85 * mm, 25 * mm, 35 * mm, 25 * mm],
            align_right=(1, 3),
        )
    else:
        doc.paragraph("Inga försenade iakttagelser.")
    doc.heading("Att uppmärksamma")
    if report["notable"]:
        doc.table(
            ["Kategori", "Beskrivning", "Ansvarig", "Sista dag", "Varför"],
            [
                [n["category_name"], n["note"], n["owner"], n["due_date"] or "–", n["reason"]]
                for n in report["notable"]
            ],
            [32 * mm, PAGE_WIDTH - 122 * mm, 35 * mm, 22 * mm, 33 * mm],
        )
    else:
        doc.paragraph("Inget särskilt att uppmärksamma.")
    if "incidents" in report:  # coordinators and admins (docs/incidents.md)
        incident_pages.add_incidents(doc, report["incidents"])
    if "actions" in report:  # coordinators and admins (docs/est.md)
        est_pages.add_meeting(doc, report)
    if "perceived_safety" in report:  # coordinators and admins (docs/survey.md)
        survey_summary.add_places(doc, report["perceived_safety"])
    return doc.render(f"Lykta · {title} · {scope_line(report)}")


def _findings_hot_spots(doc: Document, report: dict, areas: list[dict], points: list) -> None:
    """The map and hot spots of the week's findings alone (an owner's lägesbild)."""
    cells = [maps.MapCell(c["bbox"], c["count"]) for c in report["hot_spots"]]
    png = maps.render(640, 420, areas=areas, points=points, cells=cells)
    doc.add(doc.image(png, PAGE_WIDTH, PAGE_WIDTH * 420 / 640))
    doc.paragraph(
        "Kartan visar veckans nya iakttagelser (punkter) och rutor om 150 × 150 m med minst två "
        "iakttagelser (siffran är antalet).",
        "small",
    )
    if not report["hot_spots"]:
        doc.paragraph("Inga brännpunkter denna vecka.")
        return
    doc.table(
        ["Ruta", "Antal", "Öppna", "Vanligast"],
        [
            [f"{i}", c["count"], c["open"], c["top_category"]]
            for i, c in enumerate(report["hot_spots"], 1)
        ],
        [20 * mm, 20 * mm, 20 * mm, PAGE_WIDTH - 60 * mm],
        align_right=(1, 2),
    )


def lagesbild_rows(report: dict):
    yield ["avsnitt", "nyckel", "namn", "mått", "värde"]
    head = ("vecka", report["week"], scope_line(report))
    yield [*head, "från", report["from"]]
    yield [*head, "till", report["to"]]
    for key, value in report["summary"].items():
        yield ["sammanfattning", "", "", METRICS_SV.get(key, key), value]
    for c in report["by_category"]:
        yield ["kategori", c["code"], c["name"], METRICS_SV["new"], c["new"]]
        yield ["kategori", c["code"], c["name"], METRICS_SV["closed"], c["closed"]]
    for index, c in enumerate(report["hot_spots"], 1):
        lon, lat = c["centre"]
        yield ["brännpunkt", index, c["top_category"], METRICS_SV["count"], c["count"]]
        yield ["brännpunkt", index, c["top_category"], "centrum lat", round(lat, 6)]
        yield ["brännpunkt", index, c["top_category"], "centrum lon", round(lon, 6)]
    for o in report["overdue_by_owner"]:
        for key in ("overdue", "oldest_due_date", "max_days_overdue"):
            yield ["försenade", o["id"], o["name"], METRICS_SV[key], o[key]]
    for n in report["notable"]:
        yield ["att uppmärksamma", n["id"], n["category_name"], n["reason"], n["note"]]
    if "incidents" in report:  # coordinators and admins (docs/incidents.md)
        yield from incident_figures.csv_rows(report["incidents"])
    if "actions" in report:  # coordinators and admins (docs/est.md)
        yield from est_figures.csv_rows(report)
    if "combined_hot_spots" in report:  # coordinators and admins (docs/reports.md)
        yield from hotspot_pages.csv_rows(report["combined_hot_spots"])
    if "perceived_safety" in report:  # coordinators and admins (docs/survey.md)
        yield from survey_summary.csv_rows(report["perceived_safety"])


def _area_geometry(report: dict) -> list[dict]:
    if not report.get("area"):
        return []
    area = db.session.get(Area, report["area"]["id"])
    return [area.geometry] if area else []


# --- tertial -----------------------------------------------------------------------------------

PAIR_METRICS = (
    "new",
    "closed",
    "open",
    "overdue",
    "acknowledged",
    "median_hours_to_acknowledge",
    "fixed",
    "median_hours_to_fix",
    "fixed_with_due_date",
    "fixed_within_target",
    "share_fixed_within_target",
)


def owner_category_rows(pairs: list[dict]):
    """The owner × category table as a spreadsheet: one line per pair, one column per figure."""
    yield ["ansvarig_id", "ansvarig", "kategorikod", "kategori"] + [
        METRICS_SV[metric] for metric in PAIR_METRICS
    ]
    for pair in pairs:
        owner, category = pair["owner"], pair["category"]
        yield [owner["id"], owner["name"], category["code"], category["name"]] + [
            pair[metric] for metric in PAIR_METRICS
        ]


def tertial_rows(report: dict):
    yield ["avsnitt", "nyckel", "namn", "mått", "denna_tertial", "förra_tertialen"]
    previous = report["previous"]
    yield [
        "tertial",
        f"{report['year']}-T{report['tertial']}",
        scope_line(report),
        "jämförs med",
        f"{report['year']}-T{report['tertial']}",
        f"{previous['year']}-T{previous['tertial']}",
    ]
    yield ["tertial", "", "", "från", report["from"], previous["from"]]
    yield ["tertial", "", "", "till", report["to"], previous["to"]]
    now, before = report["summary"]["current"], report["summary"]["previous"]
    for key in now:
        yield ["sammanfattning", "", "", METRICS_SV.get(key, key), now[key], before[key]]
    walks_now, walks_before = report["walks"]["current"], report["walks"]["previous"]
    yield ["vandringar", "", "", METRICS_SV["total"], walks_now["total"], walks_before["total"]]
    for kind in sorted(set(walks_now["by_type"]) | set(walks_before["by_type"])):
        yield [
            "vandringar",
            kind,
            kind,
            "antal",
            walks_now["by_type"].get(kind, 0),
            walks_before["by_type"].get(kind, 0),
        ]
    for section, key in (("kategori", "by_category"), ("ansvarig", "by_owner")):
        for group in report[key]:
            for metric in group["current"]:
                yield [
                    section,
                    group["id"],
                    group["name"],
                    METRICS_SV.get(metric, metric),
                    group["current"][metric],
                    group["previous"][metric],
                ]
    # The pairs are of this tertial only: the previous tertial's column stays empty.
    for pair in report["by_owner_category"]:
        owner, category = pair["owner"], pair["category"]
        key = f"{owner['id'] or ''}:{category['code']}"
        name = f"{owner['name']} · {category['name']}"
        for metric, value in pair.items():
            if metric not in ("owner", "category"):
                yield ["ansvarig och kategori", key, name, METRICS_SV[metric], value, None]
    if "perceived_safety" in report:  # coordinators and admins (docs/survey.md)
        yield from survey_summary.tertial_csv_rows(report["perceived_safety"])
