"""Safe parsing, CAP features (variants, areas, versions), L-Alert bodies and the send rules."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifier.ingest import areas
from notifier.ingest.base import IngestError, IngestSkip
from notifier.ingest.parse import parse_message
from notifier.ingest.rules import DEFAULT_RULES, RuleError, decide, rules_from_config
from notifier.ingest.xml import parse_xml
from notifier.notices.model import parse_notice
from tests.ingest_samples import cap_message, sample

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>"""


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(IngestError) as error:
        parse_xml(BILLION_LAUGHS)
    assert error.value.element == "!DOCTYPE"


@pytest.mark.parametrize("padding", [0, 8000])  # 8000: the DOCTYPE is past the raw-bytes check
def test_external_entities_touch_neither_network_nor_files(tmp_path: Path, padding: int) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        doc = (f'<?xml version="1.0"?><!--{"x" * padding}--><!DOCTYPE alert SYSTEM "http://127.0.0.1:{port}/a.dtd" '
               f'[<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY web SYSTEM "http://127.0.0.1:{port}/b">]>'
               f'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;&web;</identifier></alert>')
        with pytest.raises(IngestError) as error:
            parse_message(doc.encode())
        assert "DOCTYPE" in error.value.reason and "TOP-SECRET" not in str(error.value)
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected


def test_xee_sample_is_refused() -> None:
    with pytest.raises(IngestError, match="DOCTYPE"):
        parse_message(sample("cap/google_cap_library/xee.cap.xml"))


@pytest.mark.parametrize(("data", "element", "fragment"), [
    (b"<alert><unclosed></alert>", "(document)", "malformed XML"),
    (b"", "(message)", "empty"),
    (b'<alert xmlns="urn:example:not-cap"/>', "alert", "wrong namespace"),
    (b'<Report xmlns="urn:example"/>', "Report", "not CAP 1.2, EDXL-DE or JMA"),
    (b'<x:EDXLDistribution xmlns:x="urn:wrong"/>', "EDXLDistribution", "wrong namespace"),
])
def test_bad_input_names_the_element(data: bytes, element: str, fragment: str) -> None:
    with pytest.raises(IngestError) as error:
        parse_message(data)
    assert error.value.element == element and fragment in error.value.reason


def test_size_limit_before_parsing() -> None:
    with pytest.raises(IngestError, match="at most 1000 are accepted"):
        parse_xml(b"<a>" + b"x" * 2000 + b"</a>", max_bytes=1000)


def test_expected_kind_is_enforced() -> None:
    with pytest.raises(IngestError, match="expected a JMA"):
        parse_message(cap_message(), expect="jma")


def test_cap_variants_ja_en_and_dropped_french() -> None:
    parsed = parse_message(cap_message(), now=datetime(2025, 7, 1, tzinfo=UTC))
    notice = parse_notice(parsed.notice)
    assert notice.params["title"] == "大雨に関する情報"
    assert set(notice.translations) == {"en"} and notice.translations["en"]["title"] == "Heavy rain"
    assert parsed.meta["languages_dropped"] == ["fr-CA"]
    assert (notice.urgency, notice.topics, notice.areas) == ("urgent", ["weather"], ["11106"])


def test_amber_alert_english_and_spanish_become_variants() -> None:
    area = ("<area><areaDesc>さいたま市</areaDesc>"
            "<geocode><valueName>JMA</valueName><value>1110000</value></geocode></area>")
    infos = "".join(f"<info><language>{lang}</language><category>Rescue</category><event>Child Abduction</event>"
                    f"<urgency>Immediate</urgency><severity>Extreme</severity><certainty>Likely</certainty>"
                    f"<headline>{h}</headline>{area}</info>" for lang, h in (("en-US", "AMBER"), ("es-US", "AMBAR")))
    notice = parse_notice(parse_message(cap_message(infos=infos)).notice)
    assert notice.params["title"] == "AMBER"  # no Japanese block: the first is the standard text
    assert notice.translations == {"es": {"title": "AMBAR", "body": "AMBAR"}}
    assert (notice.urgency, notice.areas) == ("emergency", ["all"])


