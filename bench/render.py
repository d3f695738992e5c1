"""Time to render every variant and format of a 500-character notice, without and with audio.

Goals (issue 3): under 200 ms without audio, under 2 s with audio, and cached thereafter.
"Without audio" and "with audio (first)" are first renderings of the notice: the renderer's
memoised text results (:mod:`notifier.rendering.memo`) are forgotten before each run, while what a
server loads once (analyser dictionaries, catalogs, templates) stays loaded. "With audio (cached)"
renders the same notice again, as a preview refresh or a second send does.
"With audio (first)" synthesizes the two Japanese voice texts (ja, ja-easy) with the speech worker
processes already started; their start-up, once per server, is printed on its own line.
The notice repeats one sentence, so its lines repeat too; "varied text" is a first rendering of
a notice whose 500 characters are all different sentences and list items.
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
from notifier.rendering import memo
from notifier.rendering.audio import warm_up
from notifier.rendering.render import render_notice

GOALS = {"without audio": 200.0, "with audio (first)": 2000.0, "with audio (cached)": 200.0,
         "without audio, varied text": 200.0}  # ms, issue 3
SENTENCE = ("本日午後3時30分、見沼区と大宮区に避難指示を発令いたしました。"
            "対象地域にお住まいの方は、直ちに最寄りの避難所へ避難してください。")


VARIED = (
    "本日午後3時30分、見沼区と大宮区の一部に避難指示を発令しました。\n"
    "芝川と鴻沼川の水位が上がっており、今後さらに上昇するおそれがあります。\n"
    "対象地域にお住まいの方は、直ちに安全な場所へ避難してください。\n"
    "避難所として、大宮北小学校、見沼区役所、七里公民館を開設しています。\n"
    "夜間の移動が危険な場合は、建物の2階以上へ移動してください。\n"
    "避難の際は、次のものをお持ちください。\n・飲料水と食料\n・常備薬とお薬手帳\n・携帯電話の充電器\n"
    "高齢の方や障害のある方は、近所の方と声を掛け合って避難してください。\n"
    "市内の路線バスは午後5時から運休し、県道2号線は通行止めとなっています。\n"
    "ペットと一緒に避難する場合は、ケージやリードを用意してください。\n"
    "最新の情報は、市のホームページ、防災行政無線、テレビのデータ放送でお知らせします。\n"
    "お問い合わせは、さいたま市危機管理課（電話048-829-1126）までお願いします。\n"
    "受付時間：2026年7月14日（火）午前8時30分から午後9時まで\n"
    "雨が弱まっても、避難指示が解除されるまでは自宅に戻らないでください。\n"
    "車で避難する方は、冠水した道路を通らないでください。"
)


def _notice(body: str | None = None) -> dict[str, object]:
    body = (body or SENTENCE * 10)[:500]
    return {"title": "避難指示の発令について", "body": body, "topics": ["disaster"], "areas": ["11103", "11104"],
            "urgency": "emergency"}


async def _time(settings: Settings, *, audio: bool, cold: bool, body: str | None = None) -> tuple[float, int]:
    notice = parse_notice(_notice(body))
    if cold:
        memo.clear()
    started = time.perf_counter()
    items = await render_notice(notice, settings=settings, audio=audio, notice_url="https://example.test/n/x")
    return (time.perf_counter() - started) * 1000, len(items)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(audio_dir=folder)
        await _time(settings, audio=False, cold=True)  # warm-up: analyser dictionaries, catalogs, templates
        started = time.perf_counter()
        warm_up()  # the speech worker processes: a server starts them once, at start-up
        print(f"{'speech worker start':<26} {'once':>15}  {(time.perf_counter() - started) * 1000:8.1f} ms")
        rows = (("without audio", False, True, None), ("with audio (first)", True, True, None),
                ("with audio (cached)", True, False, None), ("without audio, varied text", False, True, VARIED))
        for label, audio, cold, body in rows:
            runs = [await _time(settings, audio=audio, cold=cold, body=body) for _ in range(1 if audio else 5)]
            best = min(ms for ms, _ in runs)
            print(f"{label:<26} {runs[0][1]:>3} renderings  {best:8.1f} ms")
            figure(f"render a 500-character notice, {label}", best, "ms", baseline=GOALS[label],
                   baseline_name="goal", higher_is_better=False)


if __name__ == "__main__":
    asyncio.run(main())
