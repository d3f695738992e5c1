"""Security headers on every response: a CSP without unsafe-inline, no framing, no referrer leaks."""

from __future__ import annotations

from aiohttp import web

from notifier.web import keys
from notifier.web.problems import Handler

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update({k: v for k, v in HEADERS.items() if k not in exc.headers})
        raise
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def secure_cookies(request: web.Request) -> bool:
    """Mark cookies Secure: the setting is on, or the client came over HTTPS (itself or via a trusted proxy)."""
    return request.app[keys.SETTINGS].secure_cookies or request.secure
