"""A schematic SVG map of Saitama's 10 wards (not real geography: placed roughly where they lie).

Each ward is a link to its checkbox on the compose form, so the map works with a keyboard and
without JavaScript; the checkbox list beside it is the equivalent text control.
"""

from __future__ import annotations

from dataclasses import dataclass

from notifier.storage.reference import AREAS


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    points: str  # polygon points in a 300 × 300 box
    label_x: int
    label_y: int


# (code, polygon, label position): west on the left, Iwatsuki in the east, Midori south-east …
_SHAPES = {
    "11101": ("10,40 90,30 100,130 20,150", 55, 90),     # 西区 west
    "11102": ("90,30 170,20 170,90 100,100", 132, 60),   # 北区 north
    "11110": ("230,20 295,30 290,170 235,160", 262, 95),  # 岩槻区 east
    "11103": ("100,100 170,90 165,150 105,150", 135, 125),  # 大宮区 centre
    "11104": ("170,20 230,20 235,160 170,150", 200, 90),  # 見沼区 centre-east
    "11105": ("60,150 120,150 120,200 60,200", 90, 178),  # 中央区 centre
    "11107": ("120,150 180,150 180,210 120,210", 150, 182),  # 浦和区 centre
    "11106": ("10,160 60,150 60,250 10,240", 35, 205),  # 桜区 south-west
    "11108": ("60,200 180,210 170,290 70,280", 120, 250),  # 南区 south
    "11109": ("180,150 290,170 280,280 170,290", 230, 225),  # 緑区 south-east
}

REGIONS: tuple[Region, ...] = tuple(
    Region(a.code, a.name_ja, _SHAPES[a.code][0], _SHAPES[a.code][1], _SHAPES[a.code][2]) for a in AREAS)
