"""The lägesbild's map and hot spots in its PDF for coordinators and admins: the week's
findings, incidents and rounds on one map, the cells where findings and incidents together make
a hot spot, and per hot spot the incidents and rounds of the last eight weeks
(server/reports/hotspots.py combined_hot_spots, by_week)."""

from reportlab.lib.units import mm

from server.reports import maps
from server.reports.pdf import PAGE_WIDTH, Document


def add_map(doc: Document, report: dict, areas: list[dict], findings: list) -> None:
    points = list(findings)
    for kind, positions in (
        ("incident", report["incidents"]["positions"]),
        ("round", report["rounds"]["positions"]),
    ):
        points += [maps.MapPoint(p["lat"], p["lon"], "", kind) for p in positions]
    combined = report["combined_hot_spots"]
    cells = [maps.MapCell(c["bbox"], c["count"]) for c in combined]
    png = maps.render(640, 420, areas=areas, points=points, cells=cells)
    doc.add(doc.image(png, PAGE_WIDTH, PAGE_WIDTH * 420 / 640))
    doc.paragraph(
        "Kartan visar veckans nya iakttagelser (röda punkter), händelser (lila) och "
        "trygghetsrundor (blågröna), och rutor om 150 × 150 m med minst två iakttagelser och "
        "händelser tillsammans (siffran är antalet).",
        "small",
    )
    doc.heading("Brännpunkter: iakttagelser och händelser", 3)
    if not combined:
        doc.paragraph("Inga brännpunkter denna vecka.")
        return
    doc.table(
        ["Ruta", "Iakttagelser", "Öppna", "Händelser", "Rundor", "Centrum (lat, lon)"],
        [
            [f"{i}", c["findings"], c["open"], c["incidents"], c["rounds"], _centre(c)]
            for i, c in enumerate(combined, 1)
        ],
        [14 * mm, 26 * mm, 18 * mm, 24 * mm, 20 * mm, PAGE_WIDTH - 102 * mm],
        align_right=(1, 2, 3, 4),
    )
    weeks = [week["week"] for week in combined[0]["weeks"]]
    doc.heading("Händelser och rundor per brännpunkt och vecka", 3)
    doc.table(
        ["Ruta", *[week.split("-W")[1] for week in weeks]],
        [
            [f"{i}", *[f"{w['incidents']} / {w['rounds']}" for w in c["weeks"]]]
            for i, c in enumerate(combined, 1)
        ],
        [14 * mm] + [(PAGE_WIDTH - 14 * mm) / len(weeks)] * len(weeks),
        align_right=tuple(range(1, len(weeks) + 1)),
    )
    doc.paragraph(
        f"Vecka {weeks[0].split('-W')[1]}–{weeks[-1].split('-W')[1]}: händelser / rundor i rutan.",
        "small",
    )


def _centre(cell: dict) -> str:
    lon, lat = cell["centre"]
    return f"{lat:.5f}, {lon:.5f}"


def csv_rows(combined: list[dict]):
    """The hot spots as lines of the lägesbild's long CSV: avsnitt, nyckel, namn, mått, värde;
    the weeks only where something happened."""
    section = "brännpunkt, iakttagelser och händelser"
    for index, cell in enumerate(combined, 1):
        lon, lat = cell["centre"]
        for key, label in (
            ("findings", "iakttagelser"),
            ("open", "öppna"),
            ("incidents", "händelser"),
            ("rounds", "rundor"),
        ):
            yield [section, index, cell["cell"], label, cell[key]]
        yield [section, index, cell["cell"], "centrum lat", round(lat, 6)]
        yield [section, index, cell["cell"], "centrum lon", round(lon, 6)]
        for week in cell["weeks"]:
            for key, label in (("incidents", "händelser"), ("rounds", "rundor")):
                if week[key]:
                    yield [section, index, cell["cell"], f"{label} {week['week']}", week[key]]
