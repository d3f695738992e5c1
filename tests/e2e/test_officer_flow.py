"""The officer's day in a real browser: compose → preview → approve (a second officer) → send → delivered."""

from __future__ import annotations

from typing import Any

from tests.e2e import flows
from tests.e2e.conftest import SentNotice, Server, sign_in


def test_sent_notice_reaches_the_dev_outbox_and_progress_shows_delivered(
        page: Any, server: Server, sent_notice: SentNotice) -> None:
    rows = flows.wait_for(lambda: flows.delivered_to_demo(server, sent_notice.public_id),
                          "the notice in the dev outbox")
    assert len(rows) == 1 and sent_notice.title in rows[0]["subject"]
    sign_in(page, server, "author")
    progress = f"{server.url}/console/notices/{sent_notice.public_id}/progress"

    def delivered() -> bool:
        page.goto(progress)  # the page that works without JavaScript
        cell = page.locator("td[data-channel=email][data-status=delivered]")
        return cell.count() == 1 and cell.inner_text().strip() == "1"
    flows.wait_for(delivered, "the progress page to show the email as delivered")


def test_preview_shows_the_notice_to_its_author(page: Any, server: Server, sent_notice: SentNotice) -> None:
    sign_in(page, server, "author")
    page.goto(f"{server.url}/console/notices/{sent_notice.public_id}/preview")
    assert sent_notice.title in page.inner_text("main")
