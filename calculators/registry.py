"""The calculators offered to users, the API, the CLI and the LLM: name, description, parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from calculators.awards import fixed_award_lookup
from calculators.equity import equity_investment_reward
from calculators.rate_calculators import (
    achievement_income_share,
    first_application_uplift,
    listing_subsidy_uplift,
    rate_subsidy,
    rd_super_deduction,
    tech_transfer_subsidy,
)
from calculators.results import CalculationResult
from calculators.rules import FIXED_AWARDS, RATE_RULES, SHARE_RULES
from core.errors import PolicyInputError


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str  # amount | text | choice | bool | int
    required: bool = True
    choices: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True)
class CalculatorSpec:
    name: str
    title: str
    description: str
    func: Callable[..., CalculationResult]
    params: tuple[Param, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [
                {
                    "name": p.name,
                    "label": p.label,
                    "kind": p.kind,
                    "required": p.required,
                    "choices": list(p.choices),
                    "default": p.default,
                }
                for p in self.params
            ],
        }


class UnknownCalculatorError(PolicyInputError):
    code = "unknown_calculator"


CALCULATORS: dict[str, CalculatorSpec] = {
    spec.name: spec
    for spec in (
        CalculatorSpec(
            "equity_investment_reward",
            "股权投资奖励（第四十七条）",
            "股权投资企业投资大连科技创新企业，按单笔投资额分段累进给予管理机构奖励：500万以内4%，500万–1000万2%，"
            "1000万–3000万1.5%，3000万以上1%；单笔不超过100万，累计不超过1000万。",
            equity_investment_reward,
            (
                Param("amount_yuan", "单笔投资额", "amount"),
                Param("prior_rewards_yuan", "已获该条奖励累计金额", "amount", False, default="0"),
            ),
        ),
        CalculatorSpec(
            "tech_transfer_subsidy",
            "技术合同补助（第二十三条/第五十条）",
            "高校院所与企业的技术开发、转让、专利许可合同：企业10%（每项最高100万），在连高校院所5%（每项最高30万）。",
            tech_transfer_subsidy,
            (
                Param("contract_amount_yuan", "技术合同实际交易额", "amount"),
                Param("military_civil", "军民科研成果转化（第五十条）", "bool", False, default=False),
            ),
        ),
        CalculatorSpec(
            "rate_subsidy",
            "按比例补助（含上限）",
            "按条款比例与上限计算的补助、补偿、奖励："
            + "；".join(f"{r.id}={r.title}（第{r.article}条）" for r in RATE_RULES),
            rate_subsidy,
            (
                Param("rule_id", "条款", "choice", choices=tuple(r.id for r in RATE_RULES)),
                Param("base_yuan", "计算基数金额", "amount"),
                Param("prior_received_yuan", "已获同一上限下的金额", "amount", False, default="0"),
            ),
        ),
        CalculatorSpec(
            "fixed_award_lookup",
            "定额奖励查询",
            "一次性定额补助/奖励（国家级孵化器、高新技术企业认定、工业设计中心、上市挂牌等）。",
            fixed_award_lookup,
            (Param("award", "奖励类型", "choice", choices=tuple(a.id for a in FIXED_AWARDS)),),
        ),
        CalculatorSpec(
            "listing_subsidy_uplift",
            "军民融合企业上市补贴上浮（第五十四条）",
            "军民融合企业境内外上市，在第四十二至四十五条补贴基础上再上浮10%。",
            listing_subsidy_uplift,
            (
                Param(
                    "listing",
                    "上市方式",
                    "choice",
                    False,
                    choices=("domestic_ipo", "backdoor_listing", "overseas_listing", "neeq_listing"),
                    default="domestic_ipo",
                ),
                Param("base_subsidy_yuan", "实际获得的基础补贴（默认按条款额度）", "amount", False),
            ),
        ),
        CalculatorSpec(
            "first_application_uplift",
            "军地首次应用补助比例上浮（第五十一条）",
            "军地双方产品、技术或服务首次应用于对方，按现行首台套奖励比例再上浮10%。",
            first_application_uplift,
            (Param("current_ratio_percent", "现行首台套奖励比例（%）", "text"),),
        ),
        CalculatorSpec(
            "rd_super_deduction",
            "研发费用加计扣除（意见第16项）",
            "科技型中小企业研发费用：费用化部分再按75%加计扣除；形成无形资产的按成本175%摊销（2017–2019年）。",
            rd_super_deduction,
            (
                Param("expensed_rd_yuan", "费用化研发费用", "amount", False, default="0"),
                Param("intangible_cost_yuan", "形成无形资产的成本", "amount", False, default="0"),
                Param("year", "年度", "int", False),
            ),
        ),
        CalculatorSpec(
            "achievement_income_share",
            "科技成果收益分配给个人的最低比例（意见第6、9项）",
            "；".join(f"{r.id}={r.title}（不低于{int(r.min_share * 100)}%）" for r in SHARE_RULES),
            achievement_income_share,
            (
                Param("income_yuan", "收益或净收入金额", "amount"),
                Param(
                    "rule_id",
                    "分配规则",
                    "choice",
                    False,
                    tuple(r.id for r in SHARE_RULES),
                    default="licensing_income_share",
                ),
            ),
        ),
    )
}


def get_calculator(name: str) -> CalculatorSpec:
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownCalculatorError(
            f"没有名为“{name}”的计算器。可选：{', '.join(CALCULATORS)}",
            f"No calculator named '{name}'. Available: {', '.join(CALCULATORS)}",
        ) from None


def run_calculator(name: str, arguments: dict[str, Any], **kwargs: Any) -> CalculationResult:
    """Call a calculator with user-supplied arguments, rejecting unknown or missing ones clearly."""
    spec = get_calculator(name)
    known = {p.name: p for p in spec.params}
    unknown = set(arguments) - set(known)
    if unknown:
        raise PolicyInputError(
            f"计算器“{name}”不接受参数：{', '.join(sorted(unknown))}",
            f"Calculator '{name}' does not take: {', '.join(sorted(unknown))}",
        )
    call: dict[str, Any] = {}
    for p in spec.params:
        value = arguments.get(p.name)
        if value is None or value == "":
            if p.required:
                raise PolicyInputError(
                    f"请提供“{p.label}”（{p.name}）。", f"Missing required argument '{p.name}'."
                )
            continue
        if p.kind == "int":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise PolicyInputError(f"“{p.label}”须为整数。", f"'{p.name}' must be an integer.") from None
        if p.kind == "bool" and isinstance(value, str):
            value = value.lower() in {"1", "true", "yes", "是"}
        if p.kind == "choice" and p.choices and value not in p.choices and name != "fixed_award_lookup":
            raise PolicyInputError(
                f"“{p.label}”须为以下之一：{', '.join(p.choices)}",
                f"'{p.name}' must be one of: {', '.join(p.choices)}",
            )
        call[p.name] = value
    return spec.func(**call, **kwargs)
