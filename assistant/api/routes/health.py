"""``GET /healthz``: ready only when the index is loaded and the vector store answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.api.deps import runtime_dep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    try:
        # resolved by hand: a missing index must give this body, not the generic 503 handler's
        rt = request.app.dependency_overrides.get(runtime_dep, runtime_dep)()
        chunks = len(rt.retriever.chunks)
        rt.store.query(rt.retriever.embedder.embed_query("健康检查"), 1)
    except Exception as exc:  # not ready: index missing, Chroma server unreachable …
        return JSONResponse({"status": "unavailable", "error": str(exc)[:300]}, status_code=503)
    return JSONResponse(
        {"status": "ok", "chunks": chunks, "embedder": rt.embedder.name, "llm": bool(rt.settings.llm_enabled)}
    )
