"""Helpers for the console tests: compose forms, notices in a given state."""

from __future__ import annotations

import re
from typing import Any

from notifier.notices import store
from notifier.officers.testing import form_token
from notifier.storage.db import Database

_NONCE = re.compile(r'name="nonce" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


def free_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "free", "title": "断水のお知らせ", "body": "西区で明日断水します。",
                            "topic": "water", "area": "11101", "urgency": "normal", "when": "now", "do": "save"}
    data.update(overrides)
    return data


async def new_form(client: Any) -> tuple[str, str]:
    page = await (await client.get("/console/notices/new")).text()
    match = _NONCE.search(page)
    assert match, page[:500]
    return await form_token(client, "/console/notices/new"), match.group(1)


async def post_new(client: Any, **overrides: Any) -> Any:
    csrf, nonce = await new_form(client)
    return await client.post("/console/notices/new", data={**free_form(**overrides), "csrf_token": csrf,
                                                             "nonce": nonce}, allow_redirects=False)


def public_id(resp: Any) -> str:
    return str(resp.headers["Location"]).split("/")[3].split("?")[0]


async def notice(db: Database, pid: str) -> dict[str, Any]:
    async with db.connect() as conn:
        row = await store.get(conn, pid)
    assert row is not None
    return row


async def act(client: Any, db: Database, pid: str, action: str, **data: Any) -> Any:
    csrf = await form_token(client, f"/console/notices/{pid}")
    version = (await notice(db, pid))["version"]
    return await client.post(f"/console/notices/{pid}/{action}", data={"csrf_token": csrf, "version": str(version),
                                                                        **data}, allow_redirects=False)
