"""Install the console's notice pages, relay queue, administration pages and the dial-in line."""

from __future__ import annotations

from aiohttp import web

from notifier.console import actions, admin, compose, dialin, preview, progress, relay
from notifier.officers import N_
from notifier.officers.web import add_console_link


def setup(app: web.Application) -> None:
    # admin.routes first: "/console/notices" must not be read as the notice with id "new" etc.
    for module in (admin, compose, actions, preview, progress, relay, dialin):
        app.router.add_routes(module.routes)
    add_console_link(app, "/console/notices", N_("Notices"))
    add_console_link(app, "/console/notices/new", N_("Write a notice"), roles=("author", "emergency"))
    add_console_link(app, "/console/relay", N_("Relay calls"))
    add_console_link(app, "/console/subscribers", N_("Subscriber lookup"), roles=("admin",))
    add_console_link(app, "/console/outbox", N_("Dev outbox"), roles=("admin",))

