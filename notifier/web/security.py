"""Security headers on every response: a CSP without unsafe-inline, no framing, no referrer leaks;
HSTS on responses to HTTPS requests (directly, or as a trusted proxy reports it)."""

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
# Sent only over HTTPS, as RFC 6797 requires: a browser that saw it once will not fall back to plain
# HTTP for a year (so a stolen officer session cannot be read off an open network by a downgrade).
# No includeSubDomains: a city's other hosts are not ours to commit.
HSTS = "max-age=31536000"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    headers = {**HEADERS, "Strict-Transport-Security": HSTS} if request.secure else HEADERS
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update({k: v for k, v in headers.items() if k not in exc.headers})
        raise
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    return response


def secure_cookies(request: web.Request) -> bool:
    """Mark cookies Secure: the setting is on, or the client came over HTTPS (itself or via a trusted proxy)."""
    return request.app[keys.SETTINGS].secure_cookies or request.secure
