"""What the HTTP providers share: status classification, Retry-After, and Twilio-style signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import aiohttp

from channels.base import Channel, Message, PermanentDeliveryError, Result, TemporaryDeliveryError
from notifier.storage.db import utcnow

_TEMPORARY_4XX = frozenset({408, 425, 429})


def retry_after_seconds(value: str | None) -> float | None:
    """A ``Retry-After`` header (seconds or an HTTP date) as seconds from now."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max((parsedate_to_datetime(value) - utcnow()).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


def raise_for_status(status: int, detail: str, *, retry_after: str | None = None) -> None:
    """2xx passes; 408/425/429 and 5xx are temporary; any other 4xx (and 3xx: no redirects) permanent."""
    if 200 <= status < 300:
        return
    reason = f"HTTP {status}: {detail[:300]}".rstrip(": ")
    if status in _TEMPORARY_4XX or status >= 500:
        raise TemporaryDeliveryError(reason, code=str(status), retry_after=retry_after_seconds(retry_after))
    raise PermanentDeliveryError(reason, code=str(status))


def twilio_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """Twilio's request signature: HMAC-SHA1 of the full URL followed by each sorted name and value."""
    payload = url + "".join(f"{k}{v}" for k, v in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_signature_ok(auth_token: str, url: str, params: Iterable[tuple[str, str]], given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(twilio_signature(auth_token, url, params), given or "")


@dataclass(frozen=True, kw_only=True)
class TwilioConfig:
    """``https://SID:TOKEN@api.example/?from=%2B8148…&provider=twilio&timeout=15``: a Twilio-compatible account."""

    base: str  # scheme://host[:port][/path], no trailing slash
    account_sid: str
    auth_token: str
    sender: str  # the From number (E.164) or alphanumeric sender id
    provider: str = "twilio"  # the name in the callback URLs
    timeout: float = 15.0

    @classmethod
    def from_url(cls, url: str, *, default_sender: str = "") -> TwilioConfig:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"a Twilio-compatible API needs an http(s) URL, got {parts.scheme or 'none'}://")
        if not parts.username or not parts.password:
            raise ValueError("the URL needs ACCOUNT_SID:AUTH_TOKEN@ as its user information")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return cls(base=urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", "")),
                   account_sid=unquote(parts.username), auth_token=unquote(parts.password),
                   sender=query.get("from", default_sender), provider=query.get("provider", "twilio"),
                   timeout=float(query.get("timeout", "15")))

    def endpoint(self, resource: str) -> str:
        return f"{self.base}/2010-04-01/Accounts/{self.account_sid}/{resource}.json"

    def authorization(self) -> str:
        return aiohttp.encode_basic_auth(self.account_sid, self.auth_token)


async def post_form(session: aiohttp.ClientSession, config: TwilioConfig, resource: str,
                    form: Mapping[str, str], *, idempotency_key: str) -> dict[str, object]:
    """POST a Twilio-style form; the JSON answer on 2xx, classified errors otherwise."""
    # The token makes a retried POST a no-op at the gateway instead of a second message.
    headers = {"Authorization": config.authorization(), "I-Twilio-Idempotency-Token": idempotency_key}
    async with session.post(config.endpoint(resource), data=dict(form), headers=headers,
                            allow_redirects=False) as response:
        text = await response.text()
        if not 200 <= response.status < 300:
            raise_for_status(response.status, _error_detail(text), retry_after=response.headers.get("Retry-After"))
        try:
            body = await response.json(content_type=None)
        except ValueError:
            raise TemporaryDeliveryError(f"HTTP {response.status} with a body that is not JSON") from None
    if not isinstance(body, dict) or not body.get("sid"):
        raise TemporaryDeliveryError("the gateway answered without a sid")
    return body


def _error_detail(text: str) -> str:
    # Twilio errors are JSON with code and message; fall back to the raw text.
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        return f"{data.get('code', '')} {data.get('message', '')}".strip() or text
    return text


class HttpChannel(Channel):
    """A provider that talks HTTP through one ``aiohttp.ClientSession`` opened with the channel."""

    timeout: float = 15.0

    _session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        await self.session()

    async def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout, connect=min(self.timeout, 5.0)))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _send(self, message: Message) -> Result:
        try:
            return await self._post(message, await self.session())
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            raise TemporaryDeliveryError(f"{type(exc).__name__}: {exc}") from None

    async def _post(self, message: Message, session: aiohttp.ClientSession) -> Result:
        raise NotImplementedError
