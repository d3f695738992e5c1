"""Access control: the role matrix of the console routes, API keys and scopes, admin pages, audit log."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import sqlalchemy as sa

from notifier.officers import accounts, apikeys
from notifier.officers.sessions import COOKIE
from notifier.officers.testing import cheap_passwords, form_token, login, make_user
from notifier.storage import schema
from notifier.storage.db import Database

GET_ROUTES = {"/console": (), "/console/users": ("admin",), "/console/apikeys": ("admin",),
              "/console/audit": ("admin",)}
# POSTs an admin may make; the bodies are deliberately invalid, so "allowed" is a 4xx from the handler.
POST_ROUTES = {"/console/users": 422, "/console/users/ghost/roles": 422, "/console/users/ghost/deactivate": 422,
               "/console/apikeys": 422, "/console/apikeys/00000000/revoke": 404}
ROLES = ("author", "approver", "emergency", "admin")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: Any) -> None:
    cheap_passwords(monkeypatch)


async def test_role_matrix_of_console_routes(client: Any, db: Database) -> None:
    client.session.cookie_jar.update_cookies({"lang": "en"})  # the assertions read the English wording
    token = await form_token(client, "/console/login")
    for path in GET_ROUTES:
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == 303 and resp.headers["Location"].startswith("/console/login?next=/console"), path
    for path in POST_ROUTES:
        resp = await client.post(path, data={"csrf_token": token}, allow_redirects=False)
        assert resp.status == 303 and resp.headers["Location"].startswith("/console/login"), path
    for role in ROLES:
        await make_user(db, role, username=f"{role}-user")
        assert (await login(client, f"{role}-user")).status == 303
        token = await form_token(client, "/console")
        for path, needed in GET_ROUTES.items():
            expected = 200 if not needed or role in needed else 403
            resp = await client.get(path)
            assert resp.status == expected, (role, path)
            if expected == 403:
                assert "You do not have access" in await resp.text()
        for path, allowed_status in POST_ROUTES.items():
            resp = await client.post(path, data={"csrf_token": token}, allow_redirects=False)
            assert resp.status == (allowed_status if role == "admin" else 403), (role, path)


async def test_api_key_scopes_and_revocation(client: Any, db: Database) -> None:
    admin_key, admin_plain = await accounts.create_api_key(db, "system", name="auditor", scopes=["admin"])
    _, ingest_plain = await accounts.create_api_key(db, "system", name="feeds", scopes=["ingest"])

    anonymous = await client.get("/api/v1/audit")
    assert anonymous.status == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert anonymous.headers["Content-Type"].startswith("application/problem+json")
    bad = await client.get("/api/v1/audit", headers={"Authorization": "Bearer tdk_00000000_" + "x" * 43})
    assert bad.status == 401 and 'error="invalid_token"' in bad.headers["WWW-Authenticate"]
    no_scope = await client.get("/api/v1/audit", headers={"Authorization": f"Bearer {ingest_plain}"})
    assert no_scope.status == 403 and "admin" in (await no_scope.json())["detail"]
    ok = await client.get("/api/v1/audit?action=apikey.", headers={"Authorization": f"Bearer {admin_plain}"})
    assert ok.status == 200
    assert {e["target"] for e in (await ok.json())["entries"]} >= {f"apikey:{admin_key.prefix}"}
    async with db.connect() as conn:
        used = await apikeys.get(conn, admin_key.prefix)
    assert used is not None and used.last_used_at is not None

    await accounts.revoke_api_key(db, "system", admin_key.prefix)
    revoked = await client.get("/api/v1/audit", headers={"Authorization": f"Bearer {admin_plain}"})
    assert revoked.status == 401
    invalid = await client.get("/api/v1/audit?from=yesterday", headers={"Authorization": f"Bearer {ingest_plain}"})
    assert invalid.status == 403  # scope is checked before the query is looked at


async def test_session_counts_on_the_api_with_its_roles(client: Any, db: Database) -> None:
    await make_user(db, "author", username="writer")
    await make_user(db, "admin", username="boss")
    await login(client, "writer")
    assert (await client.get("/api/v1/audit")).status == 403
    await login(client, "boss")
    resp = await client.get("/api/v1/audit?from=2020-13-01")
    assert resp.status == 422 and (await resp.json())["errors"][0]["field"] == "from"
    assert (await client.get("/api/v1/audit")).status == 200


async def test_user_bound_key_never_exceeds_the_users_roles(client: Any, db: Database) -> None:
    await make_user(db, "admin", username="boss")
    await make_user(db, "admin", username="boss2")
    with pytest.raises(accounts.AccountError, match="roles do not allow"):
        await accounts.create_api_key(db, "system", name="k", scopes=["notices:approve"], username="boss")
    _, plain = await accounts.create_api_key(db, "system", name="k", scopes=["admin"], username="boss")
    headers = {"Authorization": f"Bearer {plain}"}
    assert (await client.get("/api/v1/audit", headers=headers)).status == 200
    await accounts.change_roles(db, "system", "boss", ["author"])
    assert (await client.get("/api/v1/audit", headers=headers)).status == 403
    await accounts.deactivate_user(db, "system", "boss")
    assert (await client.get("/api/v1/audit", headers=headers)).status == 401


async def test_admin_manages_users_through_the_console(client: Any, db: Database) -> None:
    client.session.cookie_jar.update_cookies({"lang": "en"})  # the assertions read the English wording
    await make_user(db, "admin", username="boss")
    await login(client, "boss")
    token = await form_token(client, "/console/users")
    created = await client.post("/console/users", data={"csrf_token": token, "username": "taro",
                                                        "display_name": "<script>x</script>", "role": "author"})
    html = await created.text()
    assert created.status == 200 and "shown only once" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    dup = await client.post("/console/users", data={"csrf_token": token, "username": "taro", "role": "author"})
    assert dup.status == 422 and "already exists" in await dup.text()
    weak = await client.post("/console/users", data={"csrf_token": token, "username": "jiro", "role": "author",
                                                      "password": "short"})
    assert weak.status == 422 and "at least 12" in await weak.text()

    roles = await client.post("/console/users/taro/roles", data={"csrf_token": token, "role": ["author", "approver"]},
                              allow_redirects=False)
    assert roles.status == 303
    last_admin = await client.post("/console/users/boss/roles", data={"csrf_token": token, "role": "author"})
    assert last_admin.status == 422 and "last active admin" in await last_admin.text()
    gone = await client.post("/console/users/taro/deactivate", data={"csrf_token": token}, allow_redirects=False)
    assert gone.status == 303
    async with db.connect() as conn:
        rows = {r.username: r for r in await conn.execute(sa.select(schema.users))}
    assert rows["taro"].roles == ["author", "approver"] and not rows["taro"].active
    actions = await _audit(db)
    assert ("user:boss", "user.created", "user:taro") in actions
    assert ("user:boss", "user.roles_changed", "user:taro") in actions
    assert ("user:boss", "user.deactivated", "user:taro") in actions


async def test_deactivated_officer_is_signed_out(client: Any, db: Database) -> None:
    await make_user(db, "admin", username="boss")
    await make_user(db, "author", username="taro")
    await login(client, "taro")
    assert (await client.get("/console")).status == 200
    await accounts.deactivate_user(db, "system", "taro")
    assert (await client.get("/console", allow_redirects=False)).status == 303


async def test_admin_creates_and_revokes_api_keys_in_the_console(client: Any, db: Database) -> None:
    client.session.cookie_jar.update_cookies({"lang": "en"})  # the assertions read the English wording
    await make_user(db, "admin", username="boss")
    await login(client, "boss")
    token = await form_token(client, "/console/apikeys")
    resp = await client.post("/console/apikeys", data={"csrf_token": token, "name": "JMA feed", "scope": "ingest"})
    html = await resp.text()
    assert resp.status == 200
    start = html.index("tdk_")
    plaintext = html[start:html.index("<", start)]
    prefix = plaintext.split("_")[1]
    async with db.connect() as conn:
        key = await apikeys.find(conn, plaintext)
    assert key is not None and key.scopes == ("ingest",)
    listing = await (await client.get("/console/apikeys")).text()
    assert prefix in listing and plaintext not in listing  # the secret is never shown again
    empty = await client.post("/console/apikeys", data={"csrf_token": token, "name": "x"})
    assert empty.status == 422 and "at least one scope" in await empty.text()
    revoked = await client.post(f"/console/apikeys/{prefix}/revoke", data={"csrf_token": token},
                                allow_redirects=False)
    assert revoked.status == 303
    assert ("user:boss", "apikey.revoked", f"apikey:{prefix}") in await _audit(db)


async def test_audit_page_filters_and_csv_export(client: Any, db: Database) -> None:
    await make_user(db, "admin", username="boss")
    await accounts.create_api_key(db, "cli:ops", name="=HYPERLINK(\"x\")", scopes=["ingest"])
    await login(client, "boss")
    page = await client.get("/console/audit?action=apikey.")
    html = await page.text()
    assert page.status == 200 and "apikey.created" in html and "user.login" not in html
    bad = await client.get("/console/audit?from=2025-02-30")
    assert bad.status == 422 and 'aria-invalid="true"' in await bad.text()
    export = await client.get("/console/audit?actor=cli:&format=csv")
    assert export.status == 200 and export.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in export.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO((await export.read()).decode("utf-8-sig"))))
    # the header in the page's language (Japanese by default), the cells as the codes the filters take
    assert list(rows[0]) == ["日時", "操作者", "操作", "対象", "要確認", "詳細"]
    assert [r["操作"] for r in rows] == ["apikey.created"] and rows[0]["操作者"] == "cli:ops"
    assert "=HYPERLINK" in rows[0]["詳細"]
    english = await (await client.get("/console/audit?actor=cli:&format=csv&lang=en")).read()
    assert english.decode("utf-8-sig").splitlines()[0] == "When,Actor,Action,Target,Flagged,Details"
    today = (await client.get("/console/audit?from=2000-01-01&to=2000-01-02")).status
    assert today == 200


async def _audit(db: Database) -> list[tuple[str, str, str | None]]:
    async with db.connect() as conn:
        rows = await conn.execute(sa.select(schema.audit_log.c.actor, schema.audit_log.c.action,
                                            schema.audit_log.c.target))
        return [tuple(r) for r in rows]


def test_csv_cells_cannot_start_a_formula() -> None:
    from notifier.officers.auditlog import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("-1+2") == "'-1+2" and _cell("@x") == "'@x"
    assert _cell("user:boss") == "user:boss" and _cell(None) == "" and _cell({"a": "="}) == '{"a": "="}'


def test_session_cookie_name_matches_openapi() -> None:
    from notifier.web.openapi import build_document

    assert build_document([])["components"]["securitySchemes"]["session"]["name"] == COOKIE
