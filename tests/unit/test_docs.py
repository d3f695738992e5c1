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


def test_the_readme_easy_japanese_example_is_what_the_rewriter_writes() -> None:
    """The 断水 example in "One notice, rendered" is the rewriter's current output, not an old one."""
    import datetime
    import re

    from notifier.rendering.easy import readability, to_easy

    section = README[README.index("A typical 断水 notice"):]
    quoted, block = re.search(r"「(.+?)」", section, re.S), re.search(r"```\n(.+?)\n```", section, re.S)
    assert quoted and block
    original, shown = quoted[1].replace("\n", ""), block[1]
    assert to_easy(original, today=datetime.date(2026, 11, 24)).text == shown
    assert f"({readability(original).score:.2f})" in section and f"({readability(shown).score:.2f})" in section
