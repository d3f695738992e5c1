"""Time to synthesize the voice text of a 500-character notice: cold (the engine runs) and warm (cached).

Run: ``.venv/bin/python bench/audio.py`` (or ``make bench``).
"""

from __future__ import annotations

import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from notifier.rendering.audio import synthesize
from notifier.rendering.voice import voice_text

SENTENCES = ("令和8年11月24日（火）午後3時30分、見沼区と岩槻区に避難指示を発令しました。",
             "対象地域の方は、直ちに最寄りの避難所へ避難してください。",
             "給水所は3か所で、1人3リットルまでです。",
             "問い合わせは危機管理課、048-829-1126まで。",
             "詳しくは https://www.city.saitama.lg.jp/ をご覧ください。")


def _notice() -> str:
    text = ""
    while len(text) < 500:
        text += "".join(SENTENCES)
    return text[:500]


def _timed(text: str, folder: Path) -> tuple[float, Path | None]:
    started = time.perf_counter()
    path = synthesize(text, cache_dir=folder, language="ja")
    return (time.perf_counter() - started) * 1000, path


def main() -> None:
    started = time.perf_counter()
    point = "見沼区と岩槻区に避難指示。すぐに避難してください。"
    spoken = voice_text(_notice(), language="ja", emergency=True, key_point=point)
    print(f"voice text: {(time.perf_counter() - started) * 1000:8.1f} ms  ({len(spoken)} characters spoken)")
    with tempfile.TemporaryDirectory() as folder:
        cold, path = _timed(spoken, Path(folder))
        warm, _ = _timed(spoken, Path(folder))
        assert path is not None
        with wave.open(str(path), "rb") as wav:
            seconds = wav.getnframes() / wav.getframerate()
        print(f"synthesis cold: {cold:8.1f} ms  ({seconds:.1f} s of audio, {path.stat().st_size // 1024} KiB)")
        print(f"synthesis warm: {warm:8.1f} ms  (cache hit)")


if __name__ == "__main__":
    main()
