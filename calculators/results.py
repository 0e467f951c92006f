"""What every calculator returns: the amount, its cited steps, conditions and warnings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from calculators.amounts import format_wan


class Clause(Protocol):
    """Anything the catalogue locates by article or item and quotes verbatim."""

    @property
    def article(self) -> int | None: ...
    @property
    def item(self) -> int | None: ...
    @property
    def clause(self) -> str: ...


@dataclass(frozen=True)
class ClauseRef:
    """The verbatim clause a step relies on, in the contract's citation shape.

    ``section``, ``start`` and ``end`` come from ``clause_offsets.json`` (data generated from the
    corpus and checked against it by a test), so the calculators stay free of corpus I/O.
    """

    doc_id: str
    article: int | None
    item: int | None
    quote: str

    @classmethod
    def of(cls, doc_id: str, source: Clause) -> ClauseRef:
        """The reference to ``source``'s whole clause in document ``doc_id``."""
        return cls(doc_id, source.article, source.item, source.clause)

    @property
    def key(self) -> str:
        return clause_key(self.doc_id, self.article, self.item, self.quote)

    @property
    def located(self) -> dict[str, Any]:
        return _offsets().get(self.key, {})

    @property
    def section(self) -> str:
        return str(self.located.get("section", ""))

    @property
    def start(self) -> int | None:
        return self.located.get("start")

    @property
    def end(self) -> int | None:
        return self.located.get("end")

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "article": self.article,
            "item": self.item,
            "section": self.section,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


OFFSETS_FILE = "clause_offsets.json"


def clause_key(doc_id: str, article: int | None, item: int | None, quote: str) -> str:
    return f"{doc_id}|{article}|{item}|{quote}"


@lru_cache(maxsize=1)
def _offsets() -> dict[str, dict[str, Any]]:
    text = resources.files("calculators").joinpath(OFFSETS_FILE).read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)
    return data


@dataclass(frozen=True)
class Step:
    text: str
    citation: ClauseRef

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": self.citation.as_dict()}


@dataclass
class CalculationResult:
    calculator: str
    title: str
    amount_yuan: Decimal
    inputs: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    is_maximum: bool = True
    breakdown: dict[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.amount_yuan = cents(self.amount_yuan)
        self.breakdown = {k: cents(v) if k.endswith("_yuan") else v for k, v in self.breakdown.items()}

    @property
    def reward_yuan(self) -> Decimal:
        return self.amount_yuan

    @property
    def citations(self) -> list[ClauseRef]:
        seen: dict[tuple, ClauseRef] = {}
        for step in self.steps:
            seen.setdefault(
                (step.citation.doc_id, step.citation.article, step.citation.item, step.citation.quote),
                step.citation,
            )
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "calculator": self.calculator,
            "title": self.title,
            "amount_yuan": str(self.amount_yuan),
            "amount_display": format_wan(self.amount_yuan),
            "is_maximum": self.is_maximum,
            "breakdown": {k: str(v) for k, v in self.breakdown.items()},
            "inputs": {k: str(v) if isinstance(v, Decimal) else v for k, v in self.inputs.items()},
            "steps": [s.as_dict() for s in self.steps],
            "conditions": list(self.conditions),
            "warnings": list(self.warnings),
        }


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def wan(yuan: Decimal) -> str:
    return format_wan(yuan).removesuffix("元")


def money(yuan: Decimal, lang: str) -> str:
    """万元 for Chinese, yuan with thousands separators for English."""
    if lang == "en":
        return f"{yuan.quantize(Decimal('1')):,} yuan"
    return wan(yuan)


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"
