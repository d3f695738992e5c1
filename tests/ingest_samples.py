"""Test data paths and a factory for our own CAP messages (shared by the ingest tests)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def sample(rel: str) -> bytes:
    return (DATA / rel).read_bytes()


def cap_message(*, identifier: str = "saitama-test-1", msg_type: str = "Alert", references: str = "",
                infos: str | None = None, status: str = "Actual", area: str | None = None) -> bytes:
    """A CAP 1.2 alert for さいたま市 (ours); ``infos`` replaces the default ja + en-US + fr-CA blocks."""
    area = area or ("<area><areaDesc>さいたま市桜区</areaDesc><geocode><valueName>JIS X 0402</valueName>"
                    "<value>11106</value></geocode></area>")
    refs = f"<references>{references}</references>" if references else ""
    blocks = infos if infos is not None else "".join(
        _info(lang, head, area) for lang, head in (("ja-JP", "大雨に関する情報"), ("en-US", "Heavy rain"),
                                                   ("fr-CA", "Pluie forte")))
    return (f'<?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
            f"<identifier>{identifier}</identifier><sender>bousai@city.saitama.example</sender>"
            f"<sent>2025-07-01T10:00:00+09:00</sent><status>{status}</status><msgType>{msg_type}</msgType>"
            f"<scope>Public</scope>{refs}{blocks}</alert>").encode()


def _info(lang: str, headline: str, area: str) -> str:
    return (f"<info><language>{lang}</language><category>Met</category><event>Rain</event>"
            f"<urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>"
            f"<headline>{headline}</headline><description>{headline}: 2025-07-01</description>{area}</info>")
