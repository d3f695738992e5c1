"""A wheel carries every file the packages read: each non-module file is covered by package_data.

Nothing is built: the check mirrors setuptools (``packages = find:`` finds directories with an
``__init__.py``; ``package_data`` globs are relative to the package they are listed under), so a
new XSD, template or migration dropped into a package without a pattern fails here, not in the
Docker image.
"""

from __future__ import annotations

import configparser
import glob
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("notifier", "channels", "subscribers")


def _setup_cfg() -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return cfg


def _patterns() -> dict[str, list[str]]:
    section = _setup_cfg()["options.package_data"]
    return {package: [p.strip() for line in value.splitlines() for p in line.split(",") if p.strip()]
            for package, value in section.items()}


def _is_module(path: Path) -> bool:
    """A .py file in a package directory: shipped by ``packages = find:`` without package_data."""
    return path.suffix == ".py" and (path.parent / "__init__.py").exists()


def _files_needing_data() -> set[Path]:
    found = set()
    for top in TOP_LEVEL:
        for path in (ROOT / top).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            if path.name.startswith("."):  # VCS placeholders (.keep) are not read at run time
                continue
            if not _is_module(path):
                found.add(path)
    return found


def _covered() -> set[Path]:
    covered = set()
    for package, patterns in _patterns().items():
        base = ROOT.joinpath(*package.split(".")) if package else ROOT
        for pattern in patterns:
            covered.update(Path(p) for p in glob.glob(str(base / pattern), recursive=True))
    return covered


def test_every_data_file_in_the_packages_ships_in_the_wheel() -> None:
    missing = sorted(str(p.relative_to(ROOT)) for p in _files_needing_data() - _covered())
    assert missing == [], f"add these to [options.package_data] in setup.cfg: {missing}"


@pytest.mark.parametrize("needed", ["notifier/ingest/schemas/CAP-v1.2.xsd",
                                    "notifier/storage/migrations/env.py",
                                    "notifier/storage/migrations/script.py.mako"])
def test_files_read_at_run_time_are_covered(needed: str) -> None:
    assert ROOT / needed in _covered()


def test_package_data_names_real_packages() -> None:
    for package in _patterns():
        assert (ROOT.joinpath(*package.split(".")) / "__init__.py").exists(), package


def test_the_image_copies_what_lives_outside_the_packages() -> None:
    """templates/ and locales/ (incl. the ja_easy word lists and JLPT lists) are read through TODOKE_HOME."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "TODOKE_HOME=/opt/todoke-data" in dockerfile
    for folder in ("templates", "locales"):
        assert f"COPY {folder} /opt/todoke-data/{folder}" in dockerfile
    for top in TOP_LEVEL:
        assert f"COPY {top} {top}" in dockerfile  # built into the wheel, package data included
    for domain in ("messages", "notices"):  # .mo files are not in git: the image compiles them
        assert f"pybabel compile --domain {domain} --directory /opt/todoke-data/locales" in dockerfile
    ignored = ROOT / ".dockerignore"
    if ignored.exists():
        lines = ignored.read_text(encoding="utf-8").splitlines()
        assert not {"locales", "templates", "locales/ja_easy", "locales/jlpt"} & {line.strip("/ ") for line in lines}
