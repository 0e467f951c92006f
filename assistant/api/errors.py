"""Every error leaves the service as ``{"error", "detail"}`` JSON in the user's language, never a bare 500."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.deps import language_of
from assistant.references import UnknownReferenceError
from assistant.retrieval import IndexNotReadyError
from calculators.registry import UnknownCalculatorError
from core.errors import PolicyInputError

log = logging.getLogger("policy_assistant.api")


class ErrorBody(BaseModel):
    error: str
    detail: Any = None


def error_response(
    status: int, error: str, detail: Any = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


def _lang(request: Request) -> str:
    return language_of(request.headers.get("accept-language", ""))


def _status_for(exc: PolicyInputError) -> int:
    if isinstance(exc, UnknownReferenceError | UnknownCalculatorError) and exc.code != "ambiguous_reference":
        return 404
    return 400


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PolicyInputError)
    async def _policy_error(request: Request, exc: PolicyInputError) -> JSONResponse:
        return error_response(_status_for(exc), exc.message(_lang(request)), exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", "")} for e in exc.errors()]
        return error_response(
            422,
            "请求格式不正确。" if _lang(request) == "zh" else "Malformed request.",
            json.loads(json.dumps(detail, default=str)),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(IndexNotReadyError)
    async def _not_ready(request: Request, exc: IndexNotReadyError) -> JSONResponse:
        return error_response(503, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(500, "服务器内部错误，请稍后重试。")
