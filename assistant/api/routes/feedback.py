"""``POST /v1/feedback``: a rating of one answer, stored for review."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.deps import FeedbackDep

router = APIRouter(tags=["feedback"])


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=20_000)
    answer: str = Field(min_length=1, max_length=100_000)
    rating: Literal[-1, 1]
    comment: str = Field(default="", max_length=5_000)
    citations: list[dict[str, Any]] = Field(default_factory=list, max_length=100)


class FeedbackResponse(BaseModel):
    id: int


@router.post("/v1/feedback", response_model=FeedbackResponse, status_code=201)
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
