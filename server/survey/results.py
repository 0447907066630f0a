"""The perceived-safety results (GET /api/v1/reports/perceived-safety and its .csv and .pdf):
the k-anonymous squares of server/survey/cells.py, with the filters that chose them. The CSV and
the PDF are made from the same dictionary as the JSON, so that nothing hidden there shows here.
"""

from reportlab.lib.units import mm

from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.i18n import current_locale
from server.places.models import Area
from server.reports.documents import long_date
from server.reports.pdf import PAGE_WIDTH, Document, number
from server.survey import cells, reasons, service
from server.survey.models import TIMES_OF_DAY

TIME_NAMES = {"dag": "dag", "kväll": "kväll", "natt": "natt"}


def perceived_safety(args: dict) -> dict:
    area = None
    if args.get("area_id") is not None:
        area = db.session.get(Area, args["area_id"])
        if area is None:
            raise NotFound()
    if args.get("campaign_id") is not None:
        service.campaign(args["campaign_id"])  # 404 for an unknown one
    first, last = args.get("from_"), args.get("to")
    if first and last and last < first:
        raise ValidationFailed(errors={"to": ["The period ends before it starts."]})
    filters = cells.Filters(area, args.get("campaign_id"), args.get("time_of_day"), first, last)
    locale = current_locale()
    return {
        **cells.squares(filters),
        "filters": {
            "area": {"id": area.id, "name": area.name} if area else None,
            "campaign_id": args.get("campaign_id"),
            "time_of_day": args.get("time_of_day"),
            "from": first.isoformat() if first else None,
            "to": last.isoformat() if last else None,
        },
        "reasons": {reason.code: reason.name(locale) for reason in reasons.all_reasons()},
    }


def csv_rows(report: dict):
    """One line per listed square; the suppressed count on a line of its own at the end."""
    codes = list(report["reasons"])
    header = ["ruta", "område", "lat", "lon", "antal", "medel"]
    for when in TIME_NAMES:
        header += [f"{when} antal", f"{when} medel"]
    yield header + [f"skäl: {report['reasons'][code]}" for code in codes]
    for cell in report["cells"]:
        row = [cell["cell"], cell["area"], cell["lat"], cell["lon"], cell["n"], cell["mean"]]
        for when in TIMES_OF_DAY:
            part = cell["by_time_of_day"][when]
            row += [part["n"], part["mean"]] if part else [None, None]
        yield row + [cell["reasons"].get(code) for code in codes]
    yield ["undertryckta (rutor med färre än k svar)", None, None, None, report["suppressed"]]
    yield ["totalt", None, None, None, report["total"]]


def pdf(report: dict, campaign_title: str | None = None) -> bytes:
    filters = report["filters"]
    parts = [filters["area"]["name"] if filters["area"] else "Alla områden"]
    if campaign_title:
        parts.append(campaign_title)
    if filters["from"] or filters["to"]:
        first = long_date(filters["from"]) if filters["from"] else "…"
        last = long_date(filters["to"]) if filters["to"] else "…"
        parts.append(f"{first} – {last}")
    if filters["time_of_day"]:
        parts.append(filters["time_of_day"])
    doc = Document("Upplevd trygghet", " · ".join(parts))
    add_squares(doc, report)
    return doc.render("Lykta · Upplevd trygghet · " + " · ".join(parts))


def add_squares(doc: Document, report: dict) -> None:
    doc.paragraph(
        f"{report['total']} svar. Rutor om {report['cell_size_m']} m (SWEREF 99 TM). En ruta "
        f"med färre än {report['k']} svar visas inte: {report['suppressed']} svar ligger i "
        f"sådana rutor. Uppdelningar med färre än {report['k']} svar visas som –. "
        "Betyg 1 (mycket otryggt) till 5 (mycket tryggt); sämst först.",
        "small",
    )
    rows = []
    for cell in report["cells"]:
        times = [cell["by_time_of_day"][when] for when in TIMES_OF_DAY]
        shown = [report["reasons"].get(code, code) for code in cell["reasons"]]
        rows.append(
            [
                f"{cell['area']}, ruta {cell['cell']}" if cell["area"] else f"ruta {cell['cell']}",
                cell["n"],
                number(cell["mean"], 2),
                *[f"{number(t['mean'], 1)} ({t['n']})" if t else "–" for t in times],
                ", ".join(shown) or "–",
            ]
        )
    if not rows:
        doc.paragraph("Ingen ruta har tillräckligt många svar ännu.")
        return
    widths = [42 * mm, 14 * mm, 16 * mm, 20 * mm, 20 * mm, 20 * mm]
    doc.table(
        ["Ruta", "Antal", "Medel", "Dag", "Kväll", "Natt", "Vanligaste skäl"],
        rows,
        [*widths, PAGE_WIDTH - sum(widths)],
        align_right=(1, 2),
    )
