"""Pure ASGI middleware that guards the whole app (API, MCP and UI alike)."""

from __future__ import annotations

import math
import time
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.deps import language_of
from assistant.api.errors import error_response


class BodyTooLargeError(HTTPException):
    """Raised from ``receive`` once more bytes arrived than allowed; handled as a 413."""


def _too_large(limit: int, lang: str) -> BodyTooLargeError:
    return BodyTooLargeError(
        413,
        f"请求过大（上限 {limit} 字节）。"
        if lang == "zh"
        else f"Request body too large (limit {limit} bytes).",
    )


class BodySizeLimitMiddleware:
    """Refuse bodies over ``max_bytes`` with 413, counting the bytes received, so chunked bodies count too.

    A declared Content-Length over the limit is refused before anything is read; otherwise the body
    is counted as it streams in and reading stops at the first byte past the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        lang = language_of(headers.get("accept-language", ""))
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            err = _too_large(self.max_bytes, lang)
            await error_response(413, err.detail)(scope, receive, send)
            return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _too_large(self.max_bytes, lang)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLargeError as exc:  # an inner app that does not handle HTTPException itself
            if started:
                raise
            await error_response(413, exc.detail)(scope, receive, send)


_GRANULARITY_ZH = {"second": "秒", "minute": "分钟", "hour": "小时", "day": "天", "month": "月", "year": "年"}
# The UI's page loads fetch dozens of assets, and its chat queue has its own concurrency limit:
# the per-client limit is for the programmatic surfaces.
RATE_LIMITED_PREFIXES = ("/v1/", "/mcp")


class RateLimitMiddleware:
    """Per-client request limit (``limits``' moving window, in memory) on the API and MCP paths.

    Over the limit: 429 with ``Retry-After`` (seconds until the window frees a slot) and the usual
    ``{"error", "detail"}`` body in the user's language. The client is the peer address uvicorn
    reports, which honours X-Forwarded-For from trusted proxies (``--forwarded-allow-ips``).
    """

    def __init__(self, app: ASGIApp, limit: str) -> None:
        from limits import parse_many
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self.app = app
        self.items = parse_many(limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(RATE_LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        for item in self.items:
            if not self.limiter.hit(item, client):
                await self._refuse(item, client, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _refuse(self, item: Any, client: str, scope: Scope, receive: Receive, send: Send) -> None:
        stats = self.limiter.get_window_stats(item, client)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        unit = item.GRANULARITY.name
        per = f"{item.multiples}{_GRANULARITY_ZH[unit]}" if item.multiples > 1 else _GRANULARITY_ZH[unit]
        per_en = f"{item.multiples} {unit}s" if item.multiples > 1 else unit
        if language_of(headers.get("accept-language", "")) == "zh":
            message = f"请求过于频繁：每个客户端每{per}最多 {item.amount} 次。请 {retry_after} 秒后重试。"
        else:
            message = (
                f"Too many requests: at most {item.amount} per {per_en} per client. Retry in {retry_after} s."
            )
        detail = {"limit": str(item), "retry_after_seconds": retry_after}
        response = error_response(429, message, detail, headers={"Retry-After": str(retry_after)})
        await response(scope, receive, send)
