"""The named calculators of the contract and the CLI (``equity_investment_reward``, ``rate_subsidy`` …),
each a thin call of :func:`calculators.kinds.calculate` on catalogue rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators.catalogue import Rule, UnknownRuleError, catalogue
from calculators.kinds import calculate
from calculators.results import CalculationResult, ClauseRef, Step, wan
from core.errors import PolicyInputError


class UnknownAwardError(PolicyInputError):
    code = "unknown_award"


def _renamed(result: CalculationResult, name: str) -> CalculationResult:
    result.calculator = name
    return result


def equity_investment_reward(
    amount_yuan: object, prior_rewards_yuan: object = 0, *, as_of: date | None = None, lang: str = "zh"
) -> CalculationResult:
    """第四十七条 reward for one equity investment; pass rewards already received for the cumulative cap."""
    return calculate(
        "equity_investment_reward",
        {"amount_yuan": amount_yuan, "prior_rewards_yuan": prior_rewards_yuan},
        as_of=as_of,
        lang=lang,
    )


def _rate_rule(rule_id: str) -> Rule:
    rules = {r.id: r for r in catalogue().of_kind("rate_with_cap")}
    if rule_id not in rules:
        raise UnknownRuleError(
            f"没有名为“{rule_id}”的计算规则。可选：{', '.join(rules)}", f"No rule named '{rule_id}'."
        )
    return rules[rule_id]


def rate_subsidy(
    rule_id: str,
    base_yuan: object,
    prior_received_yuan: object = 0,
    *,
    as_of: date | None = None,
    lang: str = "zh",
) -> CalculationResult:
    """Any rate-and-cap rule of the catalogue, e.g. rate_subsidy('intelligent_manufacturing', '2000万')."""
    rule = _rate_rule(rule_id)
    prior = next((i.name for i in rule.inputs if i.prior), None)
    inputs: dict[str, object] = {rule.main_input.name if rule.main_input else "base_yuan": base_yuan}
    if prior:
        inputs[prior] = prior_received_yuan
    result = calculate(rule, inputs, as_of=as_of, lang=lang)
    result.inputs = {"rule_id": rule_id, "base_yuan": result.inputs.get(next(iter(inputs))), **result.inputs}
    return result


def tech_transfer_subsidy(
    contract_amount_yuan: object, *, military_civil: bool = False, as_of: date | None = None, lang: str = "zh"
) -> CalculationResult:
    """第二十三条 (and 第五十条): the enterprise's and the university's parts of one technology contract."""
    enterprise = _rate_rule("tech_transfer_enterprise")
    university = _rate_rule("tech_transfer_university")
    ent = rate_subsidy(enterprise.id, contract_amount_yuan, as_of=as_of, lang=lang)
    uni = rate_subsidy(university.id, contract_amount_yuan, as_of=as_of, lang=lang)
    steps: list[Step] = []
    if military_civil:  # 第五十条 参照第二十三条执行: the rules that apply 第二十三条 by reference
        for ref in catalogue():
            if ref.by_reference == enterprise.id:
                text = (
                    f"{ref.where_en}: applies {enterprise.where_en} by reference"
                    if lang == "en"
                    else f"{ref.where_zh}：参照{enterprise.where_zh}执行"
                )
                steps.append(Step(text, ClauseRef.of(ref.doc_id, ref)))
    who = ("企业：", "高校院所：") if lang == "zh" else ("Enterprise: ", "University/institute: ")
    steps += [
        Step(who[0] + s.text, s.citation) for s in ent.steps if s.citation.article == enterprise.article
    ]
    steps += [
        Step(who[1] + s.text, s.citation) for s in uni.steps if s.citation.article == university.article
    ]
    steps.append(
        Step(
            f"企业补助 {wan(ent.amount_yuan)}，高校院所奖励 {wan(uni.amount_yuan)}"
            if lang == "zh"
            else f"Enterprise {ent.amount_yuan:,.0f} yuan, university/institute {uni.amount_yuan:,.0f} yuan",
            ClauseRef.of(enterprise.doc_id, enterprise),
        )
    )
    steps += [s for s in ent.steps if s.citation.article != enterprise.article]  # validity
    base = ent.inputs["base_yuan"]
    return CalculationResult(
        "tech_transfer_subsidy",
        ent.title if lang == "en" else f"技术合同补助与奖励（{enterprise.where_zh}）",
        ent.amount_yuan,
        {"contract_amount_yuan": base, "military_civil": military_civil},
        steps,
        list(dict.fromkeys([*ent.conditions, *uni.conditions])),
        list(dict.fromkeys([*ent.warnings, *uni.warnings])),
        True,
        {"enterprise_yuan": ent.amount_yuan, "university_yuan": uni.amount_yuan},
    )


def listing_subsidy_uplift(
    base_subsidy_yuan: object = None,
    listing: str = "domestic_ipo",
    *,
    as_of: date | None = None,
    lang: str = "zh",
) -> CalculationResult:
    """第五十四条: military/civil enterprises get the listing subsidy (第四十二至四十五条) plus 10%."""
    rule = catalogue().get("military_civil_listing_uplift")
    if listing not in rule.base_rules:
        raise UnknownRuleError(
            f"上市类型须为 {'、'.join(rule.base_rules)} 之一。",
            f"listing must be one of {', '.join(rule.base_rules)}.",
        )
    return _renamed(
        calculate(rule, {"base_subsidy_yuan": base_subsidy_yuan, "listing": listing}, as_of=as_of, lang=lang),
        "listing_subsidy_uplift",
    )


def first_application_uplift(
    current_ratio_percent: object, *, as_of: date | None = None, lang: str = "zh"
) -> CalculationResult:
    """第五十一条: the current 首台套 reward ratio raised by 10% (the ratio itself is not in these documents)."""
    return calculate(
        "first_application_uplift", {"current_ratio_percent": current_ratio_percent}, as_of=as_of, lang=lang
    )


def rd_super_deduction(
    expensed_rd_yuan: object = 0,
    intangible_cost_yuan: object = 0,
    *,
    year: int | None = None,
    as_of: date | None = None,
    lang: str = "zh",
) -> CalculationResult:
    """意见第16项: extra deduction of expensed R&D and amortisation of capitalised R&D, in its own term."""
    return calculate(
        "rd_super_deduction",
        {"expensed_rd_yuan": expensed_rd_yuan, "intangible_cost_yuan": intangible_cost_yuan, "year": year},
        as_of=as_of,
        lang=lang,
    )


def achievement_income_share(
    income_yuan: object,
    rule_id: str = "licensing_income_share",
    *,
    as_of: date | None = None,
    lang: str = "zh",
) -> CalculationResult:
    """意见第6、9项: the minimum part of transfer/licensing income or profit that goes to individuals."""
    shares = {r.id: r for r in catalogue().of_kind("share")}
    if rule_id not in shares:
        raise UnknownRuleError(f"可选：{', '.join(shares)}", f"Choose one of {', '.join(shares)}")
    rule = shares[rule_id]
    main = rule.main_input
    result = calculate(rule, {main.name if main else "income_yuan": income_yuan}, as_of=as_of, lang=lang)
    result.calculator = "achievement_income_share"
    result.inputs = {
        "income_yuan": result.inputs.get(main.name if main else "income_yuan"),
        "rule_id": rule_id,
    }
    return result


def match_awards(text: str) -> list[Rule]:
    """Fixed awards whose aliases occur in ``text``, the most specific (longest alias) first."""
    text = text.replace(" ", "").lower()
    scored: list[tuple[int, int, Rule]] = []
    for idx, rule in enumerate(catalogue().of_kind("fixed", "per_unit_annual_cap")):
        hits = [len(a) for a in rule.aliases if a.replace(" ", "").lower() in text]
        if hits:
            scored.append((-max(hits), idx, rule))
    scored.sort(key=lambda t: (t[0], t[1]))
    best = scored[0][0] if scored else 0
    return [r for score, _, r in scored if score == best]


def fixed_award_lookup(award: str, *, as_of: date | None = None, lang: str = "zh") -> CalculationResult:
    """The fixed award for a kind of recognition, by rule id (national_incubator) or by words (国家级孵化器)."""
    awards = {r.id: r for r in catalogue().of_kind("fixed", "per_unit_annual_cap")}
    found = awards.get(award)
    if found is None:
        matches = match_awards(award)
        if not matches:
            raise UnknownAwardError(
                f"没有找到与“{award}”对应的定额奖励。", f"No fixed award matches '{award}'."
            )
        found = matches[0]
    result = calculate(found, {}, as_of=as_of, lang=lang)
    result.inputs = {"award": found.id}
    result.calculator = "fixed_award_lookup"
    if found.kind == "per_unit_annual_cap":
        result.amount_yuan = Decimal(result.breakdown["per_unit_yuan"])
    return result
