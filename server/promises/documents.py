"""The tertial follow-up of a medborgarlöfte as one document, PDF (Swedish) and CSV (long
format): per commitment planned, done, the findings of its walks and how many are fixed, the
coordinator's comment; the area's indicators against the previous tertial
(server/promises/indicators.py); and the tertial report's sections (server/reports), folded in
for readers who may read reports, as that report sees them (an owner: their organisation's
findings). GET /api/v1/reports/tertial stays as it was."""

from xml.sax.saxutils import escape

from reportlab.lib.units import mm

from server.est import figures as est_figures
from server.est import lagesbild as est_lagesbild
from server.promises.followup import CommitmentFollowup
from server.promises.indicators import KEYS, change
from server.promises.models import Promise
from server.reports import documents as report_documents
from server.reports import periods, tertial_pages
from server.reports.documents import long_date
from server.reports.pdf import PAGE_WIDTH, Document, number
from server.reports.periods import Period

KIND_SV = {
    "trygghetsvandring": "Trygghetsvandring",
    "trygghetsrunda": "Trygghetsrunda",
    "områdesvandring": "Områdesvandring",
    "insats": "Insats",
}
INDICATORS_SV = {
    "findings": "Iakttagelser rapporterade",
    "fixed": "Åtgärdade",
    "median_days_to_fix": "Median dagar till åtgärd",
    "incidents": "Händelser (EST)",
    "hot_spots": "Brännpunkter",
}
ROUND_PLACES = 10
COMMITMENT_METRICS = (
    ("planned", "planerat"),
    ("done", "gjort"),
    ("findings", "iakttagelser"),
    ("fixed", "åtgärdade"),
)


def filename(promise: Promise, year: int, number_: int, extension: str) -> str:
    return f"uppfoljning-lofte-{promise.id}-{year}-T{number_}.{extension}"


def _title(year: int, number_: int) -> str:
    return f"Uppföljning tertial {number_}/{year}"


def _shown(value) -> str:
    return "–" if value is None else number(value)


def _change_text(values: dict) -> str:
    difference = change(values)
    if difference is None:
        return "–"
    return ("+" if difference > 0 else "") + number(difference)


def followup_pdf(
    promise: Promise,
    year: int,
    number_: int,
    period: Period,
    rows: list[CommitmentFollowup],
    indicators: dict,
    tertial_report: dict | None,
    rounds: dict | None = None,
) -> bytes:
    title = _title(year, number_)
    area = promise.area.name if promise.area else "Alla områden"
    doc = Document(
        f"{promise.title}: {title.lower()}",
        f"{area} · {long_date(period.first)} – {long_date(period.last)}",
    )
    doc.heading("Åtaganden")
    doc.table(
        ["Åtagande", "Typ", "Planerat", "Gjort", "Iakttagelser", "Åtgärdade"],
        [
            [
                row.commitment.text,
                KIND_SV.get(row.commitment.kind, row.commitment.kind),
                row.planned,
                row.done,
                row.findings,
                row.fixed,
            ]
            for row in rows
        ],
        [PAGE_WIDTH - 124 * mm, 38 * mm, 20 * mm, 16 * mm, 28 * mm, 22 * mm],
        align_right=(2, 3, 4, 5),
    )
    doc.paragraph(
        "Gjort: avslutade vandringar och rundor som började i tertialen och insatser med datum "
        "i den. Iakttagelser: avvikelser från vandringarna som räknas; åtgärdade av dem i dag.",
        "small",
    )
    commented = [row for row in rows if row.comment is not None and row.comment.text.strip()]
    if commented:
        doc.heading("Samordnarens kommentarer", 3)
        for row in commented:
            state = "publicerad" if row.comment.published else "ej publicerad"
            doc.paragraph(f"<b>{escape(row.commitment.text)}</b> ({state})", markup=True)
            doc.paragraph(row.comment.text)
    add_indicators(doc, promise, year, number_, indicators)
    if rounds is not None:
        _add_rounds(doc, rounds)
    if tertial_report is not None:
        doc.heading("Iakttagelser i området: tertialrapporten")
        doc.paragraph(tertial_pages.subtitle(tertial_report), "small")
        tertial_pages.add_tertial(doc, tertial_report, level=3)
    return doc.render(f"Lykta · {promise.title} · {title}")


