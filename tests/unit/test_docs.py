"""The README documents every setting and every CLI command (docs stay honest)."""

from __future__ import annotations

import argparse
from pathlib import Path

from notifier.cli import build_parser
from notifier.config import SETTINGS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme() -> None:
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert not missing, f"settings missing from README: {missing}"


def _commands(parser: argparse.ArgumentParser, prefix: str = "todoke") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _commands(sub, f"{prefix} {name}")
                found.extend(nested or [f"{prefix} {name}"])
    return found


def test_every_cli_command_is_in_the_readme() -> None:
    commands = _commands(build_parser())
    assert "todoke db upgrade" in commands
    missing = [c for c in commands if f"`{c}" not in README]
    assert not missing, f"commands missing from README: {missing}"
