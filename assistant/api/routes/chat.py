"""``POST /v1/chat``: the conversation so far in, a cited answer out (JSON or server-sent events)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.deps import RuntimeDep, SettingsDep
from assistant.api.streaming import chat_events, sse_response
from assistant.config import Settings
from assistant.messages import Answer, AnswerEvent, Message
from assistant.runtime import Runtime
from core.errors import PolicyInputError

router = APIRouter(tags=["chat"])


class ChatRequest(BaseModel):
    messages: list[Message] = Field(min_length=1)
    stream: bool = False


def check_limits(messages: list[Any], settings: Settings) -> None:
    """Conversation length and question size, as typed errors in the user's language."""
    if len(messages) > settings.max_messages:
        raise PolicyInputError(
            f"对话过长：最多 {settings.max_messages} 条消息。",
            f"Too many messages: at most {settings.max_messages}.",
        )
    if len(messages[-1].content) > settings.max_message_chars:
        raise PolicyInputError(
            f"问题过长：最多 {settings.max_message_chars} 个字符。",
            f"The question is too long: at most {settings.max_message_chars} characters.",
        )


def answer_messages(rt: Runtime, messages: list[Message]) -> Answer:
    from assistant.llm import answer_with_optional_llm

    return answer_with_optional_llm(rt, messages)


def answer_events(rt: Runtime, messages: list[Message]) -> Iterator[AnswerEvent]:
    from assistant.llm import stream_with_optional_llm

    return stream_with_optional_llm(rt, messages)


@router.post("/v1/chat", response_model=Answer)
async def chat(body: ChatRequest, rt: RuntimeDep, settings: SettingsDep) -> Any:
    """The answer as JSON, or with ``stream: true`` as server-sent events: ``delta`` {"text"} as the
    text is produced (LLM mode: tokens; deterministic mode: the finished answer at once), ``reset``
    when a draft is withdrawn, then ``done`` with this same JSON object."""
    check_limits(body.messages, settings)
    if not body.stream:
        return await asyncio.to_thread(answer_messages, rt, body.messages)
    events = await asyncio.to_thread(answer_events, rt, body.messages)  # typed errors: 4xx, not a stream
    return sse_response(chat_events(events))
