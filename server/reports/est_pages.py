"""The EST meeting's actions and the week's rounds in the lägesbild's PDF (coordinators and
admins): the section after the incidents', drawn from server/est/lagesbild.py's figures."""

from reportlab.lib.units import mm

from server.reports.pdf import PAGE_WIDTH, Document

WEEKDAYS_SHORT = ("", "mån", "tis", "ons", "tor", "fre", "lör", "sön")  # ISO 1–7


def add_meeting(doc: Document, report: dict) -> None:
    actions, week_rounds = report["actions"], report["rounds"]
    doc.heading("Åtgärder (EST-mötet)")
    doc.heading("Beslutade denna vecka", 3)
    if actions["decided"]:
        doc.table(
            ["Vad", "Vem", "Var", "Kvällar", "Klar senast"],
            [
                [a["what"], a["who"]["name"], _where(a), _evenings(a), a["due_on"]]
                for a in actions["decided"]
            ],
            [PAGE_WIDTH - 122 * mm, 35 * mm, 40 * mm, 22 * mm, 25 * mm],
        )
    else:
        doc.paragraph("Inga åtgärder beslutade denna vecka.")
    doc.heading("Uppföljning av förra veckans åtgärder", 3)
    if actions["followed_up"]:
        doc.table(
            ["Vad", "Vem", "Gjord", "Resultat", "Händelser före / vecka / efter"],
            [
                [
                    a["what"],
                    a["who"]["name"],
                    "ja" if a["done"] else "nej",
                    a["result"] or "–",
                    _incidents(a),
                ]
                for a in actions["followed_up"]
            ],
            [PAGE_WIDTH - 145 * mm, 32 * mm, 15 * mm, 58 * mm, 40 * mm],
        )
        doc.paragraph(
            "Händelser på åtgärdens plats (150 m runt den, eller i dess område): de fyra veckorna "
            "före mötesveckan, mötesveckan, och veckorna sedan dess till denna vecka.",
            "small",
        )
    else:
        doc.paragraph("Inga åtgärder beslutades förra veckan.")
    doc.heading("Trygghetsrundor", 3)
    doc.paragraph(f"{week_rounds['total']} rundor loggade denna vecka.", "body")
    if week_rounds["by_hot_spot"]:
        doc.table(
            ["Plats", "Rundor", "Inga avvikelser", "Centrum (lat, lon)"],
            [
                [f"{i}", c["count"], c["no_deviations"], _centre(c)]
                for i, c in enumerate(week_rounds["by_hot_spot"], 1)
            ],
            [20 * mm, 25 * mm, 35 * mm, PAGE_WIDTH - 80 * mm],
            align_right=(1, 2),
        )


def _incidents(action: dict) -> str:
    counted = action.get("incidents") or {}
    if counted.get("before") is None:
        return "–"
    return (
        f"{counted['before']} / {counted['meeting_week']} / {counted['after']} "
        f"({counted['after_weeks']} v)"
    )


def _where(action: dict) -> str:
    where = action["where"]
    parts = [where["place"], where["area"]["name"] if where["area"] else ""]
    return ", ".join(part for part in parts if part) or _centre_of(where["lat"], where["lon"])


def _evenings(action: dict) -> str:
    return ", ".join(WEEKDAYS_SHORT[day] for day in action["evenings"]) or "–"


def _centre(cell: dict) -> str:
    lon, lat = cell["centre"]
    return _centre_of(lat, lon)


def _centre_of(lat, lon) -> str:
    return "–" if lat is None else f"{lat:.5f}, {lon:.5f}"
