"""Cited answers about the four Dalian policy documents; ``answer(messages)`` is the Python entry point."""

from __future__ import annotations

from typing import Any


def answer(messages: list[Any]):
    """Answer a conversation (list of {"role", "content"}) with the default runtime; returns an Answer."""
    from assistant.runtime import get_runtime

    return get_runtime().assistant.answer(messages)


__all__ = ["answer"]
