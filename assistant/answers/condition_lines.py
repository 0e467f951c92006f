"""The lines a rule answer says about its conditions and thresholds: the verdict on "能申请吗" as far as the
question tells, a claimed sum against the caps, and a threshold stated the way the clause states it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.understanding.binding import same_amount
from assistant.understanding.conditions import Assessed
from assistant.understanding.mentions import Mention
from calculators.amounts import format_wan
from calculators.catalogue import Rule, Threshold
from calculators.describe import caps_text


def yes_verdict(rule: Rule, met: list[Assessed], lang: str) -> str:
    """The answer to "能申请吗" as far as the question tells: the conditions it says hold, and the rest."""
    conditions = list(rule.conditions_zh)
    said = [a.condition for a in met]
    rest = [c for c in conditions if c not in said]
    if lang == "zh":
        if said and not rest:
            return f"可以：您已满足条件（{'；'.join(said)}）。"
        if said:
            return f"可以申请，前提是其余条件也满足：您已满足“{'；'.join(said)}”，其余条件见下。"
        return "需先满足下列条件才可以申请。" if conditions else "可以。"
    if said and not rest:
        return "Yes: you meet its conditions (" + "; ".join(condition_en(rule, c) for c in said) + "). "
    if said:
        return "Yes, provided the remaining conditions below are met. "
    return "Only if the conditions below are met. " if conditions else "Yes. "


# Question-type cue: the asker speaks of themselves ("我们…能拿", "do we get").


def condition_en(rule: Rule, condition_zh: str) -> str:
    """The English of one of the rule's conditions (the catalogue keeps them in the same order)."""
    i = rule.conditions_zh.index(condition_zh)
    return rule.conditions_en[i] if i < len(rule.conditions_en) else condition_zh


def cap_check(rule: Rule, claim: Mention, lang: str, as_of: Any) -> str:
    """A cap the user states, checked against the rule's own caps: the check, then the caps."""
    caps = caps_text(rule, lang, as_of)
    right = any(same_amount(claim.value, cap.amount.at(as_of)) for cap in rule.caps)
    if lang == "zh":
        return f"与条款一致：{rule.where_zh}规定{caps}。" if right else f"不对：{rule.where_zh}规定{caps}。"
    return f"That matches {rule.where_en}: {caps}." if right else f"No: {rule.where_en} sets {caps}."


def threshold_shown(t: Threshold, limit: Decimal, lang: str) -> str:
    """A threshold's figure in its own unit (1000万美元, 3年, 1,000,000 YUAN)."""
    if t.unit == "year":
        return f"{limit:f}年" if lang == "zh" else f"{limit:f} year(s)"
    if t.unit == "percent":
        pct = limit * 100
        return f"{int(pct) if pct == int(pct) else pct}%"
    if lang == "zh":
        return f"{format_wan(limit).removesuffix('元')}{ {'usd': '美元', 'yuan': '元'}.get(t.unit, t.unit) }"
    return f"{limit:,.0f} {t.unit.upper()}"


def threshold_lead(rule: Rule, lang: str, today: Any) -> str:
    """The line answering "要达到多少才能拿": each threshold the rule sets, in its own unit."""
    parts = []
    for t in rule.thresholds:
        shown = threshold_shown(t, t.amount.at(today), lang)
        if lang == "zh":
            parts.append(f"{t.role_zh}在{shown}{'以上' if t.op == 'min' else '以内'}")
        else:
            parts.append(f"{t.role_en or t.role_zh} of {'at least' if t.op == 'min' else 'at most'} {shown}")
    if not parts:
        return ""
    if lang == "zh":
        return f"门槛：{rule.where_zh}要求{'，且'.join(parts)}。\n"
    return f"Threshold: {rule.where_en} requires {' and '.join(parts)}.\n"
