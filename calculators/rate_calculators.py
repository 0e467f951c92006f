"""Rate × base calculators with caps (第四、五、六、八、十一 … 五十三条), plus the uplifts and shares."""

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
from calculators.rules import (
    AMORTISATION_RATE,
    FIXED_AWARDS_BY_ID,
    MILITARY_TRANSFER_CLAUSE,
    OPINIONS,
    RATE_RULES_BY_ID,
    SHARE_RULES_BY_ID,
    SUPER_DEDUCTION_CLAUSE,
    SUPER_DEDUCTION_RATE,
    UPLIFT_51_CLAUSE,
    UPLIFT_54_CLAUSE,
    UPLIFT_RATE,
    RateRule,
)
from core.errors import PolicyInputError
from core.numerals import int_to_chinese


class UnknownRuleError(PolicyInputError):
    code = "unknown_rule"


def _rule(rule_id: str) -> RateRule:
    try:
        return RATE_RULES_BY_ID[rule_id]
    except KeyError:
        raise UnknownRuleError(
            f"没有名为“{rule_id}”的计算规则。可选：{', '.join(RATE_RULES_BY_ID)}",
            f"No rule named '{rule_id}'.",
        ) from None


def _apply(
    rule: RateRule, base: Decimal, prior: Decimal, steps: list[Step], warnings: list[str], label: str = ""
) -> Decimal:
    ref = ClauseRef(rule.doc_id, rule.article, rule.item, rule.clause)
    raw = base * rule.rate
    squashed = rule.clause.replace(" ", "")
    pct = percent(rule.rate)
    word = "最高" if f"最高{pct}" in squashed or f"不超过{pct}" in squashed else ""
    steps.append(Step(f"{label}{rule.base} {wan(base)} × {word}{percent(rule.rate)} = {wan(raw)}", ref))
    amount = raw
    if rule.cap_yuan is not None:
        room = max(rule.cap_yuan - prior, Decimal(0))
        if prior:
            steps.append(
                Step(
                    f"{label}上限 {wan(rule.cap_yuan)}（{rule.cap_scope}），已获 {wan(prior)}，剩余 {wan(room)}",
                    ref,
                )
            )
        if raw > room:
            amount = room
            steps.append(Step(f"{label}超过上限，按 {wan(room)} 计", ref))
            warnings.append(f"{rule.title}已按上限{wan(rule.cap_yuan)}（{rule.cap_scope}）封顶。")
        elif not prior:
            steps.append(Step(f"{label}上限 {wan(rule.cap_yuan)}（{rule.cap_scope}）未触及", ref))
    return amount


def _finish(
    result: CalculationResult, as_of: date | None, doc_id: str = "measures-2017-52"
) -> CalculationResult:
    if doc_id == "measures-2017-52" and (note := measures_validity_warning(as_of)):
        result.warnings.append(note)
        result.steps.append(Step("有效期：自2018年1月1日起施行，有效期5年", validity_ref()))
    return result


def rate_subsidy(
    rule_id: str, base_yuan: object, prior_received_yuan: object = 0, *, as_of: date | None = None
) -> CalculationResult:
    """Any single rate-and-cap rule of the table, e.g. rate_subsidy('intelligent_manufacturing', '2000万')."""
    rule = _rule(rule_id)
    base = parse_amount(base_yuan).yuan
    prior = parse_amount(prior_received_yuan, allow_zero=True).yuan
    steps: list[Step] = []
    warnings: list[str] = []
    amount = _apply(rule, base, prior, steps, warnings)
    result = CalculationResult(
        rule.id,
        f"{rule.title}（第{int_to_chinese(rule.article)}条）" if rule.article else rule.title,
        amount,
        {"rule_id": rule_id, "base_yuan": base, "prior_received_yuan": prior},
        steps,
        list(rule.conditions),
        warnings,
        rule.is_maximum,
    )
    return _finish(result, as_of, rule.doc_id)


