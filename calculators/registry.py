"""The calculators offered to users, the API, the CLI and the LLM: name, description, parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from calculators.catalogue import Rule, catalogue
from calculators.describe import summary
from calculators.kinds import calculate
from calculators.named import (
    achievement_income_share,
    equity_investment_reward,
    first_application_uplift,
    fixed_award_lookup,
    listing_subsidy_uplift,
    rate_subsidy,
    rd_super_deduction,
    tech_transfer_subsidy,
)
from calculators.results import CalculationResult
from core.errors import PolicyInputError


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str  # amount | text | choice | bool | int | object
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


def _choices(*kinds: str) -> tuple[str, ...]:
    return tuple(r.id for r in catalogue().of_kind(*kinds))


def _specs() -> dict[str, CalculatorSpec]:
    """The named calculators; every title, description and choice list comes from the catalogue."""
    cat = catalogue()
    equity = cat.get("equity_investment_reward")
    ent, uni = cat.get("tech_transfer_enterprise"), cat.get("tech_transfer_university")
    uplift54, uplift51 = cat.get("military_civil_listing_uplift"), cat.get("first_application_uplift")
    deduction = cat.get("rd_super_deduction")
    rates, shares = cat.of_kind("rate_with_cap"), cat.of_kind("share")
    awards = cat.of_kind("fixed", "per_unit_annual_cap")

    def label(rule_id: str, name: str) -> str:
        inp = cat.get(rule_id).input(name)
        return inp.role_zh if inp else name

    specs = (
        CalculatorSpec(
            "equity_investment_reward",
            f"{equity.title_zh}（{equity.where_zh}）",
            f"{equity.clause}{summary(equity)}。",
            equity_investment_reward,
            (
                Param("amount_yuan", label(equity.id, "amount_yuan"), "amount"),
                Param(
                    "prior_rewards_yuan", label(equity.id, "prior_rewards_yuan"), "amount", False, default="0"
                ),
            ),
        ),
        CalculatorSpec(
            "tech_transfer_subsidy",
            f"技术合同补助（{ent.where_zh}）",
            f"企业：{summary(ent)}；高校院所：{summary(uni)}。",
            tech_transfer_subsidy,
            (
                Param("contract_amount_yuan", ent.main_input.role_zh if ent.main_input else "", "amount"),
                Param(
                    "military_civil",
                    "军民科研成果转化（"
                    + "、".join(dict.fromkeys(r.where_zh for r in cat if r.by_reference == ent.id))
                    + "）",
                    "bool",
                    False,
                    default=False,
                ),
            ),
        ),
        CalculatorSpec(
            "rate_subsidy",
            "按比例补助（含上限）",
            "按条款比例与上限计算的补助、补偿、奖励："
            + "；".join(f"{r.id}={r.title_zh}（{r.where_zh}）：{summary(r)}" for r in rates),
            rate_subsidy,
            (
                Param("rule_id", "条款", "choice", choices=tuple(r.id for r in rates)),
                Param("base_yuan", "计算基数金额", "amount"),
                Param("prior_received_yuan", "已获同一上限下的金额", "amount", False, default="0"),
            ),
        ),
        CalculatorSpec(
            "fixed_award_lookup",
            "定额奖励查询",
            "一次性定额补助/奖励：" + "；".join(f"{r.id}={r.title_zh}（{r.where_zh}）" for r in awards),
            fixed_award_lookup,
            (Param("award", "奖励类型", "choice", choices=tuple(r.id for r in awards)),),
        ),
        CalculatorSpec(
            "listing_subsidy_uplift",
            f"{uplift54.title_zh}（{uplift54.where_zh}）",
            f"{summary(uplift54)}。",
            listing_subsidy_uplift,
            (
                Param(
                    "listing",
                    label(uplift54.id, "listing"),
                    "choice",
                    False,
                    choices=uplift54.base_rules,
                    default=uplift54.base_rules[0],
                ),
                Param("base_subsidy_yuan", label(uplift54.id, "base_subsidy_yuan"), "amount", False),
            ),
        ),
        CalculatorSpec(
            "first_application_uplift",
            f"{uplift51.title_zh}（{uplift51.where_zh}）",
            f"{summary(uplift51)}。",
            first_application_uplift,
            (Param("current_ratio_percent", label(uplift51.id, "current_ratio_percent"), "text"),),
        ),
        CalculatorSpec(
            "rd_super_deduction",
            f"{deduction.title_zh}（{deduction.where_zh}）",
            f"{summary(deduction)}。",
            rd_super_deduction,
            (
                Param(
                    "expensed_rd_yuan", label(deduction.id, "expensed_rd_yuan"), "amount", False, default="0"
                ),
                Param(
                    "intangible_cost_yuan",
                    label(deduction.id, "intangible_cost_yuan"),
                    "amount",
                    False,
                    default="0",
                ),
                Param("year", "年度", "int", False),
            ),
        ),
        CalculatorSpec(
            "achievement_income_share",
            "科技成果收益分配给个人的最低比例（"
            + "、".join(dict.fromkeys(r.where_zh for r in shares))
            + "）",
            "；".join(f"{r.id}={r.title_zh}（{summary(r)}）" for r in shares),
            achievement_income_share,
            (
                Param("income_yuan", "收益或净收入金额", "amount"),
                Param(
                    "rule_id",
                    "分配规则",
                    "choice",
                    False,
                    tuple(r.id for r in shares),
                    default="licensing_income_share",
                ),
            ),
        ),
    )
    generic = CalculatorSpec(
        "calculate_rule",
        "按规则计算（任一规则）",
        "按规则目录中任一规则计算（输入名见 policy-assistant rules --json）："
        + "；".join(f"{r.id}={r.title_zh}（{r.where_zh}）" for r in cat),
        _calculate_rule,
        (
            Param("rule_id", "规则", "choice", choices=tuple(r.id for r in cat)),
            Param("inputs", "输入（名称→金额/家数）", "object", False, default={}),
        ),
    )
    return {spec.name: spec for spec in (*specs, generic)}


def _calculate_rule(rule_id: str, inputs: dict[str, Any] | None = None, **kwargs: Any) -> CalculationResult:
    return calculate(rule_id, inputs or {}, **kwargs)


CALCULATORS: dict[str, CalculatorSpec] = _specs()


# Named calculators that compute several catalogue rules in one call (each party of one contract).
TOGETHER = {"tech_transfer_subsidy": ("tech_transfer_enterprise", "tech_transfer_university")}


def call_for(rule: Rule, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The named calculator (and its arguments) that computes ``rule`` from role-bound ``inputs``."""
    prior = next((i.name for i in rule.inputs if i.prior), None)
    main = rule.main_input.name if rule.main_input else None
    for name, ids in TOGETHER.items():
        by_ref = rule.by_reference in ids
        if (rule.id in ids or by_ref) and main in inputs:
            return name, {
                "contract_amount_yuan": inputs[main],
                **({"military_civil": True} if by_ref else {}),
            }
    if rule.kind == "tiered" and rule.id == "equity_investment_reward":
        return rule.id, {k: v for k, v in inputs.items() if k in ("amount_yuan", "prior_rewards_yuan")}
    if rule.kind == "rate_with_cap" and main in inputs and rule.by_reference is None:
        args = {"rule_id": rule.id, "base_yuan": inputs[main]}
        if prior and prior in inputs:
            args["prior_received_yuan"] = inputs[prior]
        return "rate_subsidy", args
    if rule.kind == "fixed":
        return "fixed_award_lookup", {"award": rule.id}
    if rule.kind == "share" and main in inputs:
        return "achievement_income_share", {"income_yuan": inputs[main], "rule_id": rule.id}
    if rule.kind == "deduction":
        return "rd_super_deduction", dict(inputs)
    if rule.kind == "uplift" and rule.base_rules:
        return "listing_subsidy_uplift", dict(inputs)
    if rule.kind == "uplift":
        return "first_application_uplift", dict(inputs)
    return "calculate_rule", {"rule_id": rule.id, "inputs": dict(inputs)}


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
        if p.kind == "object" and isinstance(value, str):
            import json

            try:
                value = json.loads(value)
            except ValueError:
                raise PolicyInputError(
                    f"“{p.label}”须为 JSON 对象。", f"'{p.name}' must be a JSON object."
                ) from None
        if p.kind == "bool" and isinstance(value, str):
            value = value.lower() in {"1", "true", "yes", "是"}
        if p.kind == "choice" and p.choices and value not in p.choices and name != "fixed_award_lookup":
            raise PolicyInputError(
                f"“{p.label}”须为以下之一：{', '.join(p.choices)}",
                f"'{p.name}' must be one of: {', '.join(p.choices)}",
            )
        call[p.name] = value
    return spec.func(**call, **kwargs)
