"""Compose and edit: ``/console/notices/new`` and ``/console/notices/{id}`` (structured or free text)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from notifier.console import common, forms, wardmap, workflow
from notifier.console.fields import fields_of, type_choices
from notifier.dispatch.keys import as_utc
from notifier.notices.model import URGENCIES
from notifier.officers.auth import require_role
from notifier.storage.db import utcnow
from notifier.web import keys
from notifier.web.templating import render

routes = web.RouteTableDef()


def _context(request: web.Request, values: dict[str, Any], errors: dict[str, str], *,
             notice: dict[str, Any] | None, action: str) -> dict[str, Any]:
    kind = values.get("type") or "free"
    return {**common.reference(), "values": values, "errors": errors, "notice": notice, "action": action,
            "fields": fields_of(kind), "types": type_choices(), "urgencies": URGENCIES,
            "regions": wardmap.REGIONS, "nonce": common.nonce(), "officer_can_write": True}


@routes.get("/console/notices/new")
@require_role(*common.WRITERS)
async def new_form(request: web.Request) -> web.StreamResponse:
    values = forms.blank(request.query.get("type", "free"))
    return render(request, "console/notices/compose.html",
                  _context(request, values, {}, notice=None, action="/console/notices/new"))


def _read(request: web.Request, form: Any) -> forms.ComposeForm:
    return forms.read(form, request.app[keys.SETTINGS].tz, now=utcnow())


@routes.post("/console/notices/new")
@require_role(*common.WRITERS)
async def create(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    parsed = _read(request, form)
    nonce = str(form.get("nonce", ""))[:40]
    if parsed.errors or parsed.notice is None or not nonce:
        errors = parsed.errors or {"nonce": "The form is incomplete. Reload the page and try again."}
        return render(request, "console/notices/compose.html",
                      _context(request, parsed.values, errors, notice=None, action="/console/notices/new"), status=422)
    who = common.officer(request)
    row = await workflow.create_draft(request.app[keys.DB], parsed.notice, who.actor, nonce)
    if form.get("do") == "submit" and row["status"] == "draft":
        row = await workflow.submit(request.app[keys.DB], row["id"], row["version"], who)
    raise web.HTTPSeeOther(f"/console/notices/{row['public_id']}?done=saved")


@routes.get("/console/notices/{id}")
@require_role()
async def show(request: web.Request) -> web.StreamResponse:
    notice = await common.notice_or_404(request)
    values = forms.from_row(notice, request.app[keys.SETTINGS].tz)
    return render(request, "console/notices/compose.html", _show_context(request, notice, values, {}))


def _show_context(request: web.Request, notice: dict[str, Any], values: dict[str, Any],
                  errors: dict[str, str]) -> dict[str, Any]:
    who = common.officer(request)
    ctx = _context(request, values, errors, notice=notice, action=f"/console/notices/{notice['public_id']}")
    ctx.update(officer_can_write=who.has_role(*common.WRITERS) and notice["status"] in workflow.EDITABLE,
               is_author=notice["created_by"] == who.actor, done=request.query.get("done", ""),
               send_due=notice["send_at"] is not None and as_utc(notice["send_at"]) > utcnow())
    return ctx


@routes.post("/console/notices/{id}")
@require_role(*common.WRITERS)
async def save(request: web.Request) -> web.StreamResponse:
    notice = await common.notice_or_404(request)
    form = await request.post()
    version = common.form_version(form)
    parsed = _read(request, form)
    if version is None:
        parsed.errors.setdefault("version", "The form is incomplete. Reload the page and try again.")
    if parsed.errors or parsed.notice is None or version is None:
        return render(request, "console/notices/compose.html",
                      _show_context(request, notice, parsed.values, parsed.errors), status=422)
    who = common.officer(request)
    try:
        row = await workflow.update(request.app[keys.DB], notice["id"], parsed.notice, version=version,
                                    nonce=str(form.get("nonce", ""))[:40], actor=who.actor)
        if form.get("do") == "submit" and row["status"] == "draft":
            row = await workflow.submit(request.app[keys.DB], row["id"], row["version"], who)
    except workflow.Conflict:
        return common.conflict_page(request, await common.notice_or_404(request))
    except workflow.NotAllowed as exc:
        return common.refused_page(request, notice, str(exc))
    raise web.HTTPSeeOther(f"/console/notices/{row['public_id']}?done=saved")
