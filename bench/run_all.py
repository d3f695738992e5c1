"""``make bench``: run every benchmark in bench/, write bench/results.json and the README's figures table.

    .venv/bin/python bench/run_all.py [--quick] [--only fanout,api_load] [--no-readme]

``--only`` re-runs some scripts and keeps every other script's figures from results.json (of
the same size): the re-run rows say when they were measured, and the machine's load average
then, so a table never mixes runs without saying so.

Each script runs as its own process (full size, or ``--quick`` for small sizes) and hands its
figures over through ``bench/figures.py`` (a JSON-lines file named by TODOKE_BENCH_FIGURES); its
printed lines are kept in results.json too. The machine's description (CPU, cores, memory,
Python, SQLite and PostgreSQL versions, load average at the start) goes with the figures: the
machine is shared, so figures compare only within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
HELPERS = {"run_all.py", "figures.py", "smtp_sink.py"}  # modules the benchmarks use, not benchmarks
# Scripts without a --quick option get these arguments instead (the others get --quick).
QUICK_ARGS: dict[str, list[str]] = {"smtp_ceiling.py": ["--messages", "500"], "render.py": [], "audio.py": []}
PG = os.environ.get("TODOKE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def scripts(only: set[str] | None) -> list[Path]:
    found = sorted(p for p in BENCH.glob("*.py") if p.name not in HELPERS and not p.name.startswith("_"))
    return [p for p in found if only is None or p.stem in only]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


async def _postgres_version() -> str:
    url = make_url(PG)
    try:
        conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                                     database=url.database or "postgres", timeout=10)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        return f"unavailable ({exc.__class__.__name__})"
    try:
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


def machine() -> dict[str, Any]:
    return {"cpu": _cpu_model(), "cores": os.cpu_count(), "memory_gib": _memory_gib(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "postgresql": asyncio.run(_postgres_version()), "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def run_script(script: Path, quick: bool, figures_file: Path) -> dict[str, Any]:
    """Run one benchmark; its figures (appended to ``figures_file``) are tagged with its name."""
    before = _lines(figures_file)
    args = (QUICK_ARGS.get(script.name, ["--quick"]) if quick else [])
    command = [sys.executable, str(script.relative_to(ROOT)), *args]
    env = {**os.environ, "TODOKE_BENCH_FIGURES": str(figures_file), "PYTHONPATH": str(ROOT)}
    print(f"== {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="", flush=True)
        lines.append(line.rstrip("\n"))
    status = proc.wait()
    _tag(figures_file, before, script.name)
    return {"script": script.name, "command": " ".join(["python", *command[1:]]), "exit_status": status,
            "seconds": round(time.perf_counter() - started, 1), "output": lines[-60:]}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _tag(path: Path, start: int, script: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    tagged = [json.dumps({**json.loads(line), "script": script}, ensure_ascii=False) for line in lines[start:] if line]
    path.write_text("\n".join([*lines[:start], *tagged]) + ("\n" if lines else ""), encoding="utf-8")


def merge(previous: dict[str, Any], figures: list[dict[str, Any]], runs: list[dict[str, Any]],
          info: dict[str, Any]) -> dict[str, Any]:
    """``previous`` results with the re-run scripts' figures and runs replaced (``--only``)."""
    redone = {r["script"] for r in runs}
    note = (f"re-run by `make bench BENCH_ARGS=\"--only {','.join(sorted(Path(s).stem for s in redone))}\"` on "
            f"{info['started']:.16}".replace("T", " ") + f" UTC: {info['cpu']}, {info['cores']} cores, load average "
            f"{info['load_average_at_start'][0]} at the start; compare these rows with each other, not with the rest")
    kept_figures = [f for f in previous["figures"] if f["script"] not in redone]
    kept_runs = [r for r in previous["runs"] if r["script"] not in redone]
    merged = sorted(kept_figures + [{**f, "note": note} for f in figures],
                    key=lambda f: f["script"])  # stable: each script's own order kept
    return {**previous, "figures": merged,
            "runs": kept_runs + [{**r, "started": info["started"]} for r in runs],
            "updates": [*previous.get("updates", []), {**info, "scripts": sorted(redone)}]}


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def table(figures: list[dict[str, Any]], info: dict[str, Any], quick: bool) -> str:
    size = "quick sizes (--quick)" if quick else "full sizes"
    rows = [f"Measured by `make bench` on {info['started']:.10} ({size}): {info['cpu']}, {info['cores']} cores, "
            f"{info['memory_gib']} GiB, Python {info['python']}, SQLite {info['sqlite']}, PostgreSQL "
            f"{info['postgresql']}, load average {info['load_average_at_start'][0]} at the start "
            "(a shared machine: compare figures within one run). Every figure is in `bench/results.json`.",
            "", "| figure | value | baseline (same run) | ratio |", "| --- | --- | --- | --- |"]
    notes: dict[str, int] = {}  # re-run notes (see merge), numbered as footnotes
    for f in figures:
        baseline = (f"{_number(f['baseline'])} {f['unit']} ({f['baseline_name']})"
                    if f.get("baseline") is not None else "—")
        ratio = f"{f['ratio']:.2f}×" if f.get("ratio") is not None else "—"
        name = f"{f['name']} [{notes.setdefault(f['note'], len(notes) + 1)}]" if f.get("note") else f["name"]
        rows.append(f"| {name} | {_number(f['value'])} {f['unit']} | {baseline} | {ratio} |")
    if notes:
        rows += ["", *(f"[{number}] {note}." for note, number in notes.items())]
    return "\n".join(rows)


def update_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md has no {START} … {END} markers in its Benchmarks section")
    head, rest = readme.split(START, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (each script's --quick)")
    parser.add_argument("--only", default=None, help="comma-separated script names without .py")
    parser.add_argument("--no-readme", action="store_true", help="write results.json only")
    parser.add_argument("--output", default=str(BENCH / "results.json"))
    args = parser.parse_args()
    info = {"started": datetime.now(UTC).isoformat(timespec="seconds"), **machine()}
    print(f"machine: {json.dumps(info, ensure_ascii=False)}", flush=True)
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        figures_file = Path(folder) / "figures.jsonl"
        figures_file.touch()
        for script in scripts(set(args.only.split(",")) if args.only else None):
            runs.append(run_script(script, args.quick, figures_file))
        figures = [json.loads(line) for line in figures_file.read_text(encoding="utf-8").splitlines() if line]
    results = {"machine": info, "quick": args.quick, "figures": figures, "runs": runs}
    output = Path(args.output)
    if args.only and output.exists():
        previous = json.loads(output.read_text(encoding="utf-8"))
        if previous.get("quick") == args.quick:
            results = merge(previous, figures, runs, info)
    output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not args.no_readme:
        update_readme(table(results["figures"], results["machine"], args.quick))
    failed = [r["script"] for r in runs if r["exit_status"] != 0]
    print(f"{len(figures)} figures from {len(runs)} scripts written to {args.output}"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