def add_indicators(doc: Document, promise: Promise, year: int, number_: int, indicators: dict):
    previous = (year - 1, 3) if number_ == 1 else (year, number_ - 1)
    doc.heading("Områdets indikatorer")
    doc.table(
        ["", f"Tertial {number_}/{year}", f"Tertial {previous[1]}/{previous[0]}", "Förändring"],
        [
            [
                INDICATORS_SV[key],
                _shown(indicators[key]["current"]),
                _shown(indicators[key]["previous"]),
                _change_text(indicators[key]),
            ]
            for key in KEYS
        ],
        [PAGE_WIDTH - 105 * mm, 35 * mm, 35 * mm, 35 * mm],
        align_right=(1, 2, 3),
    )
    area = promise.area.name if promise.area else "alla områden"
    doc.paragraph(
        f"För {area}, alla rapportörer. Median dagar: från att iakttagelsen skickades till "
        "åtgärd. Händelser: samverkansparternas registrerade händelser. Brännpunkter: rutor om "
        "150 × 150 m med minst två iakttagelser och händelser tillsammans.",
        "small",
    )


def followup_rows(
    promise: Promise,
    year: int,
    number_: int,
    period: Period,
    rows: list[CommitmentFollowup],
    indicators: dict,
    tertial_report: dict | None,
    rounds: dict | None = None,
):
    """avsnitt, nyckel, namn, mått, denna_tertial, förra_tertialen: the tertial report's
    columns, so that its lines follow as they are."""
    yield ["avsnitt", "nyckel", "namn", "mått", "denna_tertial", "förra_tertialen"]
    previous = (year - 1, 3) if number_ == 1 else (year, number_ - 1)
    head = ["medborgarlöfte", promise.id, promise.title]
    yield [*head, "tertial", f"{year}-T{number_}", f"{previous[0]}-T{previous[1]}"]
    yield [*head, "från", period.first, None]
    yield [*head, "till", period.last, None]
    for row in rows:
        commitment = row.commitment
        for attribute, label in COMMITMENT_METRICS:
            yield ["åtagande", commitment.id, commitment.text, label, getattr(row, attribute), None]
        if row.comment is not None:
            yield ["åtagande", commitment.id, commitment.text, "kommentar", row.comment.text, None]
            published = "ja" if row.comment.published else "nej"
            yield ["åtagande", commitment.id, commitment.text, "publicerad", published, None]
    for key in KEYS:
        values = indicators[key]
        yield ["indikator", key, INDICATORS_SV[key], "värde", values["current"], values["previous"]]
    if rounds is not None:
        yield ["trygghetsrundor", "", "", "totalt", rounds["current"], rounds["previous"]]
        for index, cell in enumerate(rounds["by_hot_spot"], 1):
            lon, lat = cell["centre"]
            for label, value in (
                ("antal", cell["count"]),
                ("inga avvikelser", cell["no_deviations"]),
                ("centrum lat", round(lat, 6)),
                ("centrum lon", round(lon, 6)),
            ):
                yield ["trygghetsrundor per plats", index, cell["cell"], label, value, None]
    if tertial_report is not None:
        lines = report_documents.tertial_rows(tertial_report)
        next(lines)  # the same header
        yield from lines


def tertial_rounds(promise: Promise, year: int, number_: int) -> dict:
    """The rounds (trygghetsrundor) begun in the tertial in the promise's area, per place (the
    lägesbild's 150 m cells, server/est/figures.py), and how many in the tertial before."""
    current = periods.tertial(year, number_)
    logged = est_lagesbild.rounds_in(current, promise.area)
    previous = None
    if periods.has_previous_tertial(year, number_):
        before = periods.tertial(*periods.previous_tertial(year, number_))
        previous = len(est_lagesbild.rounds_in(before, promise.area))
    return {
        "current": len(logged),
        "previous": previous,
        "by_hot_spot": est_figures.by_hot_spot(logged)[:ROUND_PLACES],
    }


def _add_rounds(doc: Document, rounds: dict) -> None:
    doc.heading("Trygghetsrundor i området")
    before = "–" if rounds["previous"] is None else rounds["previous"]
    doc.paragraph(
        f"{rounds['current']} rundor loggade under tertialen (tertialen före: {before}).", "body"
    )
    if rounds["by_hot_spot"]:
        doc.table(
            ["Plats", "Rundor", "Inga avvikelser", "Centrum (lat, lon)"],
            [
                [
                    f"{i}",
                    c["count"],
                    c["no_deviations"],
                    f"{c['centre'][1]:.5f}, {c['centre'][0]:.5f}",
                ]
                for i, c in enumerate(rounds["by_hot_spot"], 1)
            ],
            [20 * mm, 25 * mm, 35 * mm, PAGE_WIDTH - 80 * mm],
            align_right=(1, 2),
        )
        doc.paragraph(
            f"De {ROUND_PLACES} platser (rutor om 150 × 150 m) med flest rundor.", "small"
        )
