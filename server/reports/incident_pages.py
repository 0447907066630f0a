"""The partners' incidents in the lägesbild's PDF (coordinators and admins): the section after
the findings', drawn from the figures of server/incidents/figures.py."""

from reportlab.lib.units import mm

from server.incidents.figures import WEEKDAYS_SV, type_names
from server.reports.pdf import PAGE_WIDTH, Document

HOURS_PER_BLOCK = 4  # the weekday × hour table in six blocks of four hours, to fit the page


def add_incidents(doc: Document, figures: dict) -> None:
    names = type_names()
    doc.heading("Händelser (EST)")
    doc.paragraph(
        f"{figures['total']} händelser registrerade av samverkansparterna denna vecka.", "body"
    )
    counted = [(names.get(code, code), n) for code, n in figures["by_type"].items() if n]
    if counted:
        doc.table(["Typ", "Antal"], counted, [PAGE_WIDTH - 25 * mm, 25 * mm], align_right=(1,))
    blocks = range(0, 24, HOURS_PER_BLOCK)
    doc.heading("När: veckodag och klockslag", 3)
    doc.table(
        ["", *[f"{h:02d}–{h + HOURS_PER_BLOCK:02d}" for h in blocks]],
        [
            [WEEKDAYS_SV[day].capitalize(), *[sum(hours[h : h + HOURS_PER_BLOCK]) for h in blocks]]
            for day, hours in enumerate(figures["by_weekday_hour"])
        ],
        [PAGE_WIDTH - 6 * 22 * mm] + [22 * mm] * 6,
        align_right=tuple(range(1, 7)),
    )
    doc.heading("Trend, åtta veckor", 3)
    trend = figures["trend"]
    doc.table(
        [week["week"].replace("-W", " v") for week in trend],
        [[week["total"] for week in trend]],
        align_right=tuple(range(len(trend))),
    )
    doc.heading("Händelsernas brännpunkter", 3)
    if figures["hot_spots"]:
        doc.table(
            ["Ruta", "Antal", "Vanligast"],
            [
                [f"{i}", cell["count"], names.get(cell["top_type"], cell["top_type"])]
                for i, cell in enumerate(figures["hot_spots"], 1)
            ],
            [20 * mm, 20 * mm, PAGE_WIDTH - 40 * mm],
            align_right=(1,),
        )
    else:
        doc.paragraph("Inga brännpunkter bland händelserna denna vecka.")
