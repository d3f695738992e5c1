"""``todoke ingest FILE`` and ``todoke ingest --poll URL``: the real command on a real database."""

from __future__ import annotations

import json
from typing import Any

import pytest

from notifier import cli, logs
from tests.ingest_samples import DATA


@pytest.fixture
def todoke(monkeypatch: Any, database_url: str, capsys: Any) -> Any:
    monkeypatch.setattr(logs, "configure", lambda level="INFO": None)  # keep pytest's log capture
    monkeypatch.setenv("TODOKE_DATABASE_URL", database_url)
    monkeypatch.setenv("TODOKE_SECRET_KEY", "cli-test-secret-0123456789")

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_ingest_prints_the_notice(todoke: Any) -> None:
    code, out, _ = todoke("ingest", str(DATA / "jma/32-35_08_08_240613_VXSE53.xml"))
    notice = json.loads(out)
    assert code == 0 and set(notice) == {"id", "type", "urgency", "areas", "status", "params"}
    assert (notice["type"], notice["areas"], notice["status"]) == ("earthquake", ["11103", "11105", "11107"], "draft")
    assert notice["params"]["intensity"] == "2"
    again = json.loads(todoke("ingest", str(DATA / "jma/32-35_08_08_240613_VXSE53.xml"))[1])
    assert again["id"] == notice["id"]


@pytest.mark.parametrize(("rel", "fragment"), [
    ("jma/17_03_01_190529_VXWW50.xml", "todoke: error: skipped: 土砂災害警戒情報: さいたま市 is not among"),
    ("cap/google_cap_library/earthquake.cap.xml", "todoke: error: rejected: alert: CAP 1.1 is not accepted"),
    ("no/such/file.xml", "No such file"),
])
def test_ingest_refusals_are_one_line(todoke: Any, rel: str, fragment: str) -> None:
    code, out, err = todoke("ingest", str(DATA / rel))
    # The last line is the one-line reason (log lines, if a handler is configured, come before it).
    assert code == 2 and out == "" and fragment in err.splitlines()[-1]


def test_ingest_needs_file_or_poll(todoke: Any) -> None:
    code, _, err = todoke("ingest")
    assert code == 2 and "FILE or --poll" in err
    code, _, err = todoke("ingest", "--poll", "ftp://example.invalid/feed")
    assert code == 2 and "not an http(s) URL" in err


def test_every_sample_through_the_cli(todoke: Any) -> None:
    """The CLI agrees with the parser's expectations for every JMA and CAP sample: JSON or one line."""
    from tests.unit.test_ingest_samples import EXPECTED

    for rel, expected in sorted(EXPECTED.items()):
        code, out, err = todoke("ingest", str(DATA / rel))
        last = err.splitlines()[-1] if err else ""
        if expected[0] == "notice":
            notice = json.loads(out)
            assert code == 0 and (notice["type"], notice["urgency"], notice["areas"]) == expected[1:4], rel
        elif expected[0] == "skip":
            assert code == 2 and last.startswith("todoke: error: skipped: ") and expected[1] in last, rel
        elif expected[0] == "reject":
            assert code == 2 and last.startswith(f"todoke: error: rejected: {expected[1]}: ") and expected[2] in last
        else:  # a cancel of an event never ingested here
            assert code == 2 and "never ingested" in last, rel
