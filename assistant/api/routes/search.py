"""``GET /v1/search``: retrieval hits with their citations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assistant.api.deps import RuntimeDep

router = APIRouter(tags=["search"])


class SearchResponse(BaseModel):
    query: str
    hits: list[dict[str, Any]]


@router.get("/v1/search", response_model=SearchResponse)
def search(
    rt: RuntimeDep,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResponse:
    hits = rt.retriever.search(q, k=k)
    return SearchResponse(query=q, hits=[h.as_dict() for h in hits])
