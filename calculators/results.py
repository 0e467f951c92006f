"""What every calculator returns: the amount, its cited steps, conditions and warnings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from calculators.amounts import format_wan

MEASURES = "measures-2017-52"
MEASURES_VALID_FROM = date(2018, 1, 1)
MEASURES_VALID_TO = date(2022, 12, 31)  # 第六十六条: from 2018-01-01, valid 5 years
MEASURES_VALIDITY_CLAUSE = "本政策措施自 2018 年 1 月 1 日起施行,有效期 5 年。"


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


def measures_validity_warning(as_of: date | None) -> str | None:
    """The 第六十六条 note: a 5-year term from 2018-01-01, which has ended by ``as_of``."""
    today = as_of or date.today()
    if today > MEASURES_VALID_TO:
        return (
            f"有效期提示：《大连市支持科技创新若干政策措施》（大政发〔2017〕52号）第六十六条规定自2018年1月1日"
            f"起施行，有效期5年（至2022年12月31日）。截至{today.isoformat()}该期限已届满，"
            "以上金额仅按原文测算，现行政策请向市科技局等发布部门确认。"
        )
    if today < MEASURES_VALID_FROM:
        return "有效期提示：第六十六条规定本政策措施自2018年1月1日起施行。"
    return None


def validity_ref() -> ClauseRef:
    return ClauseRef(MEASURES, 66, None, MEASURES_VALIDITY_CLAUSE)


def wan(yuan: Decimal) -> str:
    return format_wan(yuan).removesuffix("元")


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"
