"""The survey in the lägesbild and the tertial follow-up (server/reports calls these): the
places with the worst ratings and the change since the previous campaign, both k-anonymous.

"The latest campaign" is the one begun last on or before the report's last day; "the previous"
the one begun before it. The worst places are the latest campaign's squares (all ratings up to
the report's last day when there is no campaign yet); the change compares each square listed in
both campaigns, and only those: a square with fewer than K ratings in either is left out.
"""

from datetime import date

from server.places.models import Area
from server.reports.pdf import Document, number
from server.survey import cells, service
from server.survey.models import SurveyCampaign

WORST_LIMIT = 5
CHANGE_LIMIT = 10


def places(until: date, area: Area | None = None) -> dict:
    """{"k", "campaign", "previous_campaign", "worst": [...], "change": [...]}."""
    begun = service.previous_campaigns(until)
    latest = begun[0] if begun else None
    previous = begun[1] if len(begun) > 1 else None
    if latest is not None:
        now = cells.squares(cells.Filters(area, campaign_id=latest.id))
    else:
        now = cells.squares(cells.Filters(area, last=until))
    worst = [_place(cell) for cell in now["cells"][:WORST_LIMIT]]
    change = []
    if previous is not None:
        before = cells.squares(cells.Filters(area, campaign_id=previous.id))
        earlier = {cell["cell"]: cell for cell in before["cells"]}
        for cell in now["cells"]:
            old = earlier.get(cell["cell"])
            if old is None:
                continue
            change.append(
                {
                    **_place(cell),
                    "before": {"n": old["n"], "mean": old["mean"]},
                    "change": round(cell["mean"] - old["mean"], 2),
                }
            )
        change.sort(key=lambda c: (c["change"], c["cell"]))
    return {
        "k": cells.K,
        "cell_size_m": now["cell_size_m"],
        "campaign": _campaign(latest),
        "previous_campaign": _campaign(previous),
        "suppressed": now["suppressed"],
        "worst": worst,
        "change": change[:CHANGE_LIMIT],
    }


def _place(cell: dict) -> dict:
    return {key: cell[key] for key in ("cell", "area", "lat", "lon", "n", "mean")}


def _campaign(campaign: SurveyCampaign | None) -> dict | None:
    if campaign is None:
        return None
    return {
        "id": campaign.id,
        "title": campaign.title,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
    }


def add_places(doc: Document, survey: dict, level: int = 2) -> None:
    """The two tables, for the lägesbild's and the tertial follow-up's PDFs."""
    doc.heading("Upplevd trygghet: platser med sämst omdömen", level)
    campaign, previous = survey["campaign"], survey["previous_campaign"]
    source = campaign["title"] if campaign else "alla svar hittills"
    doc.paragraph(
        f"Ur {source}. Rutor om {survey['cell_size_m']} m med minst {survey['k']} svar; "
        f"{survey['suppressed']} svar i rutor med färre visas inte. Betyg 1–5, lägst sämst.",
        "small",
    )
    if survey["worst"]:
        doc.table(
            ["Plats", "Antal svar", "Medel"],
            [[_name(p), p["n"], number(p["mean"], 2)] for p in survey["worst"]],
            align_right=(1, 2),
        )
    else:
        doc.paragraph("Ingen ruta har tillräckligt många svar.")
    if previous is None:
        return
    doc.heading(f"Förändring sedan {previous['title']}", level + 1)
    if not survey["change"]:
        doc.paragraph("Ingen ruta har minst fem svar i båda undersökningarna.", "small")
        return
    doc.table(
        ["Plats", "Förut", "Nu", "Förändring"],
        [
            [
                _name(p),
                f"{number(p['before']['mean'], 2)} ({p['before']['n']})",
                f"{number(p['mean'], 2)} ({p['n']})",
                ("+" if p["change"] > 0 else "") + number(p["change"], 2),
            ]
            for p in survey["change"]
        ],
        align_right=(1, 2, 3),
    )


def csv_rows(survey: dict, section: str = "upplevd trygghet"):
    """Lines of the reports' long CSV: avsnitt, nyckel, namn, mått, värde."""
    for p in survey["worst"]:
        yield [section, p["cell"], _name(p), "antal svar", p["n"]]
        yield [section, p["cell"], _name(p), "medel", p["mean"]]
    for p in survey["change"]:
        yield [f"{section}, förändring", p["cell"], _name(p), "medel förut", p["before"]["mean"]]
        yield [f"{section}, förändring", p["cell"], _name(p), "medel nu", p["mean"]]


def _name(place: dict) -> str:
    return f"{place['area']}, ruta {place['cell']}" if place["area"] else f"ruta {place['cell']}"


def tertial_csv_rows(survey: dict, section: str = "upplevd trygghet"):
    """Lines of the tertial's long CSV: avsnitt, nyckel, namn, mått, denna, förra (the change's
    previous campaign in the last column)."""
    for p in survey["worst"]:
        yield [section, p["cell"], _name(p), "antal svar", p["n"], None]
        yield [section, p["cell"], _name(p), "medel", p["mean"], None]
    for p in survey["change"]:
        name = _name(p)
        yield [f"{section}, förändring", p["cell"], name, "medel", p["mean"], p["before"]["mean"]]
