"""Server-sent events from a blocking iterator (the answerer) without blocking the event loop."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.messages import AnswerEvent

log = logging.getLogger("policy_assistant.api")
T = TypeVar("T")
_END = object()


async def iterate_in_thread(items: Iterator[T]) -> AsyncIterator[T]:
    """Drive ``items`` in one dedicated thread (the LLM client is blocking) and hand each item over.

    One thread for the whole iteration, not one per item, so libraries that keep per-thread or
    context state across a generator's steps (langgraph does) see a single thread. If the client
    goes away, the thread stops at the next item.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for item in items:
                if stop.is_set():
                    break
                loop.call_soon_threadsafe(queue.put_nowait, item)
        except BaseException as exc:
            loop.call_soon_threadsafe(queue.put_nowait, exc)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
            loop.call_soon_threadsafe(queue.put_nowait, _END)

    threading.Thread(target=pump, name="answer-stream", daemon=True).start()
    try:
        while (item := await queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


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
