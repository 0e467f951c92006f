"""The app factory: settings, middleware, error handlers, routers, /mcp and the web UI on one app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.routing import Route

from assistant.api.deps import feedback_dep, runtime_dep
from assistant.api.errors import ErrorBody, install_error_handlers
from assistant.api.mcp import MountedMCP
from assistant.api.middleware import BodySizeLimitMiddleware, RateLimitMiddleware
from assistant.api.routes import (
    admin,
    calculators,
    chat,
    documents,
    feedback,
    health,
    match,
    openai_compat,
    search,
)
from assistant.config import Settings, get_settings
from assistant.feedback import FeedbackStore
from assistant.runtime import Runtime

if TYPE_CHECKING:
    from ui.services import UIServices


def create_app(settings: Settings | None = None, *, with_ui: bool = True) -> FastAPI:
    settings = settings or get_settings()
    # Resolved per call, so dependency_overrides reach the MCP tools as they reach the routes.
    mcp = MountedMCP(lambda: app.dependency_overrides.get(runtime_dep, runtime_dep)())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with mcp.running():
            yield

    app = FastAPI(
        lifespan=lifespan,
        title="policy-assistant",
        version="0.1.0",
        description="Cited answers and deterministic calculators for four 2017 Dalian S&T policy documents.",
        responses={
            400: {"model": ErrorBody},
            404: {"model": ErrorBody},
            413: {"model": ErrorBody},
            422: {"model": ErrorBody},
        },
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    if settings.rate_limit:
        app.add_middleware(RateLimitMiddleware, limit=settings.rate_limit)
    if settings.cors_origins:  # outermost, so refusals carry CORS headers too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.strip() for o in settings.cors_origins.split(",")],
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )
    install_error_handlers(app)
    for module in (health, chat, openai_compat, search, documents, calculators, match, feedback, admin):
        app.include_router(module.router)
    app.router.routes.append(Route("/mcp", mcp, methods=["GET", "POST", "DELETE"], include_in_schema=False))

    if with_ui:
        from ui.app import mount_ui

        mount_ui(app, _ui_services(app, settings))
    return app


def _ui_services(app: FastAPI, settings: Settings) -> UIServices:
    """The UI's collaborators: the same runtime and feedback store as the routes, overrides included."""
    from ui.services import UIServices

    def runtime() -> Runtime:
        return app.dependency_overrides.get(runtime_dep, runtime_dep)()

    def feedback() -> FeedbackStore:
        override = app.dependency_overrides.get(feedback_dep)
        return override() if override else feedback_dep(settings)

    return UIServices.from_runtime(runtime, feedback, as_of=settings.as_of)
