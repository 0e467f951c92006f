"""``POST /v1/chat``: the conversation so far in, a cited answer out (JSON or server-sent events)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.api.deps import RuntimeDep, SettingsDep
from assistant.config import Settings
from assistant.messages import Answer, Message
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


@router.post("/v1/chat", response_model=Answer)
async def chat(body: ChatRequest, rt: RuntimeDep, settings: SettingsDep) -> Any:
    check_limits(body.messages, settings)
    answer = await asyncio.to_thread(answer_messages, rt, body.messages)
    if not body.stream:
        return answer
    return StreamingResponse(_sse(answer), media_type="text/event-stream")


async def _sse(answer: Answer) -> AsyncIterator[bytes]:
    text = answer.answer
    for i in range(0, len(text), 24):
        yield f"event: delta\ndata: {json.dumps({'text': text[i : i + 24]}, ensure_ascii=False)}\n\n".encode()
        await asyncio.sleep(0)
    yield f"event: done\ndata: {json.dumps(answer.model_dump(), ensure_ascii=False)}\n\n".encode()
