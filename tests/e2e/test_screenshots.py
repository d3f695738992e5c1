"""Screenshots of the main pages for the README (docs/screenshots/*.png, full page, 1280 px wide)."""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path
from typing import Any

import pytest

from subscribers.tokens import manage_token
from tests.e2e.conftest import SentNotice, Server

# The README's copies are refreshed only on request (`make screenshots`), so that a test run never
# leaves the checkout modified; otherwise the shots go to a temporary folder and are checked there.
README_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOTS = README_SHOTS if os.environ.get("TODOKE_UPDATE_SCREENSHOTS") == "1" else Path(
    tempfile.mkdtemp(prefix="todoke-shots-"))
MAX_BYTES = 300_000
MAX_HEIGHT = 2400  # the preview shows every variant (5,000+ px): its top half shows the idea, within MAX_BYTES
CITIZEN = [("subscribe", "/subscribe"), ("manage", "/manage/{manage}"), ("notice", "/n/{id}")]
CONSOLE = [("console-compose", "/console/notices/new"), ("console-preview", "/console/notices/{id}/preview"),
           ("console-progress", "/console/notices/{id}/progress")]


def _png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int(struct.unpack(">I", header[16:20])[0])


def _shoot(page: Any, server: Server, notice: SentNotice, name: str, path: str) -> None:
    url = server.url + path.format(id=notice.public_id, manage=manage_token(server.settings, "demo-hanako"))
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
    target = SHOTS / f"{name}.png"
    height = min(int(page.evaluate("() => document.documentElement.scrollHeight")), MAX_HEIGHT)
    page.screenshot(path=str(target), full_page=True, animations="disabled", caret="hide",
                    clip={"x": 0, "y": 0, "width": 1280, "height": height})
    assert _png_width(target) == 1280
    assert target.stat().st_size < MAX_BYTES, f"{target} is {target.stat().st_size} bytes (limit {MAX_BYTES})"


@pytest.fixture(scope="module", autouse=True)
def _folder() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize(("name", "path"), CITIZEN, ids=[n for n, _ in CITIZEN])
def test_citizen_screenshot(page: Any, server: Server, sent_notice: SentNotice, name: str, path: str) -> None:
    _shoot(page, server, sent_notice, name, path)


@pytest.mark.parametrize(("name", "path"), CONSOLE, ids=[n for n, _ in CONSOLE])
def test_console_screenshot(admin_page: Any, server: Server, sent_notice: SentNotice, name: str, path: str) -> None:
    _shoot(admin_page, server, sent_notice, name, path)
