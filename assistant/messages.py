"""The /v1/chat request and response shapes shared by the engine, the LLM mode and the API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.citations import Citation
from assistant.tools import ToolCall
from core.errors import PolicyInputError


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=100_000)


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    out_of_scope: bool = False
    warnings: list[str] = Field(default_factory=list)


class EmptyQuestionError(PolicyInputError):
    code = "empty_question"
