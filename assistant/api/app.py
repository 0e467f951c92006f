"""The app factory: settings, middleware, error handlers, routers and the web UI on one app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from assistant.api.errors import ErrorBody, install_error_handlers
from assistant.api.routes import admin, calculators, chat, documents, feedback, health, search
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
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.strip() for o in settings.cors_origins.split(",")],
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_request_bytes:
            return JSONResponse(
                {"error": f"请求过大（上限 {settings.max_request_bytes} 字节）。", "detail": None},
                status_code=413,
            )
        return await call_next(request)

    install_error_handlers(app)
    for module in (health, chat, search, documents, calculators, feedback, admin):
        app.include_router(module.router)

    if with_ui:
        from ui.app import mount_ui

        mount_ui(app)
    return app