@pytest.mark.parametrize(("shape", "wards"), [
    ("<polygon>35.85,139.63 35.88,139.63 35.88,139.67 35.85,139.67 35.85,139.63</polygon>", ["11107"]),
    ("<circle>35.862,139.650 0</circle>", ["11107"]),
    ("<circle>35.89,139.64 100</circle>", ["all"]),
    ("<polygon>10,10 11,10 11,11 10,10</polygon>", None),
])
def test_cap_polygon_and_circle(shape: str, wards: list[str] | None) -> None:
    data = cap_message(area=f"<area><areaDesc>x</areaDesc>{shape}</area>")
    if wards is None:
        with pytest.raises(IngestSkip, match="さいたま市"):
            parse_message(data)
    else:
        assert parse_message(data).notice["areas"] == wards


def test_cap_test_status_is_skipped() -> None:
    with pytest.raises(IngestSkip, match="only Actual"):
        parse_message(cap_message(status="Exercise"))


def test_cap_update_references() -> None:
    parsed = parse_message(cap_message(msg_type="Update", references="bousai@city.saitama.example,saitama-test-1,"
                                                                   "2025-07-01T10:00:00+09:00"))
    assert parsed.kind == "update" and parsed.references == ["bousai@city.saitama.example,saitama-test-1"]


def test_jis_and_jma_codes() -> None:
    assert areas.wards_for_jis("111074") == {"11107"}
    assert areas.wards_for_jis("11100") == areas.ALL_WARDS
    assert areas.wards_for_jis("11203") == frozenset()
    assert areas.wards_for_jma("1110320") == {"11103"}  # seismic station in 大宮区
    assert areas.wards_for_jma("110011") == frozenset()
    assert areas.wards_for_jma("110011", prefecture_wide=True) == areas.ALL_WARDS


@pytest.mark.parametrize(("name", "kind", "level", "urgency", "wards"), [
    ("evacuation_order_sakura.xml", "evacuation", 4, "emergency", ["11106"]),
    ("evacuation_elderly_minami.xml", "evacuation", 3, "urgent", ["11108"]),
    ("evacuation_order_sakura_rev2.xml", "evacuation", 5, "emergency", ["11106"]),
    ("shelter_open.xml", "shelter", None, "urgent", ["11106", "11108"]),
    ("urgent_mail_city.xml", "general", None, "urgent", ["all"]),
])
def test_lalert_bodies(name: str, kind: str, level: int | None, urgency: str, wards: list[str]) -> None:
    parsed = parse_message(sample(f"lalert/{name}"), expect="lalert")
    notice = parse_notice(parsed.notice)
    assert (notice.type, notice.urgency, notice.areas) == (kind, urgency, wards)
    assert notice.params.get("level") == level
    if kind != "general":
        assert notice.params["shelters"][0]["name"] == "桜区役所"


def test_lalert_other_city_is_skipped_and_cancel_links() -> None:
    with pytest.raises(IngestSkip, match="targetArea"):
        parse_message(sample("lalert/general_kawaguchi.xml"))
    cancel = parse_message(sample("lalert/evacuation_order_sakura_cancel.xml"))
    assert (cancel.kind, cancel.thread) == ("cancel", "11100-evac-0001")


def test_lalert_missing_document_id_names_it() -> None:
    data = sample("lalert/urgent_mail_city.xml").replace(b"11100-mail-0001", b"")
    with pytest.raises(IngestError) as error:
        parse_message(data)
    assert error.value.element == "Report/documentID"


@pytest.mark.parametrize(("name", "rule"), [
    ("lalert/evacuation_order_sakura.xml", "lalert-evacuation-order"),
    ("lalert/evacuation_elderly_minami.xml", None),
    ("jma/32-35_08_08_240613_VXSE53.xml", None),
    ("jma/57_03_01_240401_VPFT50.xml", None),
])
def test_default_rules(name: str, rule: str | None) -> None:
    chosen = decide(parse_message(sample(name)), DEFAULT_RULES)
    assert (chosen.name if chosen else None) == rule


def test_strong_quake_rule_and_config() -> None:
    parsed = parse_message(sample("jma/32-35_08_08_240613_VXSE53.xml"))
    parsed.notice["params"]["intensity"] = "5-"
    assert decide(parsed).name == "earthquake-5-lower"  # type: ignore[union-attr]
    rules = rules_from_config([{"name": "heat", "type": "heat_stroke", "urgency": "emergency"}])
    assert decide(parse_message(sample("jma/57_03_01_240401_VPFT50.xml")), rules) == rules[0]
    with pytest.raises(RuleError, match="unknown key 'colour'"):
        rules_from_config([{"name": "x", "colour": "red"}])
