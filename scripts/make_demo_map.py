"""Draw the demo province's schematic map: server/layouts/images/ban-do-lang-son.png (an image tile shows it).

A schematic, not a survey: the demo's districts as cells around invented centres inside an invented
outline, the national roads as straight strokes, the border gates as markers. Drawn here from numbers,
so no artwork is copied; run again to redraw (`python scripts/make_demo_map.py`). Needs Pillow, numpy
and matplotlib's DejaVu font (the [demo] extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SIZE = (1280, 800)
OUT = Path(__file__).resolve().parent.parent / "server" / "layouts" / "images" / "ban-do-lang-son.png"
SEA = (11, 18, 32)
BORDER = (231, 76, 60)
ROAD = (241, 196, 15)
TEXT = (232, 238, 249)
OUTLINE = [(170, 120), (420, 60), (640, 110), (860, 70), (1080, 170), (1160, 360), (1060, 520), (1110, 690),
           (860, 750), (600, 700), (380, 740), (200, 610), (120, 420)]
"""The province's outline (invented): the border with China runs along its top and right edges."""
DISTRICTS = {
    "Tràng Định": ((430, 190), (46, 94, 84)), "Văn Lãng": ((720, 200), (52, 86, 118)),
    "Cao Lộc": ((900, 330), (70, 78, 120)), "TP. Lạng Sơn": ((760, 410), (110, 70, 90)),
    "Bình Gia": ((300, 330), (58, 100, 70)), "Văn Quan": ((520, 380), (84, 96, 60)),
    "Lộc Bình": ((960, 560), (96, 74, 60)), "Chi Lăng": ((560, 560), (60, 84, 100)),
    "Bắc Sơn": ((220, 500), (80, 64, 100)), "Hữu Lũng": ((380, 640), (70, 100, 96)),
    "Đình Lập": ((1060, 650), (100, 90, 56)),
}
ROADS = {"QL1A": [(770, 60), (800, 260), (760, 410), (560, 560), (380, 690)],
         "QL4B": [(760, 410), (960, 560), (1100, 680)], "QL1B": [(760, 410), (520, 380), (300, 330)],
         "QL4A": [(760, 410), (720, 200), (430, 170)]}
GATES = {"Hữu Nghị": (800, 75), "Tân Thanh": (640, 112), "Chi Ma": (1150, 430)}
HALO = {"stroke_width": 3, "stroke_fill": SEA}
"""Labels keep a dark edge, so that they read where a road or a border crosses them."""


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), size)


def cells() -> Image.Image:
    """Each pixel inside the outline takes its nearest district's colour (a Voronoi map of the centres)."""
    ys, xs = np.mgrid[0:SIZE[1], 0:SIZE[0]]
    centres = np.array([c for c, _ in DISTRICTS.values()], dtype=float)
    colours = np.array([col for _, col in DISTRICTS.values()], dtype=np.uint8)
    distance = (xs[None] - centres[:, 0, None, None]) ** 2 + (ys[None] - centres[:, 1, None, None]) ** 2
    nearest = distance.argmin(axis=0)
    second = np.sort(distance, axis=0)[1]
    rgb = colours[nearest]
    edge = np.sqrt(second) - np.sqrt(distance.min(axis=0)) < 3  # a thin line between districts
    rgb[edge] = (20, 30, 50)
    mask = Image.new("L", SIZE, 0)
    ImageDraw.Draw(mask).polygon(OUTLINE, fill=255)
    background = Image.new("RGB", SIZE, SEA)
    return Image.composite(Image.fromarray(rgb, "RGB"), background, mask)


def draw() -> Image.Image:
    image = cells()
    pen = ImageDraw.Draw(image)
    pen.line([*OUTLINE, OUTLINE[0]], fill=(143, 163, 196), width=4)
    pen.line(OUTLINE[0:6], fill=BORDER, width=6)  # the national border
    for name, points in ROADS.items():
        pen.line(points, fill=ROAD, width=5, joint="curve")
        (x0, y0), (x1, y1) = points[-2:]
        pen.text(((x0 + x1) / 2 + 10, (y0 + y1) / 2 + 4), name, font=font(18, bold=True), fill=ROAD, **HALO)
    for name, (centre, _) in DISTRICTS.items():
        pen.text(centre, name, font=font(22, bold=name.startswith("TP")), fill=TEXT, anchor="mm", **HALO)
    for name, (x, y) in GATES.items():
        pen.regular_polygon((x, y, 14), 4, rotation=45, fill=BORDER, outline=TEXT)
        left = x > SIZE[0] - 200  # a gate at the right edge is labelled on its left
        pen.text((x - 20 if left else x + 20, y + 18), f"Cửa khẩu {name}", font=font(18, bold=True), fill=TEXT,
                 anchor="rm" if left else "lm", **HALO)
    pen.text((24, 20), "Lạng Sơn (sơ đồ minh hoạ)", font=font(30, bold=True), fill=TEXT)
    pen.line([(24, 770), (64, 770)], fill=BORDER, width=6)
    pen.text((74, 770), "biên giới", font=font(18), fill=TEXT, anchor="lm")
    pen.line([(200, 770), (240, 770)], fill=ROAD, width=5)
    pen.text((250, 770), "quốc lộ", font=font(18), fill=TEXT, anchor="lm")
    return image


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
