"""A rule in one line, from its data: rate, tiers, amount, caps (zh / en). Used for headlines, calculator
descriptions and LLM tool schemas, so no rate or cap is ever retyped as prose."""

from __future__ import annotations

from datetime import date

from calculators.catalogue import Rule, catalogue
from calculators.results import money, percent, wan


def _m(yuan: object, lang: str) -> str:
    from decimal import Decimal

    value = Decimal(str(yuan))
    return f"{wan(value)}元" if lang == "zh" else money(value, "en")


def caps_text(rule: Rule, lang: str, as_of: date | None = None) -> str:
    parts = []
    for cap in rule.caps:
        amount = _m(cap.amount.at(as_of), lang)
        if lang == "zh":
            parts.append(f"{cap.scope_zh or ''}最高{amount}")
        else:
            parts.append(f"at most {amount} ({cap.scope_en or cap.scope})")
    return ("，" if lang == "zh" else "; ").join(parts)


def summary(rule: Rule, lang: str = "zh", as_of: date | None = None) -> str:
    """What the rule gives, e.g. 按上年度运营成本的最高70%补助，每年最高200万元."""
    zh = lang == "zh"
    role = rule.main_input
    base = (role.role_zh if zh else role.role_en or role.role_zh) if role else ""
    caps = caps_text(rule, lang, as_of)
    tail = (f"，{caps}" if zh else f"; {caps}") if caps else ""
    if rule.kind == "tiered":
        brackets = sorted(rule.brackets, key=lambda b: b.threshold.at(as_of))
        bands = []
        for i, b in enumerate(brackets):
            low = b.threshold.at(as_of)
            high = brackets[i + 1].threshold.at(as_of) if i + 1 < len(brackets) else None
            rate = percent(b.rate.at(as_of))
            if zh:
                band = (
                    f"{wan(low)}–{wan(high)}"
                    if high is not None and low
                    else (f"{wan(high)}以内" if high is not None else f"{wan(low)}以上")
                )
                bands.append(f"{band}{rate}")
            else:
                band = (
                    f"{_m(low, 'en')}–{_m(high, 'en')}"
                    if high is not None and low
                    else (f"up to {_m(high, 'en')}" if high is not None else f"above {_m(low, 'en')}")
                )
                bands.append(f"{band}: {rate}")
        return (
            f"按{base}分段累进：" + "，".join(bands)
            if zh
            else f"Marginal tiers of the {base}: " + ", ".join(bands)
        ) + tail
    if rule.kind == "rate_with_cap" and rule.rate is not None:
        word = ("最高" if zh else "up to ") if rule.rate.maximum else ""
        rate = percent(rule.rate.at(as_of))
        return (f"按{base}的{word}{rate}计算" if zh else f"{word}{rate} of the {base}") + tail
    if rule.kind in ("fixed", "per_unit_annual_cap") and rule.amount is not None:
        first = _m(rule.amount.at(as_of), lang)
        if rule.amount_max is not None:
            text = (
                f"{first}至{_m(rule.amount_max.at(as_of), lang)}"
                if zh
                else f"{first} to {_m(rule.amount_max.at(as_of), lang)}"
            )
        else:
            text = (("最高" if zh else "up to ") if rule.amount.maximum else "") + first
        if rule.kind == "per_unit_annual_cap":
            text = f"每家{text}" if zh else f"{text} each"
        if rule.duration_years:
            text += f"，连续{rule.duration_years}年" if zh else f", for {rule.duration_years} years"
        return text + tail
    if rule.kind == "share" and rule.share is not None:
        rate = percent(rule.share.at(as_of))
        return f"不低于{base}的{rate}" if zh else f"at least {rate} of the {base}"
    if rule.kind == "uplift" and rule.uplift is not None:
        rate = percent(rule.uplift.at(as_of))
        if rule.base_rules:
            bases = "、".join(catalogue().get(b).where_zh for b in rule.base_rules)
            bases_en = ", ".join(catalogue().get(b).where_en for b in rule.base_rules)
            return f"在{bases}补贴基础上再上浮{rate}" if zh else f"the subsidy of {bases_en} plus {rate}"
        return f"在{base}基础上再上浮{rate}" if zh else f"{base} raised by {rate}"
    if rule.kind == "deduction" and rule.deduction is not None:
        extra, amort = percent(rule.deduction.extra.at(as_of)), percent(rule.deduction.amortisation.at(as_of))
        return (
            f"研发费用再按{extra}加计扣除；形成无形资产的按成本{amort}摊销"
            if zh
            else f"an extra {extra} deduction of R&D expenses; {amort} amortisation of intangible assets formed"
        )
    if rule.kind == "difference" and rule.target:
        target = catalogue().get(rule.target)
        return (
            f"参照{target.where_zh}给予差额补贴（{target.where_zh}总额减去已获补贴）"
            if zh
            else f"the difference up to {target.where_en} (its total minus what was already received)"
        )
    return ""


def headline(rule: Rule, lang: str = "zh", as_of: date | None = None) -> str:
    """The rule's title, where it is, and what it gives: one line."""
    if lang == "zh":
        return f"{rule.title_zh}（{rule.where_zh}）：{summary(rule, lang, as_of)}。"
    return f"{rule.title(lang)} ({rule.where_en}): {summary(rule, lang, as_of)}."
