"""The follow-up walk's part of its protocol: "Uppföljning av <the earlier walk>" and the
earlier walk's findings, each with its status now and the mark this walk gave it (kvar,
åtgärdad, förändrad) with its note, beside the walk's new findings. A 'kvar' on a finding
whose status says it is fixed is pointed out for the coordinators."""

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from server.clock import local
from server.reports.pdf import PAGE_WIDTH, Document, text
from server.walks import revisits
from server.walks.models import Walk

MARK_LABELS = {"kvar": "Kvar", "åtgärdad": "Åtgärdad", "förändrad": "Förändrad"}
NOT_MARKED = "Ej markerad"
ATTENTION = "Kvar trots att den är markerad som åtgärdad"


@dataclass
class RevisitRow:
    number: str
    category: str
    note: str
    place: str
    status: str
    mark: str
    mark_note: str
    marked: bool
    attention: bool


def follows_label(walk: Walk) -> str | None:
    """'Uppföljning av <title> (<date>)', or None for a walk that follows up none."""
    earlier = walk.follows
    if earlier is None:
        return None
    return f"Uppföljning av {earlier.title} ({local(earlier.planned_start):%Y-%m-%d})"


def rows(walk: Walk) -> list[RevisitRow]:
    given = revisits.marks(walk)
    result = []
    for number, finding in revisits.earlier_findings(walk):
        mark = given.get(finding.id)
        result.append(
            RevisitRow(
                number=number,
                category=finding.category.name_sv,
                note=finding.note,
                place=revisits.place_in_words(finding),
                status=finding.status.capitalize(),
                mark=MARK_LABELS.get(mark.state, mark.state) if mark else NOT_MARKED,
                mark_note=mark.note if mark else "",
                marked=mark is not None,
                attention=revisits.still_there_though_fixed(finding, mark),
            )
        )
    return result


def add_to_pdf(doc: Document, label: str, items: list[RevisitRow]) -> None:
    doc.heading("Förra vandringens iakttagelser")
    doc.paragraph(
        f"{label}. Varje avvikelse från den vandringen med sin status nu och vad "
        "uppföljningen såg: kvar, åtgärdad eller förändrad."
    )
    if not items:
        doc.paragraph("Den vandringen rapporterade inga avvikelser.")
        return
    style = doc.style["cell"]
    header = ["Nr", "Iakttagelse", "Status nu", "Uppföljningen", "Anteckning"]
    widths = [10 * mm, PAGE_WIDTH - 120 * mm, 28 * mm, 32 * mm, 50 * mm]
    body = []
    for item in items:
        lines = [f"<b>{text(item.category)}</b>"]
        if item.note:
            lines.append(text(item.note))
        if item.place:
            lines.append(f"<font size=7.5>{text(item.place)}</font>")
        mark = text(item.mark)
        if item.attention:
            mark += f"<br/><font size=7.5><b>{text(ATTENTION)}</b></font>"
        body.append(
            [
                item.number,
                Paragraph("<br/>".join(lines), style),
                Paragraph(text(item.status), style),
                Paragraph(mark, style),
                Paragraph(text(item.mark_note or "–"), style),
            ]
        )
    doc.grid(header, body, widths)
