"""Counts of items, each beside the name of a fixed sum paid per item ("重大课题2项、应用基础研究5项、
软科学3项"): the question lists several rules at once, each with how many of its items the asker has."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.understanding.mentions import Mention, Mentions
from calculators.catalogue import Catalogue, Rule

# A fixed sum paid per item: the clause's counter word after 每 ("每年每项支持", "每认定一家")
PER_ITEM = re.compile(r"每(?:认定)?(?:一)?([项个家所])")
NEAR = 4  # characters allowed between a count and the name after it ("2个新的应用基础研究")


@dataclass(frozen=True)
class Counted:
    rule: Rule
    count: int
    mention: Mention


def _names(rule: Rule) -> list[str]:
    return [a for a in rule.aliases if len(a) >= 2 and not a.isascii()]


def _named_at(text: str, m: Mention, rules: list[Rule]) -> list[tuple[int, Rule]]:
    """Rules named right after the count ("2个应用基础研究项目") or right before it ("应用基础研究5项"),
    by the length of the longest name found."""
    after, before = text[m.end : m.end + NEAR + 12], text[max(0, m.start - 12) : m.start]
    found = []
    for rule in rules:
        best = 0
        for name in _names(rule):
            at = after.find(name)
            if 0 <= at <= NEAR or before.endswith(name):
                best = max(best, len(name))
        if best:
            found.append((best, rule))
    return found


def counted_items(text: str, mentions: Mentions, cat: Catalogue) -> list[Counted]:
    """Two or more different per-item fixed sums, each named beside a count; [] when the question is
    not such a list, or when a name is shared by rules no other count tells apart."""
    rules = [r for r in cat if r.kind == "fixed" and PER_ITEM.search(r.clause)]
    named: list[tuple[Mention, list[Rule]]] = []
    for m in mentions.counts:
        if m.value < 1 or m.value != int(m.value):
            continue
        found = _named_at(text, m, rules)
        if found:
            longest = max(n for n, _ in found)
            named.append((m, [r for n, r in found if n == longest]))
    if len(named) < 2:
        return []
    # a name two documents both use (重点学科重大课题) is read in the place the other counts name
    places = [{(r.doc_id, r.article, r.item) for r in rules_} for _, rules_ in named]
    votes: dict[tuple[str, int | None, int | None], int] = {}
    for p in places:
        for place in p:
            votes[place] = votes.get(place, 0) + 1
    out: list[Counted] = []
    for m, candidates in named:
        if len(candidates) > 1:
            top = max(votes[(r.doc_id, r.article, r.item)] for r in candidates)
            candidates = [r for r in candidates if votes[(r.doc_id, r.article, r.item)] == top]
        if len(candidates) != 1:
            return []
        out.append(Counted(candidates[0], int(m.value), m))
    if len({c.rule.id for c in out}) != len(out):
        return []
    return out