def tech_transfer_subsidy(
    contract_amount_yuan: object, *, military_civil: bool = False, as_of: date | None = None
) -> CalculationResult:
    """第二十三条 (and 第五十条): 10% to the enterprise (≤100万) and 5% to the university (≤30万) per contract."""
    base = parse_amount(contract_amount_yuan).yuan
    steps: list[Step] = []
    warnings: list[str] = []
    if military_civil:
        steps.append(
            Step(
                "第五十条：军民科研成果双向转化参照第二十三条执行",
                ClauseRef("measures-2017-52", 50, None, MILITARY_TRANSFER_CLAUSE),
            )
        )
    ent = _apply(_rule("tech_transfer_enterprise"), base, Decimal(0), steps, warnings, "企业：")
    uni = _apply(_rule("tech_transfer_university"), base, Decimal(0), steps, warnings, "高校院所：")
    steps.append(
        Step(
            f"企业补助 {wan(ent)}，高校院所奖励 {wan(uni)}",
            ClauseRef("measures-2017-52", 23, None, _rule("tech_transfer_enterprise").clause),
        )
    )
    result = CalculationResult(
        "tech_transfer_subsidy",
        "技术合同补助与奖励（第二十三条）",
        ent,
        {"contract_amount_yuan": base, "military_civil": military_civil},
        steps,
        [
            "高校院所与企业开展技术开发、技术转让或专利技术实施许可，按技术合同实际发生技术交易额计算",
            "高校院所奖励主要用于奖励科技成果转化工作部门和有突出贡献的人员",
        ],
        warnings,
        True,
        {"enterprise_yuan": ent, "university_yuan": uni},
    )
    return _finish(result, as_of)


def listing_subsidy_uplift(
    base_subsidy_yuan: object = None, listing: str = "domestic_ipo", *, as_of: date | None = None
) -> CalculationResult:
    """第五十四条: military/civil enterprises get the 第四十二至四十五条 listing subsidy plus 10%."""
    award = FIXED_AWARDS_BY_ID.get(listing)
    if award is None or award.article not in (42, 43, 44, 45):
        raise UnknownRuleError(
            "上市类型须为 domestic_ipo、backdoor_listing、overseas_listing 或 neeq_listing。",
            "listing must be domestic_ipo, backdoor_listing, overseas_listing or neeq_listing.",
        )
    base = award.amount_yuan if base_subsidy_yuan in (None, "") else parse_amount(base_subsidy_yuan).yuan
    if base > award.amount_yuan:
        raise AmountError(
            f"第{award.article}条的补贴为{wan(award.amount_yuan)}，基础补贴不能超过该额度。",
            f"Article {award.article} gives {award.amount_yuan} yuan at most.",
        )
    extra = base * UPLIFT_RATE
    steps = [
        Step(
            f"第{award.article}条基础补贴 {wan(base)}",
            ClauseRef("measures-2017-52", award.article, None, award.clause),
        ),
        Step(
            f"上浮 {percent(UPLIFT_RATE)}：{wan(base)} × {percent(UPLIFT_RATE)} = {wan(extra)}",
            ClauseRef("measures-2017-52", 54, None, UPLIFT_54_CLAUSE),
        ),
        Step(f"合计 {wan(base + extra)}", ClauseRef("measures-2017-52", 54, None, UPLIFT_54_CLAUSE)),
    ]
    result = CalculationResult(
        "listing_subsidy_uplift",
        "军民融合企业上市补贴上浮（第五十四条）",
        base + extra,
        {"base_subsidy_yuan": base, "listing": listing},
        steps,
        ["企业须为境内外上市的军民融合企业", f"基础补贴依据第{award.article}条：{award.title}"],
        [],
        award.is_maximum,
        {"base_yuan": base, "uplift_yuan": extra},
    )
    return _finish(result, as_of)


