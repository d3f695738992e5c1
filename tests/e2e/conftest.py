"""Browser tests: the real ``todoke serve`` driven by Debian's chromium through Playwright.

Why a ``todoke serve`` subprocess rather than an in-loop ``AppRunner``: Playwright's sync API
cannot run inside an asyncio loop, the subprocess is exactly what ``make run`` starts (web app,
delivery workers and scheduler, so a sent notice really reaches the dev outbox), and one server
per session keeps the suite quick. It runs on a migrated temporary SQLite database (SQLite only:
the HTTP behaviour is covered on both backends by tests/integration); tests read the dev outbox
straight from that file. One server and one browser for the package, a fresh context (cookies) per test.

Nothing here skips: without chromium or axe-core the tests fail and say how to install them
(``make test`` runs scripts/ensure-browser.sh first).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from notifier.cli.demo import seed
from notifier.config import Settings
from notifier.officers import accounts
from notifier.storage.db import Database
from tests.conftest import TEST_SECRET

HERE = Path(__file__).parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("TODOKE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "e2e correct horse battery staple"
OFFICERS = {"admin": ("author", "approver", "emergency", "admin"), "author": ("author",),
            "approver": ("approver",)}
INSTALL_HINT = "run `make test` (scripts/ensure-browser.sh installs it) or scripts/ensure-browser.sh"


@dataclass(frozen=True)
class Server:
    url: str
    db_path: Path
    settings: Settings

    def outbox(self, channel: str | None = None, recipient: str | None = None) -> list[sqlite3.Row]:
        """Rows of the dev outbox, oldest first (read from the server's database file)."""
        sql, args = "SELECT * FROM dev_outbox WHERE 1=1", []
        if channel:
            sql, args = sql + " AND channel = ?", [*args, channel]
        if recipient:
            sql, args = sql + " AND recipient = ?", [*args, recipient]
        return self.query(sql + " ORDER BY id", *args)

    def query(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db_path, timeout=10) as conn:
            conn.row_factory = sqlite3.Row
            return list(conn.execute(sql, args))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _prepare(url: str, settings: Settings) -> None:
    db = Database(url)
    try:
        await seed(db, settings.secret_key)  # the demo's subscribers receive the test notice
        for name, roles in OFFICERS.items():
            await accounts.create_user(db, "system", username=f"e2e-{name}", roles=roles, password=PASSWORD)
    finally:
        await db.dispose()


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"todoke serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"todoke serve did not answer within 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="package")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``todoke serve`` on a free port, with a demo, three officers and the dev outbox."""
    folder = tmp_path_factory.mktemp("e2e")
    db_path = folder / "todoke.db"
    shutil.copyfile(sqlite_template, db_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(database_url=f"sqlite:///{db_path}", secret_key=TEST_SECRET, base_url=url,
                        audio_dir=str(folder / "audio"))
    asyncio.run(_prepare(f"sqlite+aiosqlite:///{db_path}", settings))
    env = {**os.environ, "TODOKE_DATABASE_URL": settings.database_url, "TODOKE_SECRET_KEY": TEST_SECRET,
           "TODOKE_BASE_URL": url, "TODOKE_AUDIO_DIR": settings.audio_dir, "TODOKE_LOG_LEVEL": "WARNING"}
    for name in ("TODOKE_SMTP_URL", "TODOKE_SMS_URL", "TODOKE_VOICE_URL", "TODOKE_LINE_URL", "TODOKE_CONFIG"):
        env.pop(name, None)  # every channel goes to the dev outbox
    log = folder / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "notifier", "serve", "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url, proc, log)
        yield Server(url=url, db_path=db_path, settings=settings)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="package")
def browser(server: Server) -> Iterator[Any]:
    """One headless Debian chromium for tests/e2e (Playwright's own download does not work here).

    Package-scoped and after ``server``: Playwright's sync API keeps an event loop running on this
    thread while it lives, which would break every asyncio.run() and async test set up meanwhile.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium package; {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives the browser a fresh temporary user-data dir of its own, removed on close.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies), 1280 px wide, Japanese, CSP enforced."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def _axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: the browser tests need axe-core from npm; {INSTALL_HINT}")
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(str(t) for t in node['target'])}: {node.get('failureSummary', '')!r}"[:400])
    return "\n".join(lines)


def assert_no_axe_violations(page: Any) -> None:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page; fail listing every violation."""
    # evaluate() runs through the DevTools protocol, so the page's CSP (no inline scripts) stays on.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = result["violations"]
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n{format_violations(violations)}"


def sign_in(page: Any, server: Server, who: str) -> None:
    """Sign in through the login form (filled, not typed key by key: the keyboard test does that)."""
    page.goto(f"{server.url}/console/login")
    page.fill("#username", f"e2e-{who}")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(f"{server.url}/console**")
    assert "/console/login" not in page.url, f"sign-in as {who} failed"


@dataclass(frozen=True)
class SentNotice:
    public_id: str
    title: str


@pytest.fixture(scope="package")
def sent_notice(server: Server, browser: Any) -> Iterator[SentNotice]:
    """A notice taken through compose → submit (author) → approve → send (approver) in the browser."""
    from tests.e2e import flows

    title = "南区 断水のお知らせ（e2e）"
    author, approver = browser.new_context(locale="ja-JP"), browser.new_context(locale="ja-JP")
    try:
        public_id = flows.compose_and_submit(author.new_page(), server, title)
        flows.approve_and_send(approver.new_page(), server, public_id)
    finally:
        author.close()
        approver.close()
    yield SentNotice(public_id=public_id, title=title)


@pytest.fixture(scope="package")
def admin_state(server: Server, browser: Any) -> dict[str, Any]:
    """Cookies of a signed-in admin, so that each console test need not sign in again."""
    ctx = browser.new_context(locale="ja-JP")
    try:
        sign_in(ctx.new_page(), server, "admin")
        return dict(ctx.storage_state())
    finally:
        ctx.close()


@pytest.fixture
def admin_page(browser: Any, admin_state: dict[str, Any]) -> Iterator[Any]:
    """A page in a fresh context signed in as an admin (every role)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP", storage_state=admin_state)
    ctx.set_default_timeout(15_000)
    yield ctx.new_page()
    ctx.close()
