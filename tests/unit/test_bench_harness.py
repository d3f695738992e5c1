"""bench/run_all.py (``make bench``): re-running some benchmarks keeps the others' figures and says so."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("todoke_bench_run_all", ROOT / "bench" / "run_all.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run_all = _load()
INFO = {"started": "2026-12-02T09:10:00+00:00", "load_average_at_start": [0.5, 0.4, 0.3], "cpu": "x", "cores": 2,
        "memory_gib": 1.0, "python": "3.11", "sqlite": "3", "postgresql": "15"}


def _figure(name: str, value: float, command: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "value": value, "unit": "requests/s", "command": command, **extra}


def test_a_re_run_replaces_only_its_own_figures_and_marks_them() -> None:
    previous = {"machine": {**INFO, "started": "2026-12-01T00:00:00+00:00"}, "quick": False,
                "figures": [_figure("read", 679, "bench/api_load.py", script="api_load.py"),
                            _figure("p99", 113, "bench/api_load.py", script="api_load.py"),
                            _figure("fan-out", 43605, "python bench/fanout.py", script="fanout.py")],
                "runs": [{"script": "api_load.py"}, {"script": "fanout.py"}]}
    new = [_figure("read", 2298, "bench/api_load.py", script="api_load.py")]
    merged = run_all.merge(previous, new, [{"script": "api_load.py"}], INFO)
    assert [(f["name"], f["value"]) for f in merged["figures"]] == [("read", 2298), ("fan-out", 43605)]
    assert merged["figures"][0]["note"].startswith(
        're-run by `make bench BENCH_ARGS="--only api_load"` on 2026-12-02 09:10 UTC: x, 2 cores, load average 0.5')
    assert "note" not in merged["figures"][1]
    assert merged["machine"]["started"].startswith("2026-12-01")  # the full run still heads the table
    assert merged["updates"][0]["scripts"] == ["api_load.py"]
    table = run_all.table(merged["figures"], merged["machine"], False)
    assert "| read [1] | 2,298 requests/s |" in table and "| fan-out | 43,605 requests/s |" in table
    assert table.endswith(f"\n[1] {merged['figures'][0]['note']}.")
    assert "Measured by `make bench` on 2026-12-01" in table


def test_figures_are_tagged_with_the_script_that_wrote_them(tmp_path: Path) -> None:
    figures = tmp_path / "figures.jsonl"
    figures.write_text(json.dumps(_figure("a", 1, "x")) + "\n", encoding="utf-8")
    with figures.open("a", encoding="utf-8") as out:
        out.write(json.dumps(_figure("b", 2, "y")) + "\n")
    run_all._tag(figures, 1, "y.py")
    lines = [json.loads(line) for line in figures.read_text(encoding="utf-8").splitlines()]
    assert [f.get("script") for f in lines] == [None, "y.py"]
