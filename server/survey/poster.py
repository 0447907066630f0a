"""The campaign's poster (GET /api/v1/survey/campaigns/<id>/poster.pdf): one A4 page in
Swedish, with an English line, to put up in the area or hand out on a trygghetsvandring. The
QR code (segno) leads to the public survey page, whose address is printed under it too."""

import re
from io import BytesIO

import segno
from reportlab.lib.units import mm

from server.reports.documents import long_date
from server.reports.pdf import Document
from server.survey.models import SurveyCampaign
from server.survey.presenters import public_url

# The QR code's side: the largest that keeps the poster on one page with its texts.
QR_SIZES = (80 * mm, 65 * mm, 50 * mm, 40 * mm)
PAGE = re.compile(rb"/Type /Page\b(?!s)")


def qr_png(url: str) -> bytes:
    """The QR code as a PNG, with the quiet zone the standard asks for (4 modules)."""
    buffer = BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def poster_pdf(campaign: SurveyCampaign) -> bytes:
    """One page when the texts allow (the QR code made smaller for long ones), else two."""
    png = qr_png(public_url(campaign))
    for size in QR_SIZES:
        pdf = _poster(campaign, png, size)
        if len(PAGE.findall(pdf)) == 1:
            return pdf
    return pdf


def _poster(campaign: SurveyCampaign, png: bytes, qr_size: float) -> bytes:
    url = public_url(campaign)
    period = f"{long_date(campaign.starts_on)} – {long_date(campaign.ends_on)}"
    doc = Document(campaign.title, "Hur trygg känns platsen? · How safe does this place feel?")
    if campaign.intro_sv:
        doc.paragraph(campaign.intro_sv)
    if campaign.intro_en:
        doc.space(2)
        doc.paragraph(campaign.intro_en, "small")
    doc.space(4)
    doc.facts(
        [
            ("Period", period),
            ("Område / Area", campaign.area.name if campaign.area else ""),
        ]
    )
    doc.space(4)
    doc.paragraph(
        "Skanna koden med mobilens kamera, tryck på platsen på kartan eller stå där, och svara "
        "på hur trygg den känns, dag, kväll eller natt. Det tar en minut och du är anonym.",
    )
    doc.paragraph(
        "Scan the code with your phone's camera and tell us how safe the place feels. "
        "It takes a minute and you stay anonymous.",
        "small",
    )
    doc.space(6)
    image = doc.image(png, qr_size, qr_size)
    image.hAlign = "CENTER"
    doc.add(image)
    doc.space(4)
    doc.heading(url, 3)
    doc.paragraph(
        "Svaren visas bara för rutor om cirka 150 m med minst fem svar. Vi sparar inte vem du "
        "är, din adress eller din telefon. · Answers are only shown for squares of about "
        "150 m with at least five answers; we store nothing about who you are.",
        "small",
    )
    return doc.render(f"Lykta · Trygghetsundersökning · {campaign.title}")
