"""CSRF protection for every HTML form (double-submit, signed).

A random ``csrf`` cookie is set on first visit; forms carry ``csrf_token`` = HMAC(secret, cookie).
Every non-API POST/PUT/PATCH/DELETE must present a matching token, or gets 403.
Templates get the token as ``csrf_token`` (``templating.render`` asks for it, which sets the cookie).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from aiohttp import web

from notifier.keyring import keys_of
from notifier.web import keys
from notifier.web.problems import API_PREFIX, Handler
from notifier.web.security import secure_cookies

COOKIE = "csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
_UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# Machine-to-machine endpoints authenticate otherwise (signatures, API keys), not by browser cookie.
# "/u/": the one-click unsubscribe link is its own capability, and RFC 8058 mail clients post it cookie-less.
EXEMPT_PREFIXES = (API_PREFIX, "/callbacks/", "/voice/", "/u/")


def token_for(secret: str, cookie_value: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{cookie_value}".encode(), hashlib.sha256).hexdigest()


def _cookie(request: web.Request) -> str:
    value = request.cookies.get(COOKIE)
    if not value:
        value = request.get(keys.CSRF_NEW_COOKIE) or secrets.token_urlsafe(24)
        request[keys.CSRF_NEW_COOKIE] = value
    return value


def csrf_token(request: web.Request) -> str:
    """The token to put in this request's forms."""
    return token_for(request.app[keys.SETTINGS].secret_key, _cookie(request))


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in _UNSAFE and not request.path.startswith(EXEMPT_PREFIXES):
        await _check(request)
    response = await handler(request)
    new_cookie = request.get(keys.CSRF_NEW_COOKIE)
    if new_cookie:
        set_cookie(request, response, new_cookie)
    return response


def set_cookie(request: web.Request, response: web.StreamResponse, value: str) -> None:
    """The CSRF cookie, Secure when the client came over HTTPS (or the setting says always)."""
    response.set_cookie(COOKIE, value, httponly=True, samesite="Lax", secure=secure_cookies(request), path="/")


async def _check(request: web.Request) -> None:
    cookie = request.cookies.get(COOKIE, "")
    sent = request.headers.get(HEADER, "")
    if not sent and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        sent = str(form.get(FIELD, ""))
    accepted = [token_for(key, cookie) for key in keys_of(request.app[keys.SETTINGS].secret_key)] if cookie else []
    if not cookie or not sent or not any(hmac.compare_digest(sent, expected) for expected in accepted):
        raise web.HTTPForbidden(text="The form has expired or was not sent from this site (CSRF check failed). "
                                     "Reload the page and try again.")
