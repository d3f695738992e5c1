"""How a benchmark hands a figure to ``bench/run_all.py`` (``make bench``).

``figure(...)`` appends one JSON line to the file named by ``TODOKE_BENCH_FIGURES`` (set by the
harness); run alone, a script only prints its usual lines and this does nothing.
"""

from __future__ import annotations

import json
import os
import sys


def figure(name: str, value: float, unit: str, *, baseline: float | None = None, baseline_name: str | None = None,
           command: str | None = None, higher_is_better: bool = True) -> None:
    """One measured figure, with the baseline it is compared to (measured in the same run) if any."""
    path = os.environ.get("TODOKE_BENCH_FIGURES")
    if not path:
        return
    record = {"name": name, "value": round(float(value), 3), "unit": unit,
              "command": command or " ".join(["python", *sys.argv]), "higher_is_better": higher_is_better}
    if baseline is not None:
        record.update(baseline=round(float(baseline), 3), baseline_name=baseline_name or "baseline",
                      ratio=round(float(value) / float(baseline), 3) if baseline else None)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
