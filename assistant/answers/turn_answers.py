"""What the answers over a whole message or conversation rely on from the Assistant: answering one turn,
joining answers, and leading with their total."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.messages import Answer
from assistant.retrieval import Retriever
from assistant.tools import ToolBox


class TurnAnswers:
    """Base of the mixins that answer a turn by answering its parts or earlier turns one by one."""

    retriever: Retriever

    if TYPE_CHECKING:  # provided by the Assistant and the answers it mixes in

        def _answer(
            self,
            text: str,
            previous: list[str],
            tools: ToolBox,
            history: Sequence[tuple[str, str]] | None = None,
        ) -> Answer: ...

        def _joined(self, answers: list[Answer], lang: str) -> Answer: ...

        def _with_total(
            self, answer: Answer, text: str, lang: str, tools: ToolBox, first: int, *, asked: bool = False
        ) -> Answer: ...
