"""Feature module (``FEATURES`` in notifier/app.py): the subscription API and the citizen pages."""

from __future__ import annotations

from aiohttp import web

from subscribers import manage_pages, pages
from subscribers.api import api


def setup(app: web.Application) -> None:
    api.setup(app)
    app.router.add_routes(pages.routes)
    app.router.add_routes(manage_pages.routes)
