"""Headers, body limits and the write token: the parts of the app an attacker talks to.

Article texts are untrusted, so besides escaping them in every template the browser is
told (Content-Security-Policy) to run no script but our own static file and to load
nothing from elsewhere; a request body is cut off at a fixed size before any parser
sees it; and a write needs the bearer token given at start-up.
"""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
MAX_BODY = 2 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


class SecurityMiddleware:
    """Adds the security headers to every response and enforces the body limit.

    The body is read (up to the limit) before the app runs, so an oversized upload is
    answered 413 whether or not it declared its length, and nothing half-parsed remains.
    """

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            declared = dict(scope.get("headers", [])).get(b"content-length", b"")
            try:
                if declared.isdigit() and int(declared) > self.max_body:
                    raise BodyTooLarge
                body = await self._read(receive)
            except BodyTooLarge:
                await _too_large(send_with_headers, self.max_body)
                return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    async def _read(self, receive: Receive) -> bytes:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def check_token(request: Request, expected: str | None) -> None:
    """401 unless the request carries `Authorization: Bearer <expected>`.

    A server started without a token accepts no writes at all (403), so forgetting
    `--token` never leaves the write endpoint open.
    """
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    if expected is None:
        raise HTTPException(403, "writes are disabled: the server was started without --token")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "wrong token", {"WWW-Authenticate": "Bearer"})
