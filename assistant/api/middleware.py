"""Pure ASGI middleware that guards the whole app (API, MCP and UI alike)."""

from __future__ import annotations

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
