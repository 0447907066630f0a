"""PDF documents in Swedish with reportlab (pure Python, no system packages).

The Bitstream Vera fonts that ship with reportlab are embedded, so å, ä, ö and dashes print
and copy as text on every reader. Every document has a title, a language (sv-SE) and a
footer with the report's name and the page number.
"""

from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT, BOLD = "LyktaSans", "LyktaSans-Bold"
INK = colors.HexColor("#1a1a1a")
NAVY = colors.HexColor("#1f2a44")
GRID = colors.HexColor("#c9c9c4")
SHADE = colors.HexColor("#eef1f6")
PAGE_WIDTH = A4[0] - 36 * mm

DEEPEST = 3  # the styles are h1–h3


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, alignment=TA_LEFT),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=18, leading=22, textColor=NAVY
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=NAVY,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
        ),
    }


# Characters the embedded font lacks, written as what it has.
SUBSTITUTES = str.maketrans({"→": "->", "≤": "<=", "≥": ">=", "…": "...", "\u200b": ""})


def text(value) -> str:
    """Escaped for reportlab's mini-markup, line breaks kept."""
    value = "" if value is None else str(value).translate(SUBSTITUTES)
    return escape(value).replace("\n", "<br/>")


class Document:
    """A story of flowables with helpers for the few kinds our reports use."""

    def __init__(self, title: str, subtitle: str | None = None):
        self.title = title
        self.style = styles()
        self.story = [Paragraph(text(title), self.style["title"])]
        if subtitle:
            self.story.append(Paragraph(text(subtitle), self.style["body"]))
        self.story.append(Spacer(1, 4 * mm))

    def heading(self, value: str, level: int = 2) -> None:
        # A section nested in another document's section (the tertial in a promise's follow-up)
        # goes one level deeper than the styles do: the deepest style serves them all.
        self.story.append(Paragraph(text(value), self.style[f"h{min(level, DEEPEST)}"]))

    def paragraph(self, value: str, style: str = "body", markup: bool = False) -> None:
        self.story.append(Paragraph(value if markup else text(value), self.style[style]))

    def facts(self, pairs: list[tuple[str, str]]) -> None:
        """Label–value lines as a two-column table."""
        rows = [
            [
                Paragraph(f"<b>{text(k)}</b>", self.style["cell"]),
                Paragraph(text(v), self.style["cell"]),
            ]
            for k, v in pairs
            if v not in (None, "")
        ]
        if rows:
            table = Table(rows, colWidths=[40 * mm, PAGE_WIDTH - 40 * mm], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            self.story.append(table)

    def table(
        self,
        header: list[str],
        rows: list[list],
        widths: list[float] | None = None,
        align_right: tuple[int, ...] = (),
    ) -> None:
        cell = self.style["cell"]
        head = ParagraphStyle("head", parent=cell, fontName=BOLD, textColor=colors.white)
        data = [[Paragraph(text(h), head) for h in header]]
        for row in rows:
            data.append([_cell(value, cell) for value in row])
        if widths is None:
            widths = [PAGE_WIDTH / len(header)] * len(header)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        commands = [
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
            ("FONTNAME", (0, 1), (-1, -1), FONT),
            ("FONTSIZE", (0, 1), (-1, -1), 8.5),
        ]
        for column in align_right:
            commands.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
        table.setStyle(TableStyle(commands))
        self.story.append(table)

    def grid(self, header: list[str], rows: list[list], widths: list[float]) -> None:
        """Cells already laid out (paragraphs, photos) under a bold header, in a light grid:
        the walk protocol's lists."""
        style = self.style["cell"]
        table = Table(
            [[Paragraph(f"<b>{text(h)}</b>", style) for h in header], *rows],
            colWidths=widths,
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.story.append(table)

    def image(self, png: bytes, width: float, height: float) -> Image:
        return Image(BytesIO(png), width=width, height=height)

    def add(self, flowable) -> None:
        self.story.append(flowable)

    def keep(self, flowables: list) -> None:
        self.story.append(KeepTogether(flowables))

    def space(self, height_mm: float = 3) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def render(self, footer: str) -> bytes:
        buffer = BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=16 * mm,
            title=self.title,
            author="Lykta",
            subject=footer,
            lang="sv-SE",
        )

        def decorate(canvas, doc):
            canvas.saveState()
            canvas.setFont(FONT, 7.5)
            canvas.setFillColor(colors.HexColor("#4a4a4a"))
            canvas.drawString(18 * mm, 9 * mm, footer)
            canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Sida {doc.page}")
            canvas.restoreState()

        document.build(self.story, onFirstPage=decorate, onLaterPages=decorate)
        return buffer.getvalue()


def number(value, decimals: int = 1) -> str:
    """Swedish decimal comma; a dash for nothing."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}".replace(".", ",")


def percent(value) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def days(hours) -> str:
    return "–" if hours is None else f"{number(hours / 24)} d"


def _cell(value, style):
    """Numbers as plain text (so that ALIGN applies), text as a wrapping paragraph, flowables
    as they are."""
    if isinstance(value, bool) or value is None:
        return Paragraph(text("–" if value is None else value), style)
    if isinstance(value, int | float):
        return number(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        # Short text stays plain, so that it can be aligned like a number ("4,0 d", "60 %").
        if len(value) <= 12 and "\n" not in value:
            return value.translate(SUBSTITUTES)
        return Paragraph(text(value), style)
    return value
