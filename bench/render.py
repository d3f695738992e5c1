"""Time to render every variant and format of a 500-character notice, without and with audio.

Goals (issue 3): under 200 ms without audio, under 2 s with audio, and cached thereafter.
"With audio (first)" synthesizes the two Japanese voice texts (ja, ja-easy) with the speech worker
processes already started; their start-up, once per server, is printed on its own line.
Run: ``.venv/bin/python bench/render.py`` (or ``make bench``).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import figure
from notifier.config import Settings
from notifier.notices.model import parse_notice
from notifier.rendering.audio import warm_up
from notifier.rendering.render import render_notice

GOALS = {"without audio": 200.0, "with audio (first)": 2000.0, "with audio (cached)": 200.0}  # ms, issue 3
SENTENCE = ("本日午後3時30分、見沼区と大宮区に避難指示を発令いたしました。"
            "対象地域にお住まいの方は、直ちに最寄りの避難所へ避難してください。")


def _notice() -> dict[str, object]:
    body = (SENTENCE * 10)[:500]
    return {"title": "避難指示の発令について", "body": body, "topics": ["disaster"], "areas": ["11103", "11104"],
            "urgency": "emergency"}


async def _time(settings: Settings, *, audio: bool) -> tuple[float, int]:
    notice = parse_notice(_notice())
    started = time.perf_counter()
    items = await render_notice(notice, settings=settings, audio=audio, notice_url="https://example.test/n/x")
    return (time.perf_counter() - started) * 1000, len(items)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(audio_dir=folder)
        await _time(settings, audio=False)  # warm-up: analyser dictionaries, catalogs, templates
        started = time.perf_counter()
        warm_up()  # the speech worker processes: a server starts them once, at start-up
        print(f"{'speech worker start':<22} {'once':>15}  {(time.perf_counter() - started) * 1000:8.1f} ms")
        for label, audio in (("without audio", False), ("with audio (first)", True), ("with audio (cached)", True)):
            runs = [await _time(settings, audio=audio) for _ in range(1 if audio else 5)]
            best = min(ms for ms, _ in runs)
            print(f"{label:<22} {runs[0][1]:>3} renderings  {best:8.1f} ms")
            figure(f"render a 500-character notice, {label}", best, "ms", baseline=GOALS[label],
                   baseline_name="goal", higher_is_better=False)


if __name__ == "__main__":
    asyncio.run(main())
