"""From rule candidates to a decision: compute, show each level, ask which rule, ask for an amount, or
no rule. Level words, entity types and article numbers come from the catalogue; the thresholds are
calibrated on the development set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from assistant.understanding.binding import Binding, bind, cued
from assistant.understanding.mentions import Mentions
from assistant.understanding.rule_index import RuleHit, RuleIndex, squash
from calculators.catalogue import Catalogue, Rule

# Calibrated on evals/conversations.jsonl (development set) with evals/calibrate.py.
FLOOR = 0.42  # below this the best rule is not what the question is about
MARGIN = 0.12  # a winner must lead the next different rule by this much, or we ask which
ARTICLE_BONUS = 1.0
LEVEL_BONUS, LEVEL_PENALTY = 0.35, 0.6
ENTITY_BONUS = 0.12
CUE_BONUS = 0.25

_NEGATION = re.compile(
    r"(不是|并非|非|没有|还没|尚未|不属于|未被|未|not an?|not|no longer|isn't|aren't)\s*$", re.IGNORECASE
)

Action = Literal["compute", "levels", "ask_rule", "ask_input", "ask_amount", "none"]


@dataclass
class Entities:
    present: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)


def read_entities(text: str, cat: Catalogue) -> Entities:
    """Entity types named in the text (from the beneficiary vocabulary), and those negated."""
    low = text.lower()
    out = Entities()
    spans: list[tuple[int, int, str]] = []
    for name, words in cat.beneficiary_words.items():
        for w in sorted(words, key=len, reverse=True):
            wl = w.lower()
            pattern = rf"(?<![a-z]){re.escape(wl)}(?![a-z])" if wl.isascii() else re.escape(wl)
            for m in re.finditer(pattern, low):
                spans.append((m.start(), m.end(), name))
    # the longest word wins where words overlap (高新技术企业 over 企业)
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    for start, end, name in spans:
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        negated = bool(_NEGATION.search(low[max(0, start - 8) : start]))
        target = out.negated if negated else out.present
        if name not in target:
            target.append(name)
    return out


def level_words(cat: Catalogue) -> list[str]:
    return sorted({r.level for r in cat if r.level}, key=len, reverse=True)


def levels_in(text: str, cat: Catalogue) -> list[str]:
    found = [(text.find(lv), lv) for lv in level_words(cat) if lv in text]
    return [lv for _, lv in sorted(found)]


def family(rule: Rule, cat: Catalogue) -> list[Rule]:
    """Rules written in the same clause (国家级 / 省级 … of one sentence)."""
    return [r for r in cat if r.doc_id == rule.doc_id and r.clause == rule.clause]


@dataclass
class Decision:
    action: Action
    rule: Rule | None = None
    rules: list[Rule] = field(default_factory=list)  # the levels to show, or the rules to ask between
    binding: Binding = field(default_factory=Binding)
    hits: list[RuleHit] = field(default_factory=list)


def rank(
    index: RuleIndex,
    text: str,
    mentions: Mentions,
    *,
    articles: list[tuple[str, int]] | None = None,
    query_vector: np.ndarray | None = None,
    context: str = "",
) -> list[RuleHit]:
    """Rule candidates for the question, adjusted by what it names: article, level, entity, amount cues."""
    cat = index.cat
    hits = index.search(f"{context} {text}".strip(), query_vector, k=12)
    levels = levels_in(text, cat) or levels_in(context, cat)
    entities = read_entities(text, cat)
    for h in hits:
        r = h.rule
        if articles and any(
            r.doc_id == d and (r.article == n or (r.article is None and r.item == n)) for d, n in articles
        ):
            h.score += ARTICLE_BONUS
        if r.level and levels:
            if r.level in levels:
                h.score += LEVEL_BONUS
            elif any(lv in levels for lv in (x.level for x in family(r, cat)) if lv):
                h.score -= LEVEL_PENALTY
        if any(b in entities.present for b in r.beneficiaries):
            h.score += ENTITY_BONUS
        if any(b in entities.negated for b in r.beneficiaries):
            h.score -= ENTITY_BONUS
        main = r.main_input
        if main is not None and any(cued(m, main) for m in mentions.live_amounts):
            h.score += CUE_BONUS
    hits.sort(key=lambda h: -h.score)
    return hits


def decide(hits: list[RuleHit], text: str, mentions: Mentions, cat: Catalogue) -> Decision:
    if not hits or hits[0].score < FLOOR:
        return Decision("none", hits=hits)
    top = hits[0]
    levels = levels_in(text, cat)
    fam = family(top.rule, cat)
    # Several levels named ("首次认定和重新认定分别补多少"): answer each one, labelled.
    if len(levels) > 1 and len(fam) > 1:
        named = [r for r in fam if r.level in levels]
        if len(named) > 1:
            return Decision("levels", top.rule, named, hits=hits)
    rivals = [h for h in hits[1:] if top.score - h.score < MARGIN]
    same_family = [h for h in rivals if h.rule in fam]
    others = [h for h in rivals if h.rule not in fam and not _nested(top.rule, h.rule)]
    if same_family and not others and not levels:
        members = [top.rule, *(h.rule for h in same_family)]
        if all(r.kind == "fixed" for r in members):
            return Decision("levels", top.rule, members, hits=hits)
        return Decision("ask_rule", top.rule, members, hits=hits)
    if others:
        return Decision("ask_rule", top.rule, [top.rule, others[0].rule], hits=hits)
    binding = bind(top.rule, mentions)
    if binding.unclear:
        return Decision("ask_amount", top.rule, binding=binding, hits=hits)
    if binding.missing is not None:
        return Decision("ask_input", top.rule, binding=binding, hits=hits)
    return Decision("compute", top.rule, binding=binding, hits=hits)


def _nested(a: Rule, b: Rule) -> bool:
    """Rules that one calculation answers together (第二十三条's enterprise and university parts)."""
    return (
        a.doc_id == b.doc_id
        and a.article is not None
        and a.article == b.article
        and a.kind == b.kind == "rate_with_cap"
        and (
            a.main_input is not None
            and b.main_input is not None
            and a.main_input.role_zh == b.main_input.role_zh
        )
    )


__all__ = [
    "Decision",
    "Entities",
    "decide",
    "family",
    "level_words",
    "levels_in",
    "rank",
    "read_entities",
    "squash",
]
