"""One pure function per rule kind. Every rate, cap, amount and date comes from the catalogue rule;
each step cites the clause it applies and is written in the user's language (zh / en)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from calculators.amounts import AmountError, format_wan, parse_amount
from calculators.calculation import ZERO, Calculation, localised
from calculators.catalogue import Catalogue, Rule, catalogue
from calculators.results import CalculationResult, money, percent, wan
from calculators.validity import zh_date
from core.errors import PolicyInputError


def _amount(inputs: Mapping[str, object], name: str, *, required: bool = True) -> Decimal:
    value = inputs.get(name)
    if value in (None, ""):
        if required:
            raise AmountError(f"缺少金额：{name}", f"Missing amount: {name}")
        return ZERO
    return parse_amount(value, allow_zero=not required).yuan


def _prior(rule: Rule, inputs: Mapping[str, object]) -> Decimal:
    prior = next((i for i in rule.inputs if i.prior), None)
    return _amount(inputs, prior.name, required=False) if prior else ZERO


def _main(rule: Rule, inputs: Mapping[str, object]) -> tuple[str, Decimal]:
    main = rule.main_input
    if main is None:
        raise PolicyInputError(f"规则“{rule.id}”没有可计算的输入。", f"Rule '{rule.id}' takes no input.")
    value = inputs.get(main.name)
    if value in (None, ""):
        raise AmountError(
            f"请提供“{main.role_zh}”。", f"Please give the {main.role_en or main.name}.", detail=main.name
        )
    return main.name, parse_amount(value).yuan


# ----------------------------------------------------------------------------- kinds
def tiered(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    name, amount = _main(rule, inputs)
    prior = _prior(rule, inputs)
    cumulative = rule.cap("cumulative")
    if cumulative is not None and prior > cumulative.amount.at(c.as_of):
        limit = cumulative.amount.at(c.as_of)
        raise AmountError(
            f"已获奖励金额超过{rule.where_zh}累计上限{wan(limit)}，请核对。",
            f"Rewards already received exceed the cumulative cap of {money(limit, 'en')}; please check.",
        )
    brackets = sorted(rule.brackets, key=lambda b: b.threshold.at(c.as_of))
    total = ZERO
    for idx, b in enumerate(brackets):
        low = b.threshold.at(c.as_of)
        if amount <= low:
            break
        high = brackets[idx + 1].threshold.at(c.as_of) if idx + 1 < len(brackets) else None
        part = (amount if high is None else min(amount, high)) - low
        rate = b.rate.at(c.as_of)
        total += part * rate
        c.step(
            f"{wan(part)} × {percent(rate)} = {wan(part * rate)}",
            f"{c.m(part)} × {percent(rate)} = {c.m(part * rate)}",
            b.clause,
        )
    c.step(f"分段合计 {wan(total)}", f"Sum of the tiers: {c.m(total)}")
    capped = c.cap(total, prior)
    prior_name = next((i.name for i in rule.inputs if i.prior), "prior_yuan")
    return c.result(
        capped,
        {name: amount, prior_name: prior},
        maximum=capped < total,
        breakdown={"uncapped_yuan": total},
    )


def rate_with_cap(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.rate is not None
    name, base = _main(rule, inputs)
    prior = _prior(rule, inputs)
    rate = rule.rate.at(c.as_of)
    raw = base * rate
    role = rule.main_input
    label = localised(c.lang, role.role_zh, role.role_en or role.role_zh) if role else ""
    word = localised(c.lang, "最高", "up to ") if rule.rate.maximum else ""
    c.step(
        f"{label} {wan(base)} × {word}{percent(rate)} = {wan(raw)}",
        f"{label} {c.m(base)} × {word}{percent(rate)} = {c.m(raw)}",
    )
    amount = c.cap(raw, prior)
    prior_name = next((i.name for i in rule.inputs if i.prior), "prior_received_yuan")
    return c.result(amount, {name: base, prior_name: prior}, maximum=rule.rate.maximum)


def fixed(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.amount is not None
    low = rule.amount.at(c.as_of)
    high = rule.amount_max.at(c.as_of) if rule.amount_max else None
    title = rule.title(c.lang)
    word = localised(c.lang, "最高", "up to ") if rule.amount.maximum or high is not None else ""
    if high is not None:
        c.step(f"{title}：{wan(low)}至{wan(high)}", f"{title}: {c.m(low)} to {c.m(high)}")
    else:
        c.step(f"{title}：{word}{wan(low)}", f"{title}: {word}{c.m(low)}")
    breakdown = {}
    if rule.duration_years:
        # 每年…连续支持3年 / 年度考评…累计支持2年: the amount is a year's, the term's total is years × it
        years = rule.duration_years
        total = (high or low) * years
        c.step(
            f"支持期限：{years}年，{years}年合计{word}{wan(total)}",
            f"Supported for {years} years: {word}{c.m(total)} over the {years} years",
        )
        breakdown = {"per_year_yuan": high or low, "term_total_yuan": total}
    return c.result(high or low, {}, maximum=rule.amount.maximum or high is not None, breakdown=breakdown)


def per_unit_annual_cap(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.amount is not None
    unit = rule.amount.at(c.as_of)
    count_input = next((i for i in rule.inputs if i.unit == "count"), None)
    raw_count = inputs.get(count_input.name) if count_input else None
    if raw_count in (None, ""):
        count = 1
        c.step(
            f"每{localised(c.lang, '家', '')} {wan(unit)}（未给出家数，按1家计）",
            f"{c.m(unit)} each (no count given: 1)",
        )
    else:
        try:
            count = int(str(raw_count))
        except ValueError:
            raise AmountError("家数须为正整数。", "The count must be a positive whole number.") from None
        if count <= 0:
            raise AmountError("家数须为正整数。", "The count must be a positive whole number.")
        c.step(f"{count} × {wan(unit)} = {wan(unit * count)}", f"{count} × {c.m(unit)} = {c.m(unit * count)}")
    prior = _prior(rule, inputs)
    amount = c.cap(unit * count, prior)
    return c.result(
        amount,
        {(count_input.name if count_input else "count"): count, "prior_received_yuan": prior},
        maximum=amount < unit * count,
        breakdown={"per_unit_yuan": unit, "uncapped_yuan": unit * count},
    )


def share(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.share is not None
    name, income = _main(rule, inputs)
    rate = rule.share.at(c.as_of)
    part = income * rate
    c.step(
        f"{wan(income)} × 不低于{percent(rate)} = 至少 {wan(part)}",
        f"{c.m(income)} × at least {percent(rate)} = at least {c.m(part)}",
    )
    c.warnings.append(
        localised(c.lang, "这是下限（不低于），不是上限。", "This is a floor (at least), not a ceiling.")
    )
    return c.result(part, {name: income}, maximum=False, breakdown={"minimum_share_yuan": part})


def uplift(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.uplift is not None
    rate = rule.uplift.at(c.as_of)
    main = rule.main_input
    if main is not None and main.unit == "percent":
        raw = inputs.get(main.name)
        try:
            ratio = Decimal(str(raw).strip().rstrip("%％"))
        except Exception as exc:
            raise AmountError(
                f"请提供{main.role_zh}，例如“10%”。", f"Give the {main.role_en}, e.g. 10%."
            ) from exc
        if not ratio.is_finite() or ratio <= 0 or ratio > 100:
            raise AmountError("比例须在0%到100%之间。", "The ratio must be between 0% and 100%.")
        raised = ratio * (1 + rate)
        c.step(
            f"{main.role_zh} {ratio.normalize():f}% × (1 + {percent(rate)}) = {raised.normalize():f}%",
            f"{main.role_en} {ratio.normalize():f}% × (1 + {percent(rate)}) = {raised.normalize():f}%",
        )
        for note in rule.notes_zh if c.lang == "zh" else rule.notes_en:
            c.warnings.append(note)
        return c.result(
            ZERO, {main.name: str(ratio)}, maximum=True, breakdown={"raised_ratio_percent": raised}
        )
    # Raise another rule's amount: the base is that rule's figure unless the user says what they got.
    choice = next((i for i in rule.inputs if i.unit == "choice"), None)
    picked = str(inputs.get(choice.name) or "") if choice else ""
    if not picked:
        picked = rule.base_rules[0]
    if picked not in rule.base_rules:
        raise PolicyInputError(
            f"{choice.role_zh if choice else '基础规则'}须为以下之一：{', '.join(rule.base_rules)}",
            f"{choice.role_en if choice else 'base rule'} must be one of: {', '.join(rule.base_rules)}",
        )
    base_rule = c.cat.get(picked)
    assert base_rule.amount is not None
    ceiling = base_rule.amount.at(c.as_of)
    given = next((i for i in rule.inputs if i.unit == "yuan"), None)
    raw_base = inputs.get(given.name) if given else None
    base = ceiling if raw_base in (None, "") else parse_amount(raw_base).yuan
    if base > ceiling:
        raise AmountError(
            f"{base_rule.where_zh}的补贴为{wan(ceiling)}，基础补贴不能超过该额度。",
            f"{base_rule.where_en} gives {money(ceiling, 'en')} at most.",
        )
    extra = base * rate
    c.step(
        f"{base_rule.where_zh}基础补贴 {wan(base)}",
        f"{base_rule.where_en} base subsidy {c.m(base)}",
        rule=base_rule,
    )
    c.step(
        f"上浮 {percent(rate)}：{wan(base)} × {percent(rate)} = {wan(extra)}",
        f"Plus {percent(rate)}: {c.m(base)} × {percent(rate)} = {c.m(extra)}",
    )
    c.step(f"合计 {wan(base + extra)}", f"Total {c.m(base + extra)}")
    return c.result(
        base + extra,
        {(given.name if given else "base_yuan"): base, (choice.name if choice else "base_rule"): picked},
        maximum=base_rule.amount.maximum,
        breakdown={"base_yuan": base, "uplift_yuan": extra},
    )


def deduction(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.deduction is not None
    names = [i.name for i in rule.inputs]
    expensed = _amount(inputs, names[0], required=False) if names else ZERO
    intangible = _amount(inputs, names[1], required=False) if len(names) > 1 else ZERO
    if expensed == 0 and intangible == 0:
        raise AmountError(
            "请提供研发费用金额（费用化部分或形成无形资产的成本）。",
            "Give the R&D expense or the capitalised intangible cost.",
        )
    extra_rate = rule.deduction.extra.at(c.as_of)
    amort_rate = rule.deduction.amortisation.at(c.as_of)
    extra, amort = expensed * extra_rate, intangible * amort_rate
    if expensed:
        c.step(
            f"费用化研发费用 {wan(expensed)} × {percent(extra_rate)} = 加计扣除 {wan(extra)}"
            f"（税前合计扣除 {wan(expensed + extra)}）",
            f"Expensed R&D {c.m(expensed)} × {percent(extra_rate)} = extra deduction {c.m(extra)} "
            f"(total pre-tax deduction {c.m(expensed + extra)})",
        )
    if intangible:
        c.step(
            f"无形资产成本 {wan(intangible)} × {percent(amort_rate)} = 税前摊销总额 {wan(amort)}",
            f"Intangible asset cost {c.m(intangible)} × {percent(amort_rate)} = amortisation {c.m(amort)}",
        )
    year = inputs.get("year")
    start, end = c.cat.valid_from(rule), c.cat.valid_to(rule)
    if year not in (None, "") and start and end and not start.year <= int(str(year)) <= end.year:
        c.warnings.append(
            localised(
                c.lang,
                f"该项适用期间为{zh_date(start)}至{zh_date(end)}，{year}年不在此期间内。",
                f"This applies from {start} to {end}; {year} is outside that period.",
            )
        )
    return c.result(
        extra + amort,
        {names[0]: expensed, names[1]: intangible, "year": year} if len(names) > 1 else {},
        maximum=False,
        breakdown={"extra_deduction_yuan": extra, "amortisation_yuan": amort},
    )


def difference(c: Calculation, inputs: Mapping[str, object]) -> CalculationResult:
    rule = c.rule
    assert rule.target is not None
    target = c.cat.get(rule.target)
    assert target.amount is not None
    total = target.amount.at(c.as_of)
    prior = _prior(rule, inputs)
    if prior > total:
        raise AmountError(
            f"已获补贴超过{target.where_zh}的总额{wan(total)}，请核对。",
            f"The amount already received exceeds {target.where_en}'s {money(total, 'en')}; please check.",
        )
    c.step(
        f"{target.where_zh}{target.title_zh}：总额{'不超过' if target.amount.maximum else ''} {wan(total)}",
        f"{target.where_en} {target.title_en}: {'up to ' if target.amount.maximum else ''}{c.m(total)}",
        rule=target,
    )
    c.step(
        f"差额补贴：{wan(total)} − 已获 {wan(prior)} = {wan(total - prior)}",
        f"Difference: {c.m(total)} − already received {c.m(prior)} = {c.m(total - prior)}",
    )
    prior_name = next((i.name for i in rule.inputs if i.prior), "prior_received_yuan")
    return c.result(total - prior, {prior_name: prior}, maximum=target.amount.maximum)


KINDS: dict[str, Callable[[Calculation, Mapping[str, object]], CalculationResult]] = {
    "tiered": tiered,
    "rate_with_cap": rate_with_cap,
    "fixed": fixed,
    "per_unit_annual_cap": per_unit_annual_cap,
    "share": share,
    "uplift": uplift,
    "deduction": deduction,
    "difference": difference,
}


def calculate(
    rule: Rule | str,
    inputs: Mapping[str, object] | None = None,
    *,
    as_of: date | None = None,
    lang: str = "zh",
    cat: Catalogue | None = None,
) -> CalculationResult:
    """Compute any catalogue rule from its named inputs (the names of ``policy-assistant rules --json``)."""
    cat = cat or catalogue()
    if isinstance(rule, str):
        rule = cat.get(rule)
    known = {i.name for i in rule.inputs} | {"year"}
    unknown = set(inputs or {}) - known
    if unknown:
        raise PolicyInputError(
            f"规则“{rule.title_zh}”不接受参数：{', '.join(sorted(unknown))}；可用：{', '.join(sorted(known))}",
            f"Rule '{rule.id}' does not take: {', '.join(sorted(unknown))}; it takes: {', '.join(sorted(known))}",
        )
    return KINDS[rule.kind](Calculation(rule, cat, as_of, lang), dict(inputs or {}))


__all__ = ["KINDS", "calculate", "format_wan"]
