"""The /v1/chat request and response shapes shared by the engine, the LLM mode and the API."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class AnswerEvent:
    """One step of a streamed answer.

    ``delta``: more text to show; ``reset``: discard the text shown so far (the model's draft was
    rejected, e.g. by the provenance guard); ``done``: the final answer, authoritative.
    """

    kind: Literal["delta", "reset", "done"]
    text: str = ""
    answer: Answer | None = None
