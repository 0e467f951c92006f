"""``/mcp``: the MCP server (streamable HTTP) on the API's port, started and stopped with the app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.types import Receive, Scope, Send

from assistant.api.errors import error_response
from assistant.runtime import Runtime


class MountedMCP:
    """The ASGI endpoint at /mcp, forwarding to the session manager of the running app.

    A session manager runs once; each app start (each lifespan) builds a fresh server, so an app
    can be started again (as tests do) without sharing one between runs.
    """

    def __init__(self, runtime: Callable[[], Runtime]) -> None:
        self.runtime = runtime
        self._handle: Callable[[Scope, Receive, Send], Any] | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        from assistant.mcp_server import build_mcp_server

        server = build_mcp_server(self.runtime)
        # Stateless: any worker or replica can answer any request. The SDK's Host/Origin check is
        # for servers on a developer's machine; this one serves public text on the API's own
        # address and policy (CORS closed by default, same body and rate limits).
        server.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, host="0.0.0.0")
        async with server.session_manager.run():
            self._handle = server.session_manager.handle_request
            try:
                yield
            finally:
                self._handle = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._handle is None:
            await error_response(503, "MCP 服务尚未启动。")(scope, receive, send)
            return
        await self._handle(scope, receive, send)
