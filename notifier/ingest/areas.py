"""Mapping message areas (JIS X 0402, JMA codes, CAP polygons and circles) onto the city's wards.

Codes: JIS X 0402 5 digits (``11107``) or 6 with check digit (``111074``); さいたま市 as a whole is
``11100``. JMA area codes are JIS + ``"00"`` (``1110700``; さいたま市 ``1110000``); JMA seismic
station codes share the ward's first five digits (``1110320`` is a station in 大宮区).
Source: ../shared/data/areas/*.csv and notifier/storage/reference.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from notifier.storage.reference import AREA_CODES, AREAS

CITY_JIS = "11100"
CITY_JMA = "1110000"
PREFECTURE_JIS = ("11", "11000", "110001")
PREFECTURE_JMA = "110000"  # 府県予報区 埼玉県
CITY_FORECAST_AREAS = ("110000", "110010", "110011")  # 埼玉県, 南部, 南中部: whole-city for prefecture-wide info
SEISMIC_REGION = "331"  # 地震情報 細分区域 埼玉県南部, which contains the whole city
ALL_WARDS = frozenset(AREA_CODES)
WARD_NAMES = {a.code: a.name_ja for a in AREAS}

# Approximate centroids (latitude, longitude) of the wards, read off a map to about 0.01°
# (≈1 km). Good enough to decide whether a CAP polygon or circle covers a ward; not a survey.
WARD_CENTROIDS: dict[str, tuple[float, float]] = {
    "11101": (35.925, 139.570),  # 西区
    "11102": (35.930, 139.620),  # 北区
    "11103": (35.910, 139.630),  # 大宮区
    "11104": (35.930, 139.665),  # 見沼区
    "11105": (35.885, 139.622),  # 中央区
    "11106": (35.860, 139.605),  # 桜区
    "11107": (35.862, 139.650),  # 浦和区
    "11108": (35.840, 139.645),  # 南区
    "11109": (35.870, 139.690),  # 緑区
    "11110": (35.950, 139.705),  # 岩槻区
}


def wards_for_jis(code: str, *, prefecture_covers: bool = True) -> frozenset[str]:
    """Wards a JIS X 0402 code covers (5 or 6 digits, or the 2-digit prefecture code)."""
    code = code.strip()
    if prefecture_covers and code in PREFECTURE_JIS:
        return ALL_WARDS
    if len(code) == 6 and code.isdigit():
        code = code[:5]  # drop the check digit
    if code == CITY_JIS:
        return ALL_WARDS
    return frozenset({code}) & ALL_WARDS


def wards_for_jma(code: str, *, prefecture_wide: bool = False) -> frozenset[str]:
    """Wards a JMA area code covers; forecast-area codes only count when the message is prefecture-wide."""
    code = code.strip()
    if code == CITY_JMA:
        return ALL_WARDS
    if prefecture_wide and code in CITY_FORECAST_AREAS:
        return ALL_WARDS
    if len(code) == 7 and code[:5] in ALL_WARDS:
        return frozenset({code[:5]})
    return frozenset()


def wards_in_polygon(points: list[tuple[float, float]]) -> frozenset[str]:
    """Wards whose centroid lies inside the polygon (ray casting on lat/lon; fine at city scale)."""
    return frozenset(code for code, (lat, lon) in WARD_CENTROIDS.items() if _inside(lat, lon, points))


def wards_in_circle(lat: float, lon: float, radius_km: float) -> frozenset[str]:
    """Wards whose centroid is within ``radius_km`` of the centre (a radius of 0 is a point: the nearest ward
    if the point lies within 3 km of its centroid)."""
    if radius_km <= 0:
        nearest = min(WARD_CENTROIDS, key=lambda c: _km(lat, lon, *WARD_CENTROIDS[c]))
        return frozenset({nearest}) if _km(lat, lon, *WARD_CENTROIDS[nearest]) <= 3 else frozenset()
    return frozenset(c for c, (la, lo) in WARD_CENTROIDS.items() if _km(lat, lon, la, lo) <= radius_km)


def as_notice_areas(wards: Iterable[str]) -> list[str]:
    """Notice ``areas``: ``["all"]`` when every ward is covered, else the sorted ward codes."""
    chosen = frozenset(wards) & ALL_WARDS
    return ["all"] if chosen == ALL_WARDS else sorted(chosen)


def _inside(lat: float, lon: float, points: list[tuple[float, float]]) -> bool:
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:] + points[:1], strict=True):
        if (lon1 > lon) != (lon2 > lon):
            crossing = lat1 + (lon - lon1) * (lat2 - lat1) / (lon2 - lon1)
            if lat < crossing:
                inside = not inside
    return inside


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Haversine: the mean Earth radius is precise enough for "is this ward in the circle".
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
