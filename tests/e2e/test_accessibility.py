"""axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing on any citizen or console page."""

from __future__ import annotations

from typing import Any

import pytest

from notifier.dispatch.digest import page_token
from subscribers.tokens import manage_token
from tests.e2e.conftest import SentNotice, Server, assert_no_axe_violations
from tests.e2e.flows import wait_for

DEMO_SUBSCRIBER = "demo-hanako"

# (page name, path; {id} is the sent notice, {manage} the demo subscriber's manage token)
CITIZEN_PAGES = [
    ("subscribe", "/subscribe"),
    ("subscribe-english-large", "/subscribe?lang=en&large=1"),
    ("subscribe-furigana", "/subscribe?furigana=1"),
    ("verify-code", "/verify?id=" + DEMO_SUBSCRIBER),
    ("verify-email-link", "/verify?token=not-a-real-token"),
    ("manage", "/manage/{manage}"),
    ("manage-delete", "/manage/{manage}/delete"),
    ("notice", "/n/{id}"),
    ("digest", "/d/{digest}"),
]
CONSOLE_PAGES = [
    ("console-home", "/console"),
    ("users", "/console/users"),
    ("apikeys", "/console/apikeys"),
    ("audit", "/console/audit"),
    ("notices", "/console/notices"),
    ("compose-free", "/console/notices/new"),
    ("compose-structured", "/console/notices/new?type=water_outage"),
    ("notice", "/console/notices/{id}"),
    ("preview", "/console/notices/{id}/preview"),
    ("progress", "/console/notices/{id}/progress"),
    ("relay", "/console/relay"),
    ("outbox", "/console/outbox"),
    ("subscriber-lookup", "/console/subscribers"),
]


def _url(server: Server, path: str, notice: SentNotice) -> str:
    digest = ""
    if "{digest}" in path:  # the digest page of one of the notice's deliveries (a digest of one notice)
        rows = wait_for(lambda: server.query("SELECT d.id FROM deliveries d JOIN notices n ON n.id = d.notice_id "
                                             "WHERE n.public_id = ? ORDER BY d.id", notice.public_id), "a delivery")
        digest = page_token(server.settings.secret_key, int(rows[0]["id"]))
    return server.url + path.format(id=notice.public_id, manage=manage_token(server.settings, DEMO_SUBSCRIBER),
                                    digest=digest)


def test_axe_helper_reports_violations(page: Any) -> None:
    """The check can fail: a page with an unlabelled field and an image without text."""
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "image-alt" in message and "html-has-lang" in message and "label" in message


def test_login_page(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/console/login")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("name", "path"), CITIZEN_PAGES, ids=[n for n, _ in CITIZEN_PAGES])
def test_citizen_page(page: Any, server: Server, sent_notice: SentNotice, name: str, path: str) -> None:
    response = page.goto(_url(server, path, sent_notice))
    assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("name", "path"), CONSOLE_PAGES, ids=[n for n, _ in CONSOLE_PAGES])
def test_console_page(admin_page: Any, server: Server, sent_notice: SentNotice, name: str, path: str) -> None:
    response = admin_page.goto(_url(server, path, sent_notice))
    assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
    assert "/console/login" not in admin_page.url
    assert_no_axe_violations(admin_page)


def test_form_errors_are_accessible(page: Any, server: Server) -> None:
    """The subscribe form sent empty: the error messages and invalid fields pass too."""
    page.goto(f"{server.url}/subscribe")
    page.click("form[action='/subscribe'] button[type=submit]")
    assert page.locator("[aria-invalid=true], .error").count() > 0
    assert_no_axe_violations(page)
