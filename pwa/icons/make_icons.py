"""Draw Lykta's app icons: a lantern on a night-blue ground.

Run once after changing the drawing (`.venv/bin/python pwa/icons/make_icons.py`); the PNGs and
the SVG are committed, so that a fresh clone needs no image tools to serve the app.

Every shape is described once, in a 512-unit square, and drawn both as SVG (the favicon) and with
Pillow at four times the size and scaled down (smooth edges without an anti-aliasing library).
Maskable icons keep the lantern inside the 80 % safe zone that launchers may crop to a circle.
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
NIGHT = "#14233f"
AMBER = "#f5b731"
GLOW = "#ffe7a3"
METAL = "#dfe6f0"
SUPERSAMPLE = 4

# The lantern in a 512 × 512 box: (kind, colour, geometry).
LANTERN = [
    ("ring", METAL, (216, 58, 296, 138, 16)),  # the handle: x0, y0, x1, y1, width
    ("polygon", METAL, [(176, 150), (336, 150), (372, 196), (140, 196)]),  # the cap
    ("rect", AMBER, (158, 196, 354, 392, 28)),  # the glass, lit
    ("ellipse", GLOW, (214, 236, 298, 362)),  # the flame's glow
    ("ellipse", "#ffffff", (240, 280, 272, 344)),  # the flame
    ("rect", METAL, (140, 392, 372, 428, 10)),  # the base
    ("rect", NIGHT, (176, 196, 190, 392, 0)),  # frame bars on the glass
    ("rect", NIGHT, (322, 196, 336, 392, 0)),
]


def draw_png(size: int, *, padding: float, rounded: bool) -> Image.Image:
    """The icon at `size` px; `padding` shrinks the lantern (maskable icons need room)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = big * 0.18 if rounded else 0
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=NIGHT)
    scale = big * (1 - 2 * padding) / 512
    offset = big * padding

    def point(x, y):
        return (offset + x * scale, offset + y * scale)

    for kind, colour, shape in LANTERN:
        if kind == "ring":
            x0, y0, x1, y1, width = shape
            draw.ellipse(
                (*point(x0, y0), *point(x1, y1)), outline=colour, width=round(width * scale)
            )
        elif kind == "polygon":
            draw.polygon([point(x, y) for x, y in shape], fill=colour)
        elif kind == "rect":
            x0, y0, x1, y1, r = shape
            draw.rounded_rectangle((*point(x0, y0), *point(x1, y1)), radius=r * scale, fill=colour)
        elif kind == "ellipse":
            draw.ellipse((*point(shape[0], shape[1]), *point(shape[2], shape[3])), fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def svg() -> str:
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">',
        f'<rect width="512" height="512" rx="92" fill="{NIGHT}"/>',
    ]
    for kind, colour, shape in LANTERN:
        if kind == "ring":
            x0, y0, x1, y1, width = shape
            cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0 - width) / 2
            parts.append(
                f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"/>'
            )
        elif kind == "polygon":
            points = " ".join(f"{x},{y}" for x, y in shape)
            parts.append(f'<polygon points="{points}" fill="{colour}"/>')
        elif kind == "rect":
            x0, y0, x1, y1, r = shape
            parts.append(
                f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{r}" '
                f'fill="{colour}"/>'
            )
        elif kind == "ellipse":
            x0, y0, x1, y1 = shape
            parts.append(
                f'<ellipse cx="{(x0 + x1) / 2:g}" cy="{(y0 + y1) / 2:g}" rx="{(x1 - x0) / 2:g}" '
                f'ry="{(y1 - y0) / 2:g}" fill="{colour}"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    outputs = {
        "icon-192.png": draw_png(192, padding=0.04, rounded=True),
        "icon-512.png": draw_png(512, padding=0.04, rounded=True),
        "maskable-192.png": draw_png(192, padding=0.16, rounded=False),
        "maskable-512.png": draw_png(512, padding=0.16, rounded=False),
        # iOS draws its own rounded corners and shows transparency as black: fill the square.
        "apple-touch-icon.png": draw_png(180, padding=0.08, rounded=False).convert("RGB"),
    }
    for name, image in outputs.items():
        image.save(HERE / name, optimize=True)
    (HERE / "favicon.svg").write_text(svg(), encoding="utf-8")
    print("wrote", ", ".join([*outputs, "favicon.svg"]))


if __name__ == "__main__":
    main()
