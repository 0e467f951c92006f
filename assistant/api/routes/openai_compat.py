"""OpenAI Chat Completions on top of the assistant: ``POST /v1/chat/completions`` and ``GET /v1/models``.

The text is /v1/chat's answer followed by its sources as a numbered list; the whole /v1/chat
response object rides along in the extra top-level field ``policy``. ``system`` messages are
accepted, so any OpenAI client can connect, but they never reach the rules: facts and numbers
come from the documents and the calculators only.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sse_starlette import ServerSentEvent

from assistant import compose
from assistant.api.deps import RuntimeDep, SettingsDep
from assistant.api.routes.chat import answer_events, answer_messages, check_limits
from assistant.api.streaming import sse_event, sse_response
from assistant.intent import language
from assistant.messages import Answer, AnswerEvent, Message
from assistant.references import UnknownReferenceError
from core.errors import PolicyInputError
from core.threads import iterate_in_thread

router = APIRouter(tags=["openai"])
MODEL_ID = "policy-assistant"
_CREATED = 1_700_000_000  # fixed: the model does not change between releases of its data


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str = ""


class ChatCompletionMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """The fields this service reads; the rest of the OpenAI request (temperature …) is accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = MODEL_ID
    messages: list[ChatCompletionMessage] = Field(min_length=1)
    stream: bool = False


class UnknownModelError(UnknownReferenceError):
    code = "model_not_found"


def conversation(body: ChatCompletionRequest) -> list[Message]:
    """The user and assistant turns; system, developer and tool messages are context only."""
    if body.model != MODEL_ID:
        raise UnknownModelError(
            f"未知模型“{body.model[:64]}”，请使用 {MODEL_ID}。", f"Unknown model; use {MODEL_ID}."
        )
    try:
        turns = [
            Message(role=m.role, content=m.text()) for m in body.messages if m.role in ("user", "assistant")
        ]
    except ValidationError:
        raise PolicyInputError("消息过长。", "A message is too long.") from None
    if not turns or turns[-1].role != "user":
        raise PolicyInputError(
            "最后一条消息必须来自用户（role 为 user）。", "The last message must come from the user."
        )
    return turns


def sources_block(answer: Answer, docs: dict[str, Any], lang: str) -> str:
    if not answer.citations:
        return ""
    head = "Sources:" if lang == "en" else "来源："
    lines = [f"{i}. {compose.label(c, docs, lang)}" for i, c in enumerate(answer.citations, 1)]
    return "\n\n" + "\n".join([head, *lines])


def completion(answer: Answer, text: str, completion_id: str) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "policy": answer.model_dump(mode="json"),
    }


@router.post("/v1/chat/completions")
async def chat_completions(body: ChatCompletionRequest, rt: RuntimeDep, settings: SettingsDep) -> Any:
    turns = conversation(body)
    check_limits(turns, settings)
    lang = language(turns[-1].content)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    docs = rt.retriever.docs
    if not body.stream:
        answer = await asyncio.to_thread(answer_messages, rt, turns)
        return completion(answer, answer.answer + sources_block(answer, docs, lang), completion_id)
    events = await asyncio.to_thread(answer_events, rt, turns)  # typed errors: 4xx, not a stream
    return sse_response(_chunks(events, completion_id, docs, lang))


def _chunk(
    completion_id: str, delta: dict[str, Any], finish: str | None = None, **extra: Any
) -> ServerSentEvent:
    return sse_event(
        {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
    )


async def _chunks(
    events: Iterator[AnswerEvent], completion_id: str, docs: dict[str, Any], lang: str
) -> AsyncIterator[ServerSentEvent]:
    """Role first, then the text as it comes, the sources, a final chunk carrying ``policy``, [DONE].

    A chunk stream cannot take text back: a withdrawn draft is followed by a visible correction.
    """
    yield _chunk(completion_id, {"role": "assistant", "content": ""})
    async for event in iterate_in_thread(events):
        if event.kind == "delta" and event.text:
            yield _chunk(completion_id, {"content": event.text})
        elif event.kind == "reset":
            note = (
                "\n\n(The text above is withdrawn; corrected:)\n\n"
                if lang == "en"
                else "\n\n（以上内容作废，更正如下）\n\n"
            )
            yield _chunk(completion_id, {"content": note})
        elif event.answer is not None:
            if sources := sources_block(event.answer, docs, lang):
                yield _chunk(completion_id, {"content": sources})
            yield _chunk(completion_id, {}, "stop", policy=event.answer.model_dump(mode="json"))
    yield sse_event("[DONE]")


@router.get("/v1/models")
def models() -> dict[str, Any]:
    return {"object": "list", "data": [_model()]}


@router.get("/v1/models/{model_id}")
def model(model_id: str) -> dict[str, Any]:
    if model_id != MODEL_ID:
        raise UnknownModelError(f"未知模型“{model_id[:64]}”。", f"Unknown model '{model_id[:64]}'.")
    return _model()


def _model() -> dict[str, Any]:
    return {"id": MODEL_ID, "object": "model", "created": _CREATED, "owned_by": "policy-assistant"}
