"""One calculation in progress: the rule, the date and language, the cited steps and warnings so far."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.catalogue import Catalogue, Rule
from calculators.results import CalculationResult, ClauseRef, Step, money, wan
from calculators.validity import validity_note, validity_ref, zh_date

ZERO = Decimal(0)


def localised(lang: str, zh: str, en: str) -> str:
    """The wording for ``lang``: English for "en", Chinese otherwise."""
    return en if lang == "en" else zh


class Calculation:
    """The state of one calculation: the rule, its inputs, the steps so far."""

    def __init__(self, rule: Rule, cat: Catalogue, as_of: date | None, lang: str) -> None:
        self.rule, self.cat, self.as_of, self.lang = rule, cat, as_of, lang
        self.steps: list[Step] = []
        self.warnings: list[str] = []

    def ref(self, quote: str | None = None, rule: Rule | None = None) -> ClauseRef:
        r = rule or self.rule
        return ClauseRef(r.doc_id, r.article, r.item, quote or r.clause)

    def step(self, zh: str, en: str, quote: str | None = None, rule: Rule | None = None) -> None:
        self.steps.append(Step(localised(self.lang, zh, en), self.ref(quote, rule)))

    def m(self, yuan: Decimal) -> str:
        return money(yuan, self.lang)

    def cap(self, raw: Decimal, prior: Decimal) -> Decimal:
        """Apply the rule's caps (single, annual or cumulative) in the order the data gives them."""
        amount = raw
        for cap in self.rule.caps:
            limit = cap.amount.at(self.as_of)
            scope = localised(self.lang, cap.scope_zh or cap.scope, cap.scope_en or cap.scope)
            room = limit if cap.scope == "single" else max(limit - prior, ZERO)
            if cap.scope != "single" and prior:
                self.step(
                    f"上限 {self.m(limit)}（{scope}），已获 {self.m(prior)}，剩余 {self.m(room)}",
                    f"Cap {self.m(limit)} ({scope}); already received {self.m(prior)}, {self.m(room)} left",
                    cap.clause,
                )
            if amount > room:
                self.step(
                    f"超过上限，按 {self.m(room)} 计",
                    f"Above the cap: {self.m(room)}",
                    cap.clause,
                )
                self.warnings.append(
                    localised(
                        self.lang,
                        f"{self.rule.title_zh}已按上限{wan(limit)}（{scope}）封顶。",
                        f"Capped at {self.m(limit)} ({scope}).",
                    )
                )
                amount = room
            elif not (cap.scope != "single" and prior):
                self.step(
                    f"上限 {self.m(limit)}（{scope}）未触及",
                    f"Cap {self.m(limit)} ({scope}) not reached",
                    cap.clause,
                )
        return amount

    def result(
        self,
        amount: Decimal,
        inputs: dict[str, object],
        *,
        maximum: bool,
        breakdown: dict[str, Decimal] | None = None,
        calculator: str | None = None,
    ) -> CalculationResult:
        rule = self.rule
        note = validity_note(rule, self.as_of, self.lang, self.cat)
        if note:
            self.warnings.append(note)
            ref = validity_ref(rule, self.cat)
            if ref is not None:
                start, end = self.cat.valid_from(rule), self.cat.valid_to(rule)
                self.steps.append(
                    Step(
                        localised(
                            self.lang,
                            f"有效期：{zh_date(start)}至{zh_date(end)}",
                            f"In force {start} to {end}",
                        ),
                        ref,
                    )
                )
        title = (
            f"{rule.title(self.lang)}（{rule.where_zh}）"
            if self.lang == "zh"
            else (f"{rule.title(self.lang)} ({rule.where_en})")
        )
        return CalculationResult(
            calculator or rule.id,
            title,
            amount,
            inputs,
            self.steps,
            list(rule.conditions(self.lang)),
            self.warnings,
            maximum,
            breakdown or {},
        )
