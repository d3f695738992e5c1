"""``todoke render`` in-process: the JSON list, and exit 2 with one line naming what is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from notifier.cli import main
from tests.conftest import TEST_SECRET
from tests.notice_examples import notice


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TODOKE_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("TODOKE_AUDIO_DIR", str(tmp_path / "audio"))
    monkeypatch.setenv("TODOKE_LOG_LEVEL", "ERROR")


def _file(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "notice.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_render_prints_the_json_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", _file(tmp_path, notice("shelter")), "--variant", "en", "--variant", "ja-easy",
                 "--format", "sms", "--format", "page"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["variant"], r["format"]) for r in out] == [("ja-easy", "sms"), ("ja-easy", "page"),
                                                          ("en", "sms"), ("en", "page")]
    assert out[2]["subject"] == "Shelters opened" and out[2]["encoding"] in ("GSM-7", "UCS-2")
    assert "readability" in out[0] and "readability" not in out[2]


def test_render_voice_synthesizes_audio_into_the_audio_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = {"title": "断水", "body": "明日は断水します。", "topics": ["water"]}
    assert main(["render", _file(tmp_path, data), "--variant", "ja", "--format", "voice"]) == 0
    (voice,) = json.loads(capsys.readouterr().out)
    assert voice["ssml"].startswith("<speak")
    if voice["audio"] is not None:  # None only while no speech engine is installed
        assert Path(voice["audio"]).is_file() and Path(voice["audio"]).parent == tmp_path / "audio"


@pytest.mark.parametrize(("content", "args", "field"), [
    ("{not json", [], "not valid JSON"),
    ({"type": "evacuation", "params": {"level": 9}, "topics": ["disaster"]}, [], "params.level"),
    ({"type": "tornado", "topics": ["disaster"]}, [], "type"),
    ({"title": "x", "body": "\x00", "topics": ["events"]}, [], "body"),
    (notice("garbage"), ["--variant", "fr"], "variant"),
    (notice("garbage"), ["--format", "fax"], "format"),
])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any,
                                         args: list[str], field: str) -> None:
    assert main(["render", _file(tmp_path, content), *args]) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.startswith("todoke: error")]
    assert len(lines) == 1 and field in lines[0]
    assert captured.out == ""


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