def first_application_uplift(
    current_ratio_percent: object, *, as_of: date | None = None
) -> CalculationResult:
    """第五十一条: the current 首台套 reward ratio raised by 10% (the ratio itself is not in these documents)."""
    try:
        ratio = Decimal(str(current_ratio_percent).strip().rstrip("%％"))
    except Exception as exc:
        raise AmountError(
            "请提供现行首台套政策的奖励比例，例如“10%”。", "Give the current ratio, e.g. 10%."
        ) from exc
    if not ratio.is_finite() or ratio <= 0 or ratio > 100:
        raise AmountError("比例须在0%到100%之间。", "The ratio must be between 0% and 100%.")
    raised = ratio * (1 + UPLIFT_RATE)
    ref = ClauseRef("measures-2017-52", 51, None, UPLIFT_51_CLAUSE)
    steps = [Step(f"现行首台套比例 {ratio.normalize():f}% × (1 + 10%) = {raised.normalize():f}%", ref)]
    result = CalculationResult(
        "first_application_uplift",
        "军地首次应用补助比例上浮（第五十一条）",
        Decimal(0),
        {"current_ratio_percent": str(ratio)},
        steps,
        ["军地双方产品、技术或服务首次应用于对方"],
        [
            "“再上浮10%”按比例乘以1.1理解；若理解为加10个百分点，则为"
            f"{(ratio + 10).normalize():f}%，请以主管部门解释为准。首台套比例本身不在这四份文件中。"
        ],
        True,
        {"raised_ratio_percent": raised},
    )
    return _finish(result, as_of)


def rd_super_deduction(
    expensed_rd_yuan: object = 0,
    intangible_cost_yuan: object = 0,
    *,
    year: int | None = None,
    as_of: date | None = None,
) -> CalculationResult:
    """意见第16项: extra 75% deduction of expensed R&D; 175% amortisation of capitalised R&D (2017–2019)."""
    expensed = parse_amount(expensed_rd_yuan, allow_zero=True).yuan
    intangible = parse_amount(intangible_cost_yuan, allow_zero=True).yuan
    if expensed == 0 and intangible == 0:
        raise AmountError(
            "请提供研发费用金额（费用化部分或形成无形资产的成本）。",
            "Give the R&D expense or the capitalised intangible cost.",
        )
    ref = ClauseRef(OPINIONS, None, 16, SUPER_DEDUCTION_CLAUSE)
    steps: list[Step] = []
    extra = expensed * SUPER_DEDUCTION_RATE
    amort = intangible * AMORTISATION_RATE
    if expensed:
        steps.append(
            Step(
                f"费用化研发费用 {wan(expensed)} × 75% = 加计扣除 {wan(extra)}（税前合计扣除 {wan(expensed + extra)}）",
                ref,
            )
        )
    if intangible:
        steps.append(Step(f"无形资产成本 {wan(intangible)} × 175% = 税前摊销总额 {wan(amort)}", ref))
    warnings = []
    if year is not None and not 2017 <= year <= 2019:
        warnings.append(f"该项加计扣除适用期间为2017年1月1日至2019年12月31日，{year}年不在此期间内。")
    else:
        warnings.append(
            "适用期间为2017年1月1日至2019年12月31日，已过期；现行加计扣除政策请以税务部门规定为准。"
        )
    return CalculationResult(
        "rd_super_deduction",
        "研发费用加计扣除（意见第16项）",
        extra + amort,
        {"expensed_rd_yuan": expensed, "intangible_cost_yuan": intangible, "year": year},
        steps,
        ["适用于科技型中小企业开展研发活动中实际发生的研发费用"],
        warnings,
        False,
        {"extra_deduction_yuan": extra, "amortisation_yuan": amort},
    )


def achievement_income_share(
    income_yuan: object, rule_id: str = "licensing_income_share", *, as_of: date | None = None
) -> CalculationResult:
    """意见第6、9项: the minimum part of transfer/licensing income or profit that goes to individuals."""
    rule = SHARE_RULES_BY_ID.get(rule_id)
    if rule is None:
        raise UnknownRuleError(
            f"可选：{', '.join(SHARE_RULES_BY_ID)}", f"Choose one of {', '.join(SHARE_RULES_BY_ID)}"
        )
    income = parse_amount(income_yuan).yuan
    share = income * rule.min_share
    ref = ClauseRef(rule.doc_id, None, rule.item, rule.clause)
    steps = [Step(f"{wan(income)} × 不低于{percent(rule.min_share)} = 至少 {wan(share)}", ref)]
    conditions = []
    if rule.years:
        conditions.append(f"实施转化成功投产后连续{rule.years[0]}至{rule.years[1]}年，每年提取")
    return CalculationResult(
        "achievement_income_share",
        rule.title,
        share,
        {"income_yuan": income, "rule_id": rule_id},
        steps,
        conditions,
        ["这是下限（不低于），不是上限。"],
        False,
        {"minimum_share_yuan": share},
    )
