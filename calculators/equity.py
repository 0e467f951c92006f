"""第四十七条: marginal-tier reward for equity investments in Dalian innovation enterprises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.amounts import AmountError, parse_amount
from calculators.results import (
    CalculationResult,
    ClauseRef,
    Step,
    measures_validity_warning,
    percent,
    validity_ref,
    wan,
)
from calculators.rules import EQUITY_INVESTMENT, EQUITY_TIER_CLAUSES, TieredRule

LEAD_CLAUSE = "股权投资企业投资大连科技创新企业的，根据投资额分级对其管理机构给予奖励。"


def _money(value: object, *, allow_zero: bool = False) -> Decimal:
    return parse_amount(value, allow_zero=allow_zero).yuan


def tiered_amount(
    amount_yuan: Decimal, rule: TieredRule = EQUITY_INVESTMENT
) -> list[tuple[int, Decimal, Decimal]]:
    """(tier index, part of the amount in that tier, reward for that part) for each touched tier."""
    parts = []
    for idx, tier in enumerate(rule.tiers):
        if amount_yuan <= tier.lower_yuan:
            break
        top = amount_yuan if tier.upper_yuan is None else min(amount_yuan, tier.upper_yuan)
        part = top - tier.lower_yuan
        parts.append((idx, part, part * tier.rate))
    return parts


def equity_investment_reward(
    amount_yuan: object, prior_rewards_yuan: object = 0, *, as_of: date | None = None
) -> CalculationResult:
    """第四十七条 reward for one equity investment; pass rewards already received for the cumulative cap."""
    rule = EQUITY_INVESTMENT
    amount = _money(amount_yuan)
    prior = _money(prior_rewards_yuan, allow_zero=True)
    if prior > rule.cumulative_cap_yuan:
        raise AmountError(
            "已获奖励金额超过第四十七条累计上限1000万元，请核对。",
            "Rewards already received exceed the 10 million yuan cumulative cap; please check.",
        )
    ref = lambda quote: ClauseRef(rule.doc_id, rule.article, None, quote)  # noqa: E731
    steps: list[Step] = []
    total = Decimal(0)
    for idx, part, reward in tiered_amount(amount, rule):
        tier = rule.tiers[idx]
        steps.append(
            Step(f"{wan(part)} × {percent(tier.rate)} = {wan(reward)}", ref(EQUITY_TIER_CLAUSES[idx]))
        )
        total += reward
    steps.append(Step(f"分段合计 {wan(total)}", ref(LEAD_CLAUSE)))
    warnings: list[str] = []
    capped = total
    if total > rule.single_cap_yuan:
        capped = rule.single_cap_yuan
        steps.append(
            Step(
                f"单笔奖励上限 {wan(rule.single_cap_yuan)}，已封顶：{wan(total)} → {wan(capped)}",
                ref(rule.cap_clause),
            )
        )
        warnings.append(f"已按单笔奖励上限{wan(rule.single_cap_yuan)}封顶。")
    else:
        steps.append(Step(f"单笔上限 {wan(rule.single_cap_yuan)} 未触及", ref(rule.cap_clause)))
    remaining = rule.cumulative_cap_yuan - prior
    if prior > 0 or capped > remaining:
        if capped > remaining:
            steps.append(
                Step(
                    f"累计上限 {wan(rule.cumulative_cap_yuan)}，已获 {wan(prior)}，剩余额度 {wan(remaining)}，"
                    f"本笔按 {wan(remaining)} 计",
                    ref(rule.cap_clause),
                )
            )
            warnings.append(f"已按累计奖励上限{wan(rule.cumulative_cap_yuan)}封顶（已获{wan(prior)}）。")
            capped = remaining
        else:
            steps.append(
                Step(
                    f"累计上限 {wan(rule.cumulative_cap_yuan)}：已获 {wan(prior)}，剩余额度 {wan(remaining)}，未触及",
                    ref(rule.cap_clause),
                )
            )
    if note := measures_validity_warning(as_of):
        warnings.append(note)
        steps.append(Step("有效期：自2018年1月1日起施行，有效期5年", validity_ref()))
    return CalculationResult(
        calculator="equity_investment_reward",
        title=rule.title,
        amount_yuan=capped,
        inputs={"amount_yuan": amount, "prior_rewards_yuan": prior},
        steps=steps,
        conditions=list(rule.conditions),
        warnings=warnings,
        is_maximum=capped < total,
        breakdown={"uncapped_yuan": total},
    )
