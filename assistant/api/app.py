"""The app factory: settings, middleware, error handlers, routers and the web UI on one app."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.api.errors import ErrorBody, install_error_handlers
from assistant.api.middleware import BodySizeLimitMiddleware, RateLimitMiddleware
from assistant.api.routes import (
    admin,
    calculators,
    chat,
    documents,
    feedback,
    health,
    openai_compat,
    search,
)
from assistant.config import Settings, get_settings


def create_app(settings: Settings | None = None, *, with_ui: bool = True) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
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
    for module in (health, chat, openai_compat, search, documents, calculators, feedback, admin):
        app.include_router(module.router)

    if with_ui:
        from ui.app import mount_ui

        mount_ui(app)
    return app
