"""``GET /v1/documents`` and one article or item verbatim."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from assistant.api.deps import RuntimeDep
from assistant.references import UnknownReferenceError

router = APIRouter(tags=["documents"])


@router.get("/v1/documents")
def documents(rt: RuntimeDep) -> list[dict[str, Any]]:
    out = []
    for doc in rt.retriever.docs.values():
        units = [
            {"article": p.article, "item": p.item, "section": p.section, "kind": p.kind} for p in doc.passages
        ]
        out.append({**doc.meta, "units": units})
    return out


@router.get("/v1/documents/{doc_id}/articles/{n}")
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
