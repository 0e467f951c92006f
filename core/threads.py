"""Iterating a blocking iterator (the answerer's events) from async code without blocking the event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
_END = object()


async def iterate_in_thread(items: Iterator[T]) -> AsyncIterator[T]:
    """Drive ``items`` in one dedicated thread (the LLM client is blocking) and hand each item over.

    One thread for the whole iteration, not one per item, so libraries that keep per-thread or
    context state across a generator's steps (langgraph does) see a single thread. If the consumer
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
