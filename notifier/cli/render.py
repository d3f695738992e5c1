"""``todoke render NOTICE.json [--variant V] [--format F]``: print the renderings as a JSON list."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from notifier.cli import CliError
from notifier.cli.common import load_settings
from notifier.notices.model import NoticeError, parse_notice
from notifier.rendering.render import check_choice, render_notice
from notifier.rendering.variants import FORMATS, VARIANTS


def register(sub: Any) -> None:
    parser = sub.add_parser("render", help="print a notice's renderings (every variant and format) as JSON")
    parser.add_argument("notice", metavar="NOTICE.json", help="notice JSON (DESIGN.md); - reads standard input")
    parser.add_argument("--variant", action="append", metavar="V",
                        help=f"only this variant (repeatable): {', '.join(VARIANTS)}")
    parser.add_argument("--format", action="append", metavar="F",
                        help=f"only this format (repeatable): {', '.join(FORMATS)}")
    parser.add_argument("--no-audio", action="store_true", help="skip synthesizing the voice WAV")
    parser.set_defaults(func=_render)


def _render(args: argparse.Namespace) -> int:
    settings = load_settings()
    data = _read(args.notice)
    try:
        notice = parse_notice(data)
        variants = check_choice(args.variant, VARIANTS, "variant")
        formats = check_choice(args.format, FORMATS, "format")
    except NoticeError as exc:
        raise CliError(f"{args.notice}: {exc}") from None
    renderings = asyncio.run(render_notice(notice, settings=settings, variants=variants, formats=formats,
                                           audio=not args.no_audio))
    json.dump([item.as_json() for item in renderings], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _read(name: str) -> Any:
    try:
        raw = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{name}: cannot read: {exc}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CliError(f"{name}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
