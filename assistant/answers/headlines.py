"""The first line of a calculation answer: the figure, for the party asked about, from the data."""

from __future__ import annotations

from decimal import Decimal

from assistant import compose
from assistant.understanding.binding import Binding
from assistant.understanding.ranking import PAY_WORDS
from calculators.catalogue import Rule, catalogue
from calculators.registry import TOGETHER
from calculators.results import CalculationResult


def fixed_line(result: CalculationResult, rule: Rule, lang: str) -> str:
    amount = result.amount_yuan
    first = result.steps[0].text if result.steps else ""
    term = result.breakdown.get("term_total_yuan")
    years = rule.duration_years
    if lang == "zh":
        return f"{first}（{rule.where_zh}）" + (
            f"，{years}年合计{compose.money(term)}" if term and years else ""
        )
    over = f"; {compose.money_en(term)} over {years} years" if term and years else ""
    return f"{first} ({rule.where_en}; {amount.quantize(Decimal('1')):,} yuan{over})"


def calc_headline(
    result: CalculationResult, rule: Rule, binding: Binding, lang: str, focus: str | None = None
) -> str:
    """The figure first: what the rule gives for the numbers the user gave."""
    zh = lang == "zh"
    amount = result.breakdown.get(focus, result.amount_yuan) if focus else result.amount_yuan
    title = rule.title(lang)
    where = rule.where_zh if zh else rule.where_en
    given = []  # the figures used are stated on the next line, so the first line is only the answer
    for inp in rule.inputs:
        if inp.name in binding.inputs and inp.unit == "count":
            given.append(f"{binding.inputs[inp.name]}家" if zh else f"{binding.inputs[inp.name]} of them")
    ceiling = result.is_maximum and rule.kind in ("fixed", "rate_with_cap", "uplift", "difference")
    if result.calculator == "first_application_uplift":
        raised = result.breakdown.get("raised_ratio_percent")
        return (
            f"{title}（{where}）：上浮后的比例为{raised}%。"
            if zh
            else f"{title} ({where}): the raised ratio is {raised}%."
        )
    shares = parties(result)
    if len(shares) >= 2:
        ordered = sorted(shares, key=lambda p: p[0] != focus)  # the party asked about first
        if focus and binding.claims:
            # "学校能拿60万吧": the party whose share the user claims leads alone; the others follow below
            ordered = ordered[:1]
        if zh:
            text = "；".join(f"{who}可获{word_for(r)}{compose.money(v)}" for _, who, _, v, r in ordered)
            return f"按{where}：{text}。"
        text_en = "; ".join(f"{who_en} {compose.money_en(v)}" for _, _, who_en, v, _ in ordered)
        return f"Under {where}: {text_en}."
    term = result.breakdown.get("term_total_yuan")
    if term is not None and rule.duration_years:
        years = rule.duration_years
        if zh:
            word = "最高" if ceiling else ""
            return (
                f"按{where}（{title}）：每年{word}{compose.money(amount)}，"
                f"{years}年合计{word}{compose.money(term)}。"
            )
        word = "up to " if ceiling else ""
        return (
            f"Under {where} ({title}): {word}{compose.money_en(amount)} a year, "
            f"{word}{compose.money_en(term)} over {years} years."
        )
    if zh:
        lead = f"按{where}（{title}）" + (f"，{'，'.join(given)}" if given else "")
        word = "最高可获" if ceiling else ("至少" if rule.kind == "share" else "可获")
        return f"{lead}：{word}{compose.money(amount)}。"
    lead = f"Under {where} ({title})" + (f", for {', '.join(given)}" if given else "")
    word = "up to " if ceiling else ("at least " if rule.kind == "share" else "")
    return f"{lead}: {word}{compose.money_en(amount)}."


def parties(result: CalculationResult) -> list[tuple[str, str, str, Decimal, Rule]]:
    """The parties of a calculation that pays several (key, 企业, enterprise, amount, their rule): only a
    calculator the registry declares as paying several rules together has them."""
    ids = TOGETHER.get(result.calculator, ())
    cat = catalogue()
    out = []
    for key, value in result.breakdown.items():
        if not key.endswith("_yuan"):
            continue
        party = next((cat.get(i) for i in ids if i.endswith(key.removesuffix("_yuan"))), None)
        if party is not None and party.beneficiaries:
            en = cat.beneficiary_en(party.beneficiaries[0])
            out.append((key, party.beneficiaries[0], en, value, party))
    return out


def word_for(rule: Rule) -> str:
    """补助 or 奖励, as the rule's own title calls what it pays."""
    return next((w for w in PAY_WORDS if w in rule.title_zh), "")


def other_shares(result: CalculationResult, focus: str | None, lang: str) -> str:
    """The shares of the parties other than the one asked about, for a line below the headline."""
    others = [p for p in parties(result) if p[0] != focus]
    if lang == "zh":
        return (
            "另："
            + "；".join(f"{who}可获{word_for(r)}{compose.money(v)}" for _, who, _, v, r in others)
            + "。"
        )
    return "Also: " + "; ".join(f"{who_en} {compose.money_en(v)}" for _, _, who_en, v, _ in others) + "."
