"""Totals of several calculated amounts ("两项加起来一共多少"): the sum is a calculation like any other,
so the figure an answer states still comes from a calculator, with each part's clause cited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from calculators.results import CalculationResult, ClauseRef, Step, money


@dataclass(frozen=True)
class Part:
    """One amount to add: what it is, how much, the clause it comes from, and whether it is a ceiling."""

    label: str
    amount_yuan: Decimal
    citation: ClauseRef
    is_maximum: bool = False


def runs(parts: Sequence[Part]) -> list[tuple[Decimal, int]]:
    """Equal amounts in a row, once with their count: 16 items of 60万 are "60万 × 16"."""
    out: list[tuple[Decimal, int]] = []
    for p in parts:
        if out and out[-1][0] == p.amount_yuan:
            out[-1] = (p.amount_yuan, out[-1][1] + 1)
        else:
            out.append((p.amount_yuan, 1))
    return out


def terms_of(parts: Sequence[Part], show: Callable[[Decimal], str]) -> str:
    """The parts of a sum as written out: "60万元 × 16 + 40万元"."""
    return " + ".join(show(v) + (f" × {n}" if n > 1 else "") for v, n in runs(parts))


def total(parts: Sequence[Part], lang: str = "zh") -> CalculationResult:
    """The sum of the parts, one step per part and one for the sum."""
    if len(parts) < 2:
        raise ValueError("a total needs at least two parts")
    amount = sum((p.amount_yuan for p in parts), Decimal(0))
    ceiling = any(p.is_maximum for p in parts)
    steps = [Step(f"{p.label}：{money(p.amount_yuan, lang)}", p.citation) for p in parts]
    terms = terms_of(parts, lambda v: money(v, lang))
    word = ("最高" if lang == "zh" else "up to ") if ceiling else ""
    steps.append(
        Step(
            f"合计：{terms} = {word}{money(amount, lang)}"
            if lang == "zh"
            else f"Total: {terms} = {word}{money(amount, lang)}",
            parts[0].citation,
        )
    )
    return CalculationResult(
        "total",
        "合计" if lang == "zh" else "Total",
        amount,
        {
            "parts": [{"label": p.label, "amount_yuan": str(p.amount_yuan)} for p in parts],
            "runs": [{"amount_yuan": str(v), "count": n} for v, n in runs(parts)],
        },
        steps,
        is_maximum=ceiling,
    )


def difference(larger: Part, smaller: Part, lang: str = "zh") -> CalculationResult:
    """How much one amount exceeds another ("国家级和市级差多少"), the larger first."""
    if larger.amount_yuan < smaller.amount_yuan:
        larger, smaller = smaller, larger
    amount = larger.amount_yuan - smaller.amount_yuan
    steps = [Step(f"{p.label}：{money(p.amount_yuan, lang)}", p.citation) for p in (larger, smaller)]
    a, b, d = money(larger.amount_yuan, lang), money(smaller.amount_yuan, lang), money(amount, lang)
    steps.append(
        Step(f"相差：{a} − {b} = {d}" if lang == "zh" else f"Difference: {a} − {b} = {d}", larger.citation)
    )
    return CalculationResult(
        "difference",
        "相差" if lang == "zh" else "Difference",
        amount,
        {"parts": [{"label": p.label, "amount_yuan": str(p.amount_yuan)} for p in (larger, smaller)]},
        steps,
        is_maximum=False,
    )
