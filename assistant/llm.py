"""Answer mode selection: the deterministic composer, or an optional OpenAI-compatible LLM."""

from __future__ import annotations

from typing import Any


def answer_with_optional_llm(rt: Any, messages: list[Any]):
    return rt.assistant.answer(messages, today=rt.settings.today)
