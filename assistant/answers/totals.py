"""A total asked for over several calculated amounts: each party or part, then the sum by a calculator."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answers.headlines import parties
from calculators.catalogue import Catalogue, Rule
from calculators.combine import Part
from calculators.results import CalculationResult, ClauseRef


def parts_of(results: Sequence[CalculationResult], lang: str) -> list[Part]:
    """What the answer computed, as addable parts: each party of a several-party rule, else each result."""
    out: list[Part] = []
    for result in results:
        if result.calculator == "total" or not result.steps:
            continue
        shares = parties(result)
        if len(shares) >= 2:
            for _key, who, who_en, amount, rule in shares:
                label = f"{who}{rule.title_zh}" if lang == "zh" else f"{who_en}: {rule.title_en}"
                out.append(Part(label, amount, _own_clause(result, rule), result.is_maximum))
        else:
            out.append(Part(result.title, result.amount_yuan, result.steps[0].citation, result.is_maximum))
    return out


def _own_clause(result: CalculationResult, rule: Rule) -> ClauseRef:
    """The step of a several-party result that quotes this party's own clause."""
    for step in result.steps:
        if step.citation.quote == rule.clause:
            return step.citation
    return result.steps[0].citation


def rule_titled(label: str, cat: Catalogue) -> Rule | None:
    """The rule a computed result or part is the sum of: its label is the rule's title, with its place after
    it ("…创新平台（第九条）"); of titles one inside another, the longest."""
    return max(
        (r for r in cat for t in (r.title_zh, r.title_en) if label == t or label.startswith(t + "（")),
        key=lambda r: len(r.title_zh),
        default=None,
    )
