"""What the UI needs from the rest of the system, handed in by whoever mounts it (no globals, no API import)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.feedback import FeedbackStore
    from assistant.messages import AnswerEvent
    from assistant.retrieval import Retriever
    from assistant.runtime import Runtime
    from calculators.catalogue import Catalogue
    from calculators.match_report import MatchReport
    from calculators.registry import CalculatorSpec
    from calculators.results import CalculationResult


@dataclass(frozen=True)
class UIServices:
    """The answerer, the corpus (search, documents, articles), the feedback store, the calculators and the
    policy matcher over the rules catalogue.

    ``answer_events`` streams an answer: ``delta`` text as it is produced (LLM mode: the model's tokens;
    deterministic mode: the finished answer at once), ``reset`` when a draft is withdrawn, then ``done``
    with the answer; typed errors raise from the call itself, before any event. ``retriever`` and
    ``feedback`` are providers, called per request: the runtime is built lazily and replaced after a
    re-ingest, and tests swap in fakes.
    """

    answer_events: Callable[[list[dict[str, str]]], Iterator[AnswerEvent]]
    retriever: Callable[[], Retriever]
    feedback: Callable[[], FeedbackStore]
    calculators: Mapping[str, CalculatorSpec]
    calculate: Callable[[str, dict[str, Any]], CalculationResult]
    catalogue: Catalogue
    match: Callable[[Mapping[str, Any], str], MatchReport]  # (profile, lang) -> report, as POST /v1/match

    @classmethod
    def from_runtime(
        cls,
        runtime: Callable[[], Runtime],
        feedback: Callable[[], FeedbackStore],
        as_of: Callable[[], date] | None = None,
    ) -> UIServices:
        """Wire the UI to a runtime provider: the deterministic engine, or the LLM when configured."""
        from assistant.llm import stream_with_optional_llm
        from calculators.catalogue import catalogue
        from calculators.matching import match_policies
        from calculators.registry import CALCULATORS, run_calculator

        def answer_events(messages: list[dict[str, str]]) -> Iterator[AnswerEvent]:
            return stream_with_optional_llm(runtime(), messages)

        def today() -> date:
            return as_of() if as_of else runtime().settings.as_of()

        def calculate(name: str, arguments: dict[str, Any]) -> CalculationResult:
            return run_calculator(name, arguments, as_of=today())

        cat = catalogue()

        def match(profile: Mapping[str, Any], lang: str) -> MatchReport:
            return match_policies(profile, as_of=today(), lang=lang, cat=cat)

        return cls(
            answer_events=answer_events,
            retriever=lambda: runtime().retriever,
            feedback=feedback,
            calculators=CALCULATORS,
            calculate=calculate,
            catalogue=cat,
            match=match,
        )
