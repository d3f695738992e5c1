"""The buttons on a notice: submit, approve, reject, emergency send, send, withdraw, correct, cancel.

Each is a POST form carrying the notice's version; each route names the roles it admits (the
role matrix test walks this table).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from notifier.console import common, related, workflow
from notifier.console.forms import MAX_FIELD
from notifier.dispatch.sending import NotSendable
from notifier.notices import store
from notifier.notices.model import NoticeError, clean_text
from notifier.officers import N_
from notifier.officers.auth import require_role
from notifier.officers.principal import Principal
from notifier.web import keys

routes = web.RouteTableDef()
Step = Callable[[web.Request, dict[str, Any], int, Principal, Any], Awaitable[Any]]

ROLES: dict[str, tuple[str, ...]] = {
    "submit": common.WRITERS, "approve": ("approver",), "reject": ("approver",), "emergency": ("emergency",),
    "send": common.SENDERS, "withdraw": common.SENDERS, "correct": common.WRITERS, "cancel": common.WRITERS,
}


async def _submit(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    return await workflow.submit(request.app[keys.DB], notice["id"], version, who)


async def _approve(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    return await workflow.approve(request.app[keys.DB], notice["id"], version, who)


async def _reject(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    try:
        reason = clean_text(form.get("reason"), "reason", limit=1000)
    except NoticeError:
        raise workflow.NotAllowed(N_("Give a reason (at most 1,000 characters) when you reject a notice.")) from None
    return await workflow.reject(request.app[keys.DB], notice["id"], version, who, reason)


async def _emergency(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    db, settings = request.app[keys.DB], request.app[keys.SETTINGS]
    row = await workflow.emergency_approve(db, notice["id"], version, who)
    return await workflow.send(db, settings, row["id"], row["version"], who)


async def _send(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    return await workflow.send(request.app[keys.DB], request.app[keys.SETTINGS], notice["id"], version, who)


async def _withdraw(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    return await workflow.withdraw(request.app[keys.DB], notice["id"], version, who)


async def _linked(request: web.Request, notice: dict[str, Any], who: Principal, form: Any, relation: str) -> Any:
    if notice["status"] not in related.SENT:
        raise workflow.NotAllowed(N_("Only a notice that was sent can be corrected or cancelled."))
    draft = store.to_input(notice)
    if relation == "cancel":
        try:
            reason = clean_text(form.get("reason"), "reason", limit=1000)
        except NoticeError:
            raise workflow.NotAllowed(N_("Say why the notice is cancelled (at most 1,000 characters).")) from None
        title = f"【取消】{(notice['title'] or notice['type'])}"[:200]
        draft = type(draft)(type="free", title=title, body=reason, params={}, urgency=notice["urgency"],
                            topics=draft.topics, areas=draft.areas, needs=draft.needs)
    nonce = str(form.get("nonce", ""))[:40] or common.nonce()
    return await workflow.create_draft(request.app[keys.DB], draft, who.actor, f"{relation}-{notice['id']}-{nonce}",
                                       related_id=notice["id"], relation=relation)


async def _correct(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    return await _linked(request, notice, who, form, "update")


async def _cancel(request: web.Request, notice: dict[str, Any], version: int, who: Principal, form: Any) -> Any:
    return await _linked(request, notice, who, form, "cancel")


# A second click on the same button finds the notice already moved on: that is success, not a conflict.
AFTER: dict[str, tuple[str, ...]] = {
    "submit": ("submitted",), "approve": ("approved", "scheduled", "sending", "sent"), "reject": ("rejected",),
    "emergency": ("sending", "sent"), "send": ("scheduled", "sending", "sent"), "withdraw": ("cancelled",),
}

STEPS: dict[str, Step] = {"submit": _submit, "approve": _approve, "reject": _reject, "emergency": _emergency,
                          "send": _send, "withdraw": _withdraw, "correct": _correct, "cancel": _cancel}


def _handler(name: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    @require_role(*ROLES[name])
    async def handle(request: web.Request) -> web.StreamResponse:
        notice = await common.notice_or_404(request)
        form = await request.post()
        if len(str(form.get("reason", ""))) > MAX_FIELD:
            return common.refused_page(request, notice, N_("The reason is far too long."), status=422)
        version = common.form_version(form)
        if version is None:
            return common.refused_page(request, notice, N_("The form is incomplete. Reload the page."), status=422)
        try:
            row = await STEPS[name](request, notice, version, common.officer(request), form)
        except workflow.Conflict:
            current = await common.notice_or_404(request)
            if current["status"] in AFTER.get(name, ()):
                raise web.HTTPSeeOther(f"/console/notices/{current['public_id']}?done={name}") from None
            return common.conflict_page(request, current)
        except (workflow.NotAllowed, NotSendable) as exc:
            return common.refused_page(request, notice, str(exc))
        target = row["public_id"]
        suffix = "/progress" if row["status"] in ("sending", "sent") else ""
        raise web.HTTPSeeOther(f"/console/notices/{target}{suffix}?done={name}")
    handle.__name__ = f"notice_{name}"
    return handle


for _name in STEPS:
    routes.post(f"/console/notices/{{id}}/{_name}")(_handler(_name))
