"""Who answers the eval's questions: the assistant in-process or over HTTP, or the naive RAG baseline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Answerer = Callable[[list[dict[str, str]]], dict[str, Any]]


def in_process_answerer(rt: Any) -> Answerer:
    from assistant.llm import answer_with_optional_llm

    def answer(messages: list[dict[str, str]]) -> dict[str, Any]:
        return answer_with_optional_llm(rt, messages).model_dump(mode="json")

    return answer


def http_answerer(base_url: str) -> Answerer:
    import httpx

    client = httpx.Client(base_url=base_url.rstrip("/"), timeout=120)

    def answer(messages: list[dict[str, str]]) -> dict[str, Any]:
        r = client.post("/v1/chat", json={"messages": messages})
        if r.status_code >= 400:
            return {
                "answer": r.json().get("error", ""),
                "citations": [],
                "tool_calls": [],
                "out_of_scope": False,
            }
        return r.json()

    return answer


def baseline_answerer(rt: Any) -> Answerer:
    """The naive RAG answer: top 500-character chunk (dense only) pasted as the answer, no calculator."""
    from evals.retrieval import FixedChunkBaseline

    base = FixedChunkBaseline(rt.retriever.docs, rt.embedder, Path(rt.settings.data_dir))

    def answer(messages: list[dict[str, str]]) -> dict[str, Any]:
        import numpy as np

        q = messages[-1]["content"]
        sims = base.vecs @ base.embedder.embed_query(q)
        j = int(np.argmax(sims))
        doc_id, s, e = base.windows[j]
        text = rt.retriever.docs[doc_id].text[s:e]
        cites = [
            {"doc_id": d, "article": a, "item": i, "section": sec, "quote": text, "start": s, "end": e}
            for d, a, i, sec in base.units(base.windows[j])
        ]
        return {"answer": text, "citations": cites, "tool_calls": [], "out_of_scope": False, "warnings": []}

    return answer
