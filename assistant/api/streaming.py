"""Server-sent events from a blocking iterator (the answerer) without blocking the event loop."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.messages import AnswerEvent
from core.threads import iterate_in_thread

log = logging.getLogger("policy_assistant.api")


def _data(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def sse_event(data: Any, event: str | None = None) -> ServerSentEvent:
    """One event, lines ending in a bare newline as clients of the earlier stream expect."""
    return ServerSentEvent(data if isinstance(data, str) else _data(data), event=event, sep="\n")


async def chat_events(events: Iterator[AnswerEvent]) -> AsyncIterator[ServerSentEvent]:
    """``delta`` {"text"}, ``reset`` {"reason"}, then ``done`` with the /v1/chat response object."""
    try:
        async for event in iterate_in_thread(events):
            if event.kind == "delta":
                yield sse_event({"text": event.text}, "delta")
            elif event.kind == "reset":
                yield sse_event({"reason": event.text}, "reset")
            elif event.answer is not None:
                yield sse_event(event.answer.model_dump(), "done")
    except Exception:
        log.exception("answer stream failed")
        yield sse_event({"error": "服务器内部错误，请稍后重试。", "detail": None}, "error")


def sse_response(content: AsyncIterator[ServerSentEvent]) -> EventSourceResponse:
    return EventSourceResponse(content, sep="\n", ping=15)
