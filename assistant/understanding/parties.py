"""Whose figure it is: the party and the place a figure's clause names, against the parties a rule pays."""

from __future__ import annotations

import re

from assistant.intent import names_other_city
from assistant.understanding.entities import read_entities
from assistant.understanding.mentions import Mention, Mentions, clause_start
from calculators.catalogue import Rule, catalogue


def placed_elsewhere(rule: Rule, clause: str) -> bool:
    """The clause places the party the rule requires in Dalian (local_zh: 投资对象须为大连科技创新企业) in
    another city ("还投了杭州一家公司"); a rule requiring no Dalian party, or another party there (企业 with
    北京大学 under 第二十三条's 10%), is not concerned."""
    if not rule.local_zh or not names_other_city(clause):
        return False
    cat = catalogue()
    words = [w for t, ws in cat.beneficiary_words.items() if t in rule.local_zh for w in (t, *ws)]
    return any(w in clause for w in words if not w.isascii()) or any(
        w.lower() in clause.lower() for w in words if w.isascii()
    )


def figure_clause(text: str, m: Mention) -> str:
    """The clause a figure is said in, up to the next clause end."""
    end = re.search(r"[，。；,;！？!?\n]", text[m.end :])
    return text[clause_start(text, m.start) : m.end + (end.start() if end else len(text))]


def party_said(before: str) -> set[str]:
    """The parties a figure's clause names (or, naming none, the clause before it: "我们还有个众创空间，运营
    成本60万"), from the text before the figure."""
    cat = catalogue()
    clauses = re.split(r"[，,；;]", re.split(r"[。？?！!]", before)[-1])
    for clause in reversed(clauses[-2:]):
        said = set(read_entities(clause, cat).present) - {"企业"}
        if said:
            return said
    return set()


def own_party(rule: Rule, before: str) -> bool:
    """The figure's clause names no party, or one the rule pays."""
    said = party_said(before)
    return not said or bool(said & set(rule.beneficiaries))


def separate_units(rule: Rule, mentions: Mentions, listed: list[Mention]) -> bool:
    """Listed figures announced as that many of the units the rule's caps are per ("两个重大项目…3000万和
    2500万" under a project's cap, "两家孵化器" under each incubator's): each under its own caps. Items of one
    asker (三笔, or 三个实验室 of one school under 同一单位每年) share them."""
    announced = [c for c in mentions.counts if c.end <= listed[0].start and int(c.value) == len(listed)]
    if not announced or announced[-1].text[-1] not in "个家所户":
        return False
    noun = re.match(r"[\u4e00-\u9fff]{2,6}", announced[-1].after)
    if noun is None:
        return False
    words = [w for b in rule.beneficiaries for w in (b, *catalogue().beneficiary_words.get(b, ()))]
    scopes = [c.scope_zh for c in rule.caps if c.scope_zh]
    named = noun.group(0)
    return any(w in named for w in words) or any(
        named[i : i + 2] in s for s in scopes for i in range(len(named) - 1)
    )
