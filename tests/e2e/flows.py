"""Browser steps shared by the e2e tests: keyboard navigation and the officer's notice workflow."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from tests.e2e.conftest import Server, sign_in

DEMO_EMAIL = "hanako@example.jp"  # demo-hanako: disaster in Minami ward (11107), email first, then SMS
_NOTICE_ID = re.compile(r"/console/notices/([^/?#]+)")


def focused_matches(page: Any, selector: str) -> bool:
    return bool(page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector))


def tab_to(page: Any, selector: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches ``selector`` (proves it is reachable by keyboard)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab from where focus was on {page.url}")


def wait_for(check: Any, what: str, timeout: float = 30.0) -> Any:
    """Poll ``check()`` until it returns something truthy (the workers deliver in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def compose_and_submit(page: Any, server: Server, title: str) -> str:
    """As an author: write a free-text notice for the demo subscriber and submit it; returns its id."""
    sign_in(page, server, "author")
    page.goto(f"{server.url}/console/notices/new")
    page.fill("#f-title", title)
    page.fill("#f-body", "南区の一部で明日9時から12時まで断水します。飲み水を用意してください。")
    page.check("input[name=topic][value=disaster]")
    page.check("#area-11107")
    page.check("input[name=urgency][value=normal]")
    page.check("input[name=when][value=now]")
    page.click("button[name=do][value=submit]")
    match = _NOTICE_ID.search(page.url)
    assert match and match.group(1) != "new", f"the notice was not saved: {page.url}\n{page.inner_text('main')}"
    return match.group(1)


def approve_and_send(page: Any, server: Server, public_id: str) -> None:
    """As a second officer (the approver): approve the notice, then send it."""
    sign_in(page, server, "approver")
    page.goto(f"{server.url}/console/notices/{public_id}")
    page.click(f"form[action='/console/notices/{public_id}/approve'] button[type=submit]")
    page.click(f"form[action='/console/notices/{public_id}/send'] button[type=submit]")
    page.wait_for_url(f"**/console/notices/{public_id}/progress**")


def delivered_to_demo(server: Server, public_id: str) -> list[Any]:
    """The dev outbox rows of notice ``public_id`` for the demo subscriber (her first channel: email)."""
    return [r for r in server.outbox("email", DEMO_EMAIL) if json.loads(r["meta"]).get("notice") == public_id]
