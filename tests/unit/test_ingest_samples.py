"""Every sample in tests/data (copied from ../shared/data) becomes the right notice or a stated skip/rejection."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.parse import parse_message
from notifier.notices.model import parse_notice
from tests.ingest_samples import DATA, SHARED

ALL = ["all"]
# file → ("notice", type, urgency, areas, {key params}) | ("skip", reason fragment)
#        | ("reject", element, reason fragment) | ("cancel",)
EXPECTED: dict[str, tuple[Any, ...]] = {
    "jma/15_14_01_170216_VPWW53.xml": ("skip", "other region"),  # 東京都
    "jma/15_15_01_220314_VPWW54.xml": ("skip", "other region"),  # 徳島県
    "jma/15_16_03_241226_VPWW55.xml": ("skip", "other region"),  # 宗谷地方
    "jma/16_06_01_220728_VXKOii.xml": ("skip", "other river"),  # ○○川, no さいたま市 district
    "jma/17_03_01_190529_VXWW50.xml": ("skip", "other region"),  # 岡山県
    "jma/18_03_01_190412_VPOA50.xml": ("skip", "not relayed"),  # 記録的短時間大雨情報
    "jma/19_08_01_150916_VPHW50.xml": ("notice", "weather_warning", "urgent", ALL,
                                       {"phenomenon": "storm", "level": "advisory",
                                        "issued_at": "2015-07-17T09:21:00+09:00"}),
    "jma/19_10_02_150916_VPHW51.xml": ("notice", "weather_warning", "urgent", ALL,
                                       {"phenomenon": "storm", "level": "advisory"}),
    "jma/32-35_01_01_100806_VXSE51.xml": ("notice", "earthquake", "normal", ALL,
                                          {"intensity": "3", "occurred_at": "2009-08-11T05:07:00+09:00"}),
    "jma/32-35_08_08_240613_VXSE53.xml": ("notice", "earthquake", "normal", ["11103", "11105", "11107"],
                                          {"intensity": "2", "epicenter": "岩手県沖", "magnitude": 6.3,
                                           "occurred_at": "2010-07-05T06:55:00+09:00"}),
    "jma/32-35_10_01_220510_VXSE51.xml": ("cancel",),  # 取消: corrects an earlier notice (service tests)
    "jma/38-39_02_01_250206_VTSE41.xml": ("skip", "not relayed"),  # tsunami: inland city
    "jma/45_01_01_200522_VFVO50.xml": ("skip", "not relayed"),  # volcano
    "jma/57_03_01_240401_VPFT50.xml": ("notice", "heat_stroke", "urgent", ALL,
                                       {"date": "2024-08-11", "level": "alert", "wbgt": 33}),
    "jma/62_01_01_130412_VPNO50.xml": ("skip", "other region"),  # 奈良県
    "jma/67_01_01_140927_VFVO56.xml": ("skip", "not relayed"),  # 噴火速報 御嶽山
    "cap/oasis_spec_examples/Oasis_AmberAlert.xml": ("skip", "さいたま市"),
    "cap/oasis_spec_examples/Oasis_EarthquakeReport.xml": ("skip", "さいたま市"),
    "cap/oasis_spec_examples/Oasis_HomelandAlert.xml": ("skip", "さいたま市"),
    "cap/oasis_spec_examples/Oasis_ThunderstormWarning.xml": ("skip", "さいたま市"),
    "cap/pelmorex_naads/PelmorexNAADS_WindWarning.xml": ("skip", "さいたま市"),
    "cap/google_cap_library/australia.cap.xml": ("skip", "さいたま市"),
    "cap/google_cap_library/canada.cap.xml": ("skip", "さいたま市"),
    "cap/google_cap_library/wcatwc-warning.cap.xml": ("skip", "さいたま市"),
    "cap/google_cap_library/bushfire_valid.edxlde.xml": ("skip", "さいたま市"),  # CAP inside EDXL-DE, NSW
    "cap/google_cap_library/earthquake.cap.xml": ("reject", "alert", "CAP 1.1 is not accepted"),
    "cap/google_cap_library/invalid.cap.xml": ("reject", "alert/info", "scope"),
    "cap/google_cap_library/xee.cap.xml": ("reject", "!DOCTYPE", "DOCTYPE"),
}


def _samples() -> list[str]:
    # lalert/ holds our own messages (tested in test_ingest_parsing); jma/ and cap/ are the copies.
    return sorted(str(p.relative_to(DATA)) for d in ("jma", "cap") for p in (DATA / d).glob("**/*.xml"))


def test_every_copied_sample_has_an_expectation() -> None:
    assert sorted(EXPECTED) == _samples()


def test_the_copies_are_every_shared_sample() -> None:
    """The copies are byte for byte the samples of ../shared/data, as recorded when they were copied
    (tests/data/shared-samples.json), and, where ../shared/data is present, as they are there now."""
    recorded = json.loads((DATA / "shared-samples.json").read_text(encoding="utf-8"))["sha256"]
    assert sorted(recorded) == _samples()
    for rel, digest in recorded.items():
        assert hashlib.sha256((DATA / rel).read_bytes()).hexdigest() == digest, rel
    if SHARED.exists():  # a checkout beside the shared folder: the record must still be true of it
        shared = sorted(str(p.relative_to(SHARED)) for d in ("jma", "cap") for p in (SHARED / d).glob("**/*.xml"))
        assert shared == sorted(recorded)
        for rel in shared:
            assert hashlib.sha256((SHARED / rel).read_bytes()).hexdigest() == recorded[rel], rel


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample(name: str) -> None:
    expected = EXPECTED[name]
    data = (DATA / name).read_bytes()
    if expected[0] == "skip":
        with pytest.raises(IngestSkip) as skip:
            parse_message(data)
        assert expected[1] in skip.value.reason
    elif expected[0] == "reject":
        with pytest.raises(IngestError) as error:
            parse_message(data)
        assert error.value.element == expected[1]
        assert expected[2] in error.value.reason
    elif expected[0] == "cancel":
        parsed = parse_message(data)
        assert parsed.kind == "cancel" and parsed.thread
    else:
        _, kind, urgency, areas, params = expected
        parsed = parse_message(data)
        notice = parse_notice(parsed.notice)  # the full path: the renderer's types validate the params
        assert (notice.type, notice.urgency, notice.areas) == (kind, urgency, areas)
        assert {k: notice.params[k] for k in params} == params


def test_sample_files_are_plain_paths() -> None:
    assert all(Path(DATA / name).is_file() for name in EXPECTED)
