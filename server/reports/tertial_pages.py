"""The tertial report printed (GET /api/v1/reports/tertial.pdf): the figures against the
previous tertial, per category, per owner and per pair. add_tertial() also folds them into the
medborgarlöfte's follow-up (server/promises/documents.py), so that there is one document."""

from reportlab.lib.units import mm

from server.reports.documents import long_date, scope_line
from server.reports.pdf import PAGE_WIDTH, Document, days, number, percent
from server.survey import summary as survey_summary


def _change(now, before) -> str:
    if now is None or before is None:
        return "–"
    difference = now - before
    if isinstance(difference, float):
        return ("+" if difference > 0 else "") + number(difference)
    return f"{difference:+d}"


def tertial_pdf(report: dict) -> bytes:
    title = f"Tertialuppföljning {report['tertial']}/{report['year']}"
    doc = Document(title, subtitle(report))
    add_tertial(doc, report)
    return doc.render(f"Lykta · {title} · {scope_line(report)}")


def subtitle(report: dict) -> str:
    previous = report["previous"]
    return (
        f"{scope_line(report)} · {long_date(report['from'])} – {long_date(report['to'])}, "
        f"jämfört med tertial {previous['tertial']}/{previous['year']}"
    )


def add_tertial(doc: Document, report: dict, level: int = 2) -> None:
    """The report's sections, their headings at `level` (3 when folded into another document,
    as the medborgarlöfte's follow-up does: server/promises/documents.py)."""
    now, before = report["summary"]["current"], report["summary"]["previous"]
    doc.heading("Sammanfattning", level)
    lines = [
        ("Nya iakttagelser", "new", int),
        ("Stängda", "closed", int),
        ("Åtgärdade", "fixed", int),
        ("Trygga platser", "positive", int),
        ("Median tid till mottagen", "median_hours_to_acknowledge", days),
        ("Median tid till åtgärd", "median_hours_to_fix", days),
        ("Andel åtgärdade i tid", "share_fixed_within_target", percent),
    ]
    rows = []
    for label, key, shown in lines:
        a, b = now[key], before[key]
        if key.startswith("median"):
            change = _change(a / 24 if a is not None else None, b / 24 if b is not None else None)
        elif key.startswith("share"):
            change = "–" if a is None or b is None else f"{(a - b) * 100:+.0f} %-enheter"
        else:
            change = _change(a, b)
        rows.append(
            [label, shown(a) if a is not None else "–", shown(b) if b is not None else "–", change]
        )
    walks_now, walks_before = report["walks"]["current"], report["walks"]["previous"]
    rows.append(
        [
            "Genomförda vandringar",
            walks_now["total"],
            walks_before["total"],
            _change(walks_now["total"], walks_before["total"]),
        ]
    )
    doc.table(
        ["", "Denna tertial", "Förra tertialen", "Förändring"],
        rows,
        [PAGE_WIDTH - 105 * mm, 35 * mm, 35 * mm, 35 * mm],
        align_right=(1, 2, 3),
    )
    doc.paragraph(
        f"Öppna och försenade i dag: {report['overdue_now']}. Tider räknas från att "
        "iakttagelsen skickades till den ansvariga till dess första svar (mottagen) respektive "
        "åtgärd; i tid = åtgärdad senast sista dagen.",
        "small",
    )
    if walks_now["by_type"]:
        doc.paragraph(
            "Vandringar denna tertial: "
            + ", ".join(f"{kind} {count}" for kind, count in walks_now["by_type"].items())
        )
    for heading, key in (("Per kategori", "by_category"), ("Per ansvarig", "by_owner")):
        doc.heading(heading, level)
        if not report[key]:
            doc.paragraph("Inga iakttagelser.")
            continue
        doc.table(
            [
                "",
                "Nya",
                "Stängda",
                "Median åtgärd",
                "I tid",
                "Nya förra",
                "Median förra",
                "I tid förra",
            ],
            [
                [
                    g["name"],
                    g["current"]["new"],
                    g["current"]["closed"],
                    days(g["current"]["median_hours_to_fix"]),
                    percent(g["current"]["share_fixed_within_target"]),
                    g["previous"]["new"],
                    days(g["previous"]["median_hours_to_fix"]),
                    percent(g["previous"]["share_fixed_within_target"]),
                ]
                for g in report[key]
            ],
            [PAGE_WIDTH - 136 * mm, 14 * mm, 19 * mm, 22 * mm, 16 * mm, 19 * mm, 25 * mm, 21 * mm],
            align_right=(1, 2, 3, 4, 5, 6, 7),
        )
    _owner_category_table(doc, report["by_owner_category"], level)
    if "perceived_safety" in report:  # coordinators and admins (docs/survey.md)
        survey_summary.add_places(doc, report["perceived_safety"], level)


def _owner_category_table(doc: Document, pairs: list[dict], level: int) -> None:
    """Per owner, its categories: the owner's name on its first line only, so that the table
    reads as groups."""
    doc.heading("Per ansvarig och kategori", level)
    if not pairs:
        doc.paragraph("Inga iakttagelser.")
        return
    doc.paragraph("Denna tertial; öppna och försenade räknas i dag.", "small")
    rows, previous_owner = [], None
    for pair in pairs:
        owner = pair["owner"]["name"] if pair["owner"] != previous_owner else ""
        previous_owner = pair["owner"]
        rows.append(
            [
                owner,
                pair["category"]["name"],
                pair["new"],
                pair["closed"],
                pair["open"],
                pair["overdue"],
                days(pair["median_hours_to_fix"]),
                percent(pair["share_fixed_within_target"]),
            ]
        )
    doc.table(
        ["Ansvarig", "Kategori", "Nya", "Stängda", "Öppna", "Försenade", "Median åtgärd", "I tid"],
        rows,
        [34 * mm, PAGE_WIDTH - 136 * mm, 12 * mm, 19 * mm, 16 * mm, 23 * mm, 18 * mm, 14 * mm],
        align_right=(2, 3, 4, 5, 6, 7),
    )
