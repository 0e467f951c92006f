"""FastAPI service: /v1 API, /healthz, /docs, and the Gradio UI mounted at /."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.config import Settings, get_settings
from assistant.engine import Answer, Message
from assistant.feedback import FeedbackStore
from assistant.references import UnknownReferenceError
from assistant.retrieval import IndexNotReadyError
from assistant.runtime import Runtime, get_runtime, run_ingest
from calculators.registry import CALCULATORS, UnknownCalculatorError, run_calculator
from core.errors import PolicyInputError

log = logging.getLogger("policy_assistant.api")


# ----------------------------------------------------------------------------- models
class ChatRequest(BaseModel):
    messages: list[Message] = Field(min_length=1)
    stream: bool = False


class SearchResponse(BaseModel):
    query: str
    hits: list[dict[str, Any]]


class CalculatorRequest(BaseModel):
    arguments: dict[str, Any] = Field(default_factory=dict)


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=20_000)
    answer: str = Field(min_length=1, max_length=100_000)
    rating: Literal[-1, 1]
    comment: str = Field(default="", max_length=5_000)
    citations: list[dict[str, Any]] = Field(default_factory=list, max_length=100)


class FeedbackResponse(BaseModel):
    id: int


class ErrorBody(BaseModel):
    error: str
    detail: Any = None


# ----------------------------------------------------------------------------- dependencies
def runtime_dep() -> Runtime:
    return get_runtime(ensure_index=False)


_feedback_lock = threading.Lock()
_feedback: dict[str, FeedbackStore] = {}


def feedback_dep(settings: Annotated[Settings, Depends(get_settings)]) -> FeedbackStore:
    url = settings.feedback_db_url
    with _feedback_lock:
        if url not in _feedback:
            _feedback[url] = FeedbackStore(url)
        return _feedback[url]


RuntimeDep = Annotated[Runtime, Depends(runtime_dep)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
FeedbackDep = Annotated[FeedbackStore, Depends(feedback_dep)]


def _lang_of(request: Request) -> str:
    accept = request.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "zh"


def _status_for(exc: PolicyInputError) -> int:
    if isinstance(exc, UnknownReferenceError | UnknownCalculatorError) and exc.code != "ambiguous_reference":
        return 404
    return 400


# ----------------------------------------------------------------------------- app
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

    @app.exception_handler(PolicyInputError)
    async def _policy_error(request: Request, exc: PolicyInputError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.message(_lang_of(request)), "detail": exc.detail}, status_code=_status_for(exc)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse(
            {
                "error": "请求格式不正确。" if _lang_of(request) == "zh" else "Malformed request.",
                "detail": json.loads(json.dumps(detail, default=str)),
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail), "detail": None}, status_code=exc.status_code)

    @app.exception_handler(IndexNotReadyError)
    async def _not_ready(request: Request, exc: IndexNotReadyError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "detail": None}, status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse({"error": "服务器内部错误，请稍后重试。", "detail": None}, status_code=500)

    @app.get("/healthz")
    def healthz(request: Request) -> JSONResponse:
        try:
            rt = request.app.dependency_overrides.get(runtime_dep, runtime_dep)()
            chunks = len(rt.retriever.chunks)
            rt.store.query(rt.retriever.embedder.embed_query("健康检查"), 1)
        except Exception as exc:  # not ready: index missing, Chroma server unreachable …
            return JSONResponse({"status": "unavailable", "error": str(exc)[:300]}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "chunks": chunks,
                "embedder": rt.embedder.name,
                "llm": bool(rt.settings.llm_enabled),
            }
        )

    @app.post("/v1/chat", response_model=Answer)
    async def chat(body: ChatRequest, rt: RuntimeDep, settings: SettingsDep) -> Any:
        if len(body.messages) > settings.max_messages:
            raise PolicyInputError(
                f"对话过长：最多 {settings.max_messages} 条消息。",
                f"Too many messages: at most {settings.max_messages}.",
            )
        if len(body.messages[-1].content) > settings.max_message_chars:
            raise PolicyInputError(
                f"问题过长：最多 {settings.max_message_chars} 个字符。",
                f"The question is too long: at most {settings.max_message_chars} characters.",
            )
        answer = await asyncio.to_thread(_answer, rt, body.messages)
        if not body.stream:
            return answer
        return StreamingResponse(_sse(answer), media_type="text/event-stream")

    @app.get("/v1/search", response_model=SearchResponse)
    def search(
        rt: RuntimeDep,
        q: Annotated[str, Query(min_length=1, max_length=2000)],
        k: Annotated[int, Query(ge=1, le=50)] = 5,
    ) -> SearchResponse:
        hits = rt.retriever.search(q, k=k)
        return SearchResponse(query=q, hits=[h.as_dict() for h in hits])

    @app.get("/v1/documents")
    def documents(rt: RuntimeDep) -> list[dict[str, Any]]:
        out = []
        for doc in rt.retriever.docs.values():
            units = [
                {"article": p.article, "item": p.item, "section": p.section, "kind": p.kind}
                for p in doc.passages
            ]
            out.append({**doc.meta, "units": units})
        return out

    @app.get("/v1/documents/{doc_id}/articles/{n}")
    def article(doc_id: str, n: int, rt: RuntimeDep) -> dict[str, Any]:
        if doc_id not in rt.retriever.docs:
            raise UnknownReferenceError(
                f"未知文件“{doc_id[:64]}”。可选：{', '.join(rt.retriever.docs)}",
                f"Unknown document. Use one of: {', '.join(rt.retriever.docs)}",
            )
        citation = rt.retriever.lookup.citation(doc_id, n)
        return {
            "citation": citation.model_dump(),
            "text": citation.quote,
            "doc_number": rt.retriever.docs[doc_id].meta.get("doc_number"),
        }

    @app.get("/v1/calculators")
    def calculators() -> list[dict[str, Any]]:
        return [spec.as_dict() for spec in CALCULATORS.values()]

    @app.post("/v1/calculators/{name}")
    def calculate(name: str, body: CalculatorRequest, settings: SettingsDep) -> dict[str, Any]:
        result = run_calculator(name, body.arguments, as_of=settings.as_of())
        return result.as_dict()

    @app.post("/v1/feedback", response_model=FeedbackResponse, status_code=201)
    def feedback(body: FeedbackRequest, store: FeedbackDep) -> FeedbackResponse:
        return FeedbackResponse(
            id=store.add(
                rating=body.rating,
                question=body.question,
                answer=body.answer,
                comment=body.comment,
                citations=body.citations,
            )
        )

    @app.post("/v1/admin/reingest")
    def reingest(
        settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        token = settings.admin_token
        if not token:
            raise StarletteHTTPException(404, "管理接口未启用（未设置 POLICY_ADMIN_TOKEN）。")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise StarletteHTTPException(401, "管理令牌无效。")
        report = run_ingest(settings, progress=False)
        from assistant import runtime as runtime_module

        with runtime_module._lock:
            runtime_module._runtime = None
        return report.as_dict()

    if with_ui:
        from ui.app import mount_ui

        mount_ui(app)
    return app


def _answer(rt: Runtime, messages: list[Message]) -> Answer:
    from assistant.llm import answer_with_optional_llm

    return answer_with_optional_llm(rt, messages)


async def _sse(answer: Answer) -> AsyncIterator[bytes]:
    text = answer.answer
    for i in range(0, len(text), 24):
        yield f"event: delta\ndata: {json.dumps({'text': text[i : i + 24]}, ensure_ascii=False)}\n\n".encode()
        await asyncio.sleep(0)
    yield f"event: done\ndata: {json.dumps(answer.model_dump(), ensure_ascii=False)}\n\n".encode()
