"""Keyboard only: Tab to reach each control, Space to tick, typing, Enter to submit — no mouse."""

from __future__ import annotations

import re
from typing import Any

from notifier.privacy import keyed_hash
from tests.conftest import TEST_SECRET
from tests.e2e import flows
from tests.e2e.conftest import PASSWORD, Server, assert_no_axe_violations

SMS_TYPED = "090-2222-0001"
SMS_E164 = "+819022220001"
CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def test_subscribe_and_verify_with_the_keyboard_alone(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/subscribe")
    flows.tab_to(page, "#f-contacts-sms")
    page.keyboard.type(SMS_TYPED)
    flows.tab_to(page, "input[name=topics][value=disaster]")
    page.keyboard.press("Space")
    flows.tab_to(page, "input[name=areas][value='11101']")
    page.keyboard.press("Space")
    flows.tab_to(page, "form[action='/subscribe'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#f-code").count() == 1, page.inner_text("main")  # the "check your messages" page
    assert_no_axe_violations(page)

    texts = flows.wait_for(lambda: [r["text"] for r in server.outbox("sms", SMS_E164)], "the SMS code")
    assert len(texts) == 1, "exactly one verification SMS"
    code = CODE.search(texts[0])
    assert code, f"no six-digit code in {texts[0]!r}"
    flows.tab_to(page, "#f-code")
    page.keyboard.type(code.group(1))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("a[href*='/manage/']").count() == 1, page.inner_text("main")
    verified = server.query("SELECT verified_at FROM contact_points WHERE kind = 'sms' AND address_hash = ?",
                            keyed_hash(TEST_SECRET, "sms", SMS_E164))  # addresses are stored encrypted
    assert len(verified) == 1 and verified[0]["verified_at"] is not None
    assert_no_axe_violations(page)


def test_skip_link_moves_focus_to_the_main_content(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/subscribe")
    page.keyboard.press("Tab")
    assert flows.focused_matches(page, "a.skip-link")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert flows.focused_matches(page, "main#main")


def test_officer_signs_in_with_the_keyboard(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/console/login")
    flows.tab_to(page, "#username")
    page.keyboard.type("e2e-author")
    page.keyboard.press("Tab")
    assert flows.focused_matches(page, "#password"), "the password field follows the user name"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith("/console"), page.url
    assert "e2e-author" in page.inner_text("nav.console-nav")


def test_wrong_password_by_keyboard_is_announced(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/console/login")
    flows.tab_to(page, "#username")
    page.keyboard.type("e2e-author")
    flows.tab_to(page, "#password")
    page.keyboard.type("not the password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=alert]#login-error").count() == 1
    assert page.get_attribute("#password", "aria-invalid") == "true"
    assert_no_axe_violations(page)
