"""The default topics and areas every database starts with (DESIGN.md: reference data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Topic:
    key: str
    name_ja: str
    name_easy: str
    name_en: str


@dataclass(frozen=True)
class Area:
    code: str  # JIS X 0402
    name_ja: str
    name_kana: str
    name_en: str

    @property
    def jma_code(self) -> str:
        return self.code + "00"


TOPICS: tuple[Topic, ...] = (
    Topic("disaster", "防災・災害", "さいがい（じしん・おおあめ など）", "Disaster"),
    Topic("weather", "気象", "てんき", "Weather"),
    Topic("water", "水道", "すいどう（みず）", "Water supply"),
    Topic("health", "健康・感染症", "けんこう・びょうき", "Health"),
    Topic("garbage", "ごみ・リサイクル", "ごみ", "Garbage and recycling"),
    Topic("traffic", "交通・道路", "みち・でんしゃ・バス", "Traffic and roads"),
    Topic("crime", "防犯", "はんざい（わるい こと）を ふせぐ", "Crime prevention"),
    Topic("events", "イベント", "イベント", "Events"),
    Topic("tax", "税金", "ぜいきん", "Taxes"),
    Topic("childcare", "子育て", "こそだて（こども）", "Childcare"),
    Topic("welfare", "福祉・介護", "ふくし・かいご", "Welfare and care"),
)

# Saitama City's wards; source: ../shared/data/areas/saitama_wards.csv (checked against JMA messages).
AREAS: tuple[Area, ...] = (
    Area("11101", "西区", "にしく", "Nishi-ku"),
    Area("11102", "北区", "きたく", "Kita-ku"),
    Area("11103", "大宮区", "おおみやく", "Omiya-ku"),
    Area("11104", "見沼区", "みぬまく", "Minuma-ku"),
    Area("11105", "中央区", "ちゅうおうく", "Chuo-ku"),
    Area("11106", "桜区", "さくらく", "Sakura-ku"),
    Area("11107", "浦和区", "うらわく", "Urawa-ku"),
    Area("11108", "南区", "みなみく", "Minami-ku"),
    Area("11109", "緑区", "みどりく", "Midori-ku"),
    Area("11110", "岩槻区", "いわつきく", "Iwatsuki-ku"),
)

TOPIC_KEYS = frozenset(t.key for t in TOPICS)
AREA_CODES = frozenset(a.code for a in AREAS)


def topics_table_rows() -> list[dict[str, Any]]:
    return [{**t.__dict__, "sort": i} for i, t in enumerate(TOPICS)]


def areas_table_rows() -> list[dict[str, Any]]:
    return [{**a.__dict__, "jma_code": a.jma_code, "names": {}, "sort": i} for i, a in enumerate(AREAS)]
