"""Product silhouettes for the demo images, drawn in a 1000 × 1000 design space.

Each shape draws its body with `pen.body(...)` (filled with the product colour, stripes
clipped to it) and its seams, collars and buttons with `pen.detail(...)`. `back` leaves out
what only the front shows (buttons, pockets, labels), so a "back" photo looks different.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def _mirror(points):
    """A left half outline (top to bottom) completed into a symmetric closed polygon."""
    return list(points) + [(1000 - x, y) for x, y in reversed(points)]


def _neck(dip: int, top: int = 170, half: int = 80, steps: int = 8):
    return [
        (500 - half + 2 * half * i / steps, top + dip * (1 - (2 * i / steps - 1) ** 2))
        for i in range(steps + 1)
    ]


def tshirt(pen, back, *, long_sleeves=False, hem=790):
    left = [(420, 170), (300, 205)]
    if long_sleeves:
        left += [(215, 420), (160, 700), (245, 720), (320, 420)]
    else:
        left += [(170, 340), (245, 405), (320, 360)]
    left += [(325, hem)]
    outline = left + list(reversed([(1000 - x, y) for x, y in left]))
    neck = _neck(25 if back else 65)
    pen.body(outline + list(reversed(neck)))
    pen.line(neck, 10)
    pen.line([(330, hem - 25), (670, hem - 25)], 5)
    if long_sleeves:
        pen.line([(170, 670), (255, 690)], 6)
        pen.line([(830, 670), (745, 690)], 6)
    else:
        pen.line([(190, 350), (255, 395)], 5)
        pen.line([(810, 350), (745, 395)], 5)


def sweater(pen, back):
    tshirt(pen, back, long_sleeves=True)
    for x in range(345, 660, 28):
        pen.line([(x, 770), (x, 790)], 4)


def shirt(pen, back):
    tshirt(pen, back, long_sleeves=True)
    pen.detail([(430, 165), (500, 245), (465, 265), (410, 190)])
    pen.detail([(570, 165), (500, 245), (535, 265), (590, 190)])
    if not back:
        pen.line([(500, 245), (500, 790)], 5)
        for y in range(300, 780, 85):
            pen.dot(500, y, 11)
        pen.line([(560, 330), (640, 330), (640, 420), (560, 420), (560, 330)], 5)


def coat(pen, back):
    tshirt(pen, back, long_sleeves=True, hem=800)
    if back:
        pen.line([(500, 260), (500, 800)], 5)
        return
    pen.detail([(440, 170), (500, 420), (455, 440), (395, 210)])
    pen.detail([(560, 170), (500, 420), (545, 440), (605, 210)])
    for y in (470, 570, 670):
        pen.dot(470, y, 15)
        pen.dot(530, y, 15)
    pen.line([(350, 600), (430, 590)], 7)
    pen.line([(650, 600), (570, 590)], 7)


def dress(pen, back):
    left = [(430, 150), (365, 165), (350, 300), (400, 450), (240, 800)]
    outline = left + list(reversed([(1000 - x, y) for x, y in left]))
    neck = _neck(30 if back else 85, top=150, half=70)
    pen.body(outline + list(reversed(neck)))
    pen.line([(400, 450), (600, 450)], 9)
    if not back:
        pen.line([(440, 235), (600, 450)], 5)
        pen.line([(600, 450), (640, 560), (620, 640)], 6)


def trousers(pen, back, *, top=150):
    pen.body([(330, top), (670, top), (705, 800), (530, 800), (500, top + 190),
              (470, 800), (295, 800)])  # fmt: skip
    pen.line([(330, top + 45), (670, top + 45)], 6)
    if not back:
        pen.line([(500, top + 45), (500, top + 170)], 5)
        pen.line([(345, top + 55), (400, top + 140)], 5)
        pen.line([(655, top + 55), (600, top + 140)], 5)
    else:
        pen.line([(370, top + 110), (450, top + 110), (450, top + 190), (370, top + 190)], 5)


def dungarees(pen, back):
    trousers(pen, back, top=360)
    pen.body([(385, 175), (615, 175), (620, 365), (380, 365)])
    pen.line([(395, 180), (370, 110)], 22)
    pen.line([(605, 180), (630, 110)], 22)
    if not back:
        pen.line([(440, 230), (560, 230), (560, 320), (440, 320), (440, 230)], 5)
        pen.dot(400, 195, 14)
        pen.dot(600, 195, 14)


def scarf(pen, back):
    pen.ring((330, 140, 670, 330), 70)
    pen.body([(380, 270), (480, 290), (470, 760), (370, 760)])
    pen.body([(520, 290), (620, 270), (640, 720), (535, 730)])
    for x in range(380, 470, 14):
        pen.line([(x, 760), (x, 800)], 4)
    for x in range(540, 640, 14):
        pen.line([(x, 730), (x + 2, 770)], 4)


def tote(pen, back):
    pen.ring((350, 150, 650, 560), 30)
    pen.body([(270, 370), (730, 370), (750, 800), (250, 800)])
    pen.line([(270, 420), (730, 420)], 5)
    if not back:
        pen.line([(400, 520), (600, 520), (600, 680), (400, 680), (400, 520)], 5)


def beanie(pen, back):
    pen.body(_arc(500, 200, 75, 75, 0, 360))
    pen.body(_arc(500, 600, 230, 330, 180, 360))
    pen.body([(260, 560), (740, 560), (740, 720), (260, 720)])
    for x in range(280, 730, 24):
        pen.line([(x, 570), (x, 710)], 5)


def coffee_bag(pen, back):
    pen.body([(320, 215), (680, 215), (705, 790), (295, 790)])
    pen.detail([(315, 170), (685, 170), (685, 230), (315, 230)])
    for x in range(325, 680, 18):
        pen.line([(x, 175), (x, 225)], 3)
    if back:
        for y in range(420, 640, 45):
            pen.line([(380, y), (620, y)], 6)
    else:
        pen.label((365, 400, 635, 650))
        pen.dot(500, 310, 22)


def mug(pen, back):
    # Seen from the back, the handle is on the other side.
    pen.ring((230, 410, 440, 660) if back else (560, 410, 770, 660), 45)
    pen.body([(300, 330), (660, 330), (650, 760), (310, 760)])
    pen.detail_ellipse((300, 305, 660, 360))
    for x in (420, 500, 580):
        pen.line([(x, 270), (x - 25, 220), (x, 170), (x - 20, 130)], 7)


def dripper(pen, back):
    pen.body([(290, 250), (710, 250), (565, 600), (435, 600)])
    pen.detail_ellipse((285, 225, 715, 280))
    pen.body([(380, 590), (620, 590), (640, 650), (360, 650)])
    pen.ring((660, 300, 790, 450), 30)
    for x in (380, 440, 500, 560, 620):
        pen.line([(x, 285), (500 + (x - 500) * 0.4, 570)], 4)


def grinder(pen, back):
    pen.body([(400, 340), (600, 340), (600, 780), (400, 780)])
    pen.detail([(385, 285), (615, 285), (615, 345), (385, 345)])
    pen.line([(500, 290), (720, 200)], 18)
    pen.dot(740, 190, 40)
    for y in (430, 600, 700):
        pen.line([(400, y), (600, y)], 6)


def kettle(pen, back):
    pen.body(_arc(500, 620, 210, 190, 0, 360))
    pen.line([(330, 640), (250, 520), (180, 400), (160, 380)], 26)
    pen.ring((600, 380, 800, 680), 34)
    pen.detail_ellipse((380, 420, 620, 470))
    pen.dot(500, 420, 24)


def bowl(pen, back):
    pen.body(_arc(500, 500, 280, 260, 0, 180))
    pen.detail_ellipse((220, 450, 780, 550))
    pen.body([(430, 750), (570, 750), (580, 790), (420, 790)])


def plates(pen, back):
    for i, y in enumerate((660, 590, 520, 450)):
        pen.body(_arc(500, y, 330, 90, 0, 360))
        pen.line(_arc(500, y, 250, 62, 0, 360), 4 + i)


def towel(pen, back):
    for top, inset in ((300, 0), (520, 25)):
        pen.body([(250 + inset, top), (750 - inset, top), (750 - inset, top + 210),
                  (250 + inset, top + 210)])  # fmt: skip
        pen.line([(250 + inset, top + 40), (750 - inset, top + 40)], 9)
        pen.line([(250 + inset, top + 170), (750 - inset, top + 170)], 9)
    if not back:
        pen.label((640, 330, 720, 380))


def blanket(pen, back):
    pen.body([(220, 260), (780, 260), (780, 760), (220, 760)])
    for v in range(300, 760, 80):
        pen.line([(220, v), (780, v)], 4)
        pen.line([(v - 40, 260), (v - 40, 760)], 4)
    for x in range(230, 780, 16):
        pen.line([(x, 760), (x, 800)], 3)


def candle(pen, back):
    pen.body([(340, 390), (660, 390), (660, 780), (340, 780)])
    pen.detail_ellipse((340, 370, 660, 410))
    pen.line([(500, 380), (500, 330)], 6)
    pen.flame((470, 220, 530, 335))
    if not back:
        pen.label((380, 500, 620, 660))


def _arc(cx, cy, rx, ry, start, end, steps=36):  # noqa: PLR0917
    return [
        (
            cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
            cy + ry * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


SHAPES: dict[str, Callable] = {
    fn.__name__: fn
    for fn in (tshirt, sweater, shirt, coat, dress, trousers, dungarees, scarf, tote, beanie,
               coffee_bag, mug, dripper, grinder, kettle, bowl, plates, towel, blanket, candle)
}  # fmt: skip
