"""From ranked rule candidates (assistant.understanding.ranking) to a decision: compute, show each level,
ask which rule, ask for an amount, or no rule, by the calibrated margins (assistant.understanding.margins)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.intent import DIFFERENCE_Q
from assistant.query_rewrite import rewrite_query
from assistant.references import detect_doc
from assistant.understanding.binding import Binding, bind
from assistant.understanding.cues import cue_strength
from assistant.understanding.entities import levels_in, read_entities, same_kind
from assistant.understanding.family import distinguishing, family, twins
from assistant.understanding.margins import FIXED_FLOOR, FLOOR, MARGIN, THIN_WORDS
from assistant.understanding.mentions import Mention, Mentions
from assistant.understanding.ranking import level_names, threshold_fit
from assistant.understanding.rule_index import RuleHit
from calculators.catalogue import Catalogue, Input, Rule
from ingest.bm25 import tokenize

# Question-type cue: which of two statements is right ("到底哪个对", "以哪个为准"): both are shown.
WHICH_RIGHT_Q = re.compile(
    r"哪个对|哪个准|哪个是对的|以哪个为准|按哪个|听哪个|哪个算数|不一致|矛盾|冲突|对不上|"
    r"which (one )?is (right|correct)|which applies|conflict|contradict|inconsistent",
    re.IGNORECASE,
)

Action = Literal["compute", "levels", "ask_rule", "ask_input", "ask_amount", "none"]


@dataclass
class Decision:
    action: Action
    rule: Rule | None = None
    rules: list[Rule] = field(default_factory=list)  # the levels to show, or the rules to ask between
    binding: Binding = field(default_factory=Binding)
    hits: list[RuleHit] = field(default_factory=list)


MULTI_PART = re.compile(
    r"分别|各[自是能有]?|和|与|跟|以及|还有|比(?![例重率])|both|each|respectively|and|than|compared",
    re.IGNORECASE,
)


def levels_not_paid(text: str, rules: list[Rule], cat: Catalogue) -> list[str]:
    """Levels the question names that none of the rules shown carries ("市级孵化器有没有一次性补助" when the
    clause pays 国家级 and 省级 only)."""
    carried = set().union(*(level_names(r, cat) for r in rules))
    if not carried:
        return []  # the rules differ by kind (孵化器/众创空间), not by level
    # only words of the same kind as the rules' own (国家级/省级/市级), not kinds (孵化器, 首次) they lack
    return [
        lv
        for lv in dict.fromkeys(levels_in(rewrite_query(text), cat))
        if lv not in carried and any(same_kind(lv, c, cat) for c in carried)
    ]


def _levels_elsewhere(
    top: RuleHit, fam: list[Rule], hits: list[RuleHit], text: str, cat: Catalogue
) -> list[Rule]:
    """Levels named that the top rule's article lacks ("国家级的比市级的多多少": 第八条 has 国家级, 第九条 市级):
    the close fixed rules of the same document carrying them join its family."""
    named = set(levels_in(rewrite_query(text), cat))
    had = set().union(*(level_names(r, cat) for r in fam))
    if top.rule.kind != "fixed":
        return []
    # close fixed rules of the same document, outside the clause
    near = [
        h.rule
        for h in hits
        if h.rule not in fam
        and h.rule.kind == "fixed"
        and h.rule.doc_id == top.rule.doc_id
        and top.score - h.score < MARGIN
    ]
    if not named and len(had) > 1:
        # no level named, and the clause pays by level ("刚获批了一个重点实验室，给多少钱": 第九条's 省级 and 市级):
        # one at a level of that kind it lacks (第八条's 国家级) is one more
        return [
            r
            for r in near
            if r.level and r.level not in had and any(same_kind(r.level, lv, cat) for lv in had)
        ][:1]
    if len(named) < 2 or named <= had:
        return []
    return [r for r in near if level_names(r, cat) & (named - had)]


def decide(hits: list[RuleHit], text: str, mentions: Mentions, cat: Catalogue) -> Decision:
    if not hits or hits[0].score < FLOOR:
        return Decision("none", hits=hits)
    if hits[0].rule.kind == "fixed" and hits[0].score < FIXED_FLOOR:
        return Decision("none", hits=hits)
    top = hits[0]
    fam = family(top.rule, cat)
    fam = fam + _levels_elsewhere(top, fam, hits, text, cat)
    if len(fam) > 1:
        marks = distinguishing(fam, text, cat)
        best = max(marks.values())
        named = levels_in(rewrite_query(text), cat)  # 第一次认定 names 首次 as the documents write it
        leaders = [r for r in fam if best > 0 and marks[r.id] >= 0.75 * best]
        if named:  # levels named outright ("首次…重新…"): the rules whose names carry most of them
            overlap = {r.id: len(set(named) & level_names(r, cat)) for r in fam}
            most = max(overlap.values())
            if most:
                leaders = [r for r in fam if overlap[r.id] == most]
        close = [h.rule for h in hits if top.score - h.score < MARGIN and h.rule in fam]
        # Several parts asked at once ("首次认定和重新认定分别补多少"): each, labelled.
        # a difference compares two parts; two levels named outright ("第一次认定…？…重新认定的又给多少") are two
        several = MULTI_PART.search(text) or DIFFERENCE_Q.search(text) or len(set(named)) > 1
        if several and not named and top.rule.kind == "fixed":
            # the parts asked for are fixed sums: the fixed rules whose own words the question uses most
            fixed = [r for r in fam if r.kind == "fixed"]
            most = max(marks[r.id] for r in fixed)
            leaders = [r for r in fixed if most > 0 and marks[r.id] >= 0.75 * most]
        # (not when the top rule computes from a figure the question gives: the fixed sums are not asked)
        figure_rule = top.rule.kind != "fixed" and top.rule not in leaders and bool(mentions.live_amounts)
        if several and len(leaders) > 1 and all(r.kind == "fixed" for r in leaders) and not figure_rule:
            return Decision("levels", top.rule, leaders, hits=hits)
        if len(close) > 1:
            tied = [r for r in close if marks[r.id] == max(marks[c.id] for c in close)]
            if len(tied) == 1:
                top = next(h for h in hits if h.rule is tied[0])
            elif all(r.kind == "fixed" for r in tied):
                return Decision("levels", top.rule, tied, hits=hits)
            elif not any(_nested(tied[0], r) for r in tied[1:]):
                return _asked_between(tied, hits, mentions)
    twin = next(
        (
            h.rule
            for h in hits[1:6]
            if h.rule.doc_id != top.rule.doc_id and h.score >= FLOOR and twins(top.rule, h.rule)
        ),
        None,
    )
    settled = detect_doc(text) is not None and not WHICH_RIGHT_Q.search(text)
    if twin is not None and top.rule.kind == twin.kind == "fixed" and not settled:
        said = {m.value for m in mentions.amounts}
        mine, theirs = top.rule.amount, twin.amount
        if mine is not None and theirs is not None and mine.value != theirs.value:
            if (theirs.value in said) != (mine.value in said) and not WHICH_RIGHT_Q.search(text):
                # "每年50万那个": the document whose sum the question states
                top = top if mine.value in said else next(h for h in hits if h.rule is twin)
            else:
                # two documents state one measure with different sums, and the question names neither: both
                return Decision("levels", top.rule, [top.rule, twin], hits=hits)
    rivals = [
        h
        for h in hits
        if h is not top
        and top.score - h.score < MARGIN
        and h.rule not in fam
        and not _nested(top.rule, h.rule)
    ]
    if rivals:
        # Close rules of one kind: the one whose own words (the others lack) the question uses.
        close = [top.rule, *(h.rule for h in rivals)]
        if len({r.kind for r in close}) == 1:
            marks = distinguishing(close, text, cat)
            best = max(marks.values())
            leaders = [r for r in close if marks[r.id] == best]
            second = max((v for k, v in marks.items() if k != leaders[0].id), default=0)
            # by a word of its own at least (2 marks), not by one word it shares with fewer of the others
            if len(leaders) == 1 and best > 0 and best - second >= 2:
                top = next(h for h in hits if h.rule is leaders[0])
                rivals = []
    live = [m for m in mentions.live_amounts if not m.condition]
    if rivals and live:
        # a sum of money the words name as one close rule's input, and no other close rule takes money
        # ("一单投了八千万，投的是…在孵企业": the investment reward, not the per-company incubator award)
        takers = [
            h
            for h in [top, *rivals]
            if (main := h.rule.main_input) is not None
            and main.unit == "yuan"
            and max(cue_strength(m, main) for m in live) >= 1
        ]
        takes_money = [
            h for h in [top, *rivals] if any(i.unit == "yuan" and not i.prior for i in h.rule.inputs)
        ]
        if len(takers) == 1 and takes_money == takers:
            top, rivals = takers[0], []
    if rivals and all(r.kind == "fixed" for r in [top.rule, *(h.rule for h in rivals)]):
        # fixed amounts need no input: show each one, labelled, rather than ask
        return Decision("levels", top.rule, [top.rule, *(h.rule for h in rivals[:2])], hits=hits)
    if rivals:
        return _asked_between([top.rule, rivals[0].rule], hits, mentions)
    taker = _figure_taker(top.rule, hits, mentions, cat)
    if taker is not None:
        return Decision("ask_rule", top.rule, [top.rule, taker], hits=hits)
    if _thin(top, live, text, cat):
        return Decision("none", hits=hits)  # the figure is asked about, not guessed (see _thin)
    return bound(top.rule, mentions, hits)


def _thin(top: RuleHit, live: list[Mention], text: str, cat: Catalogue) -> bool:
    """A weak winner (under FLOOR + MARGIN) computing from a figure, for a party the question does not name ("我们在大连这个项目上投了1500万，能补多少钱": 投了 fits the investment reward,
    and as well a project's own spending): what the figure is has to be asked, not guessed."""
    main = top.rule.main_input
    if top.score >= FLOOR + MARGIN or not live or main is None or main.unit != "yuan":
        return False
    if top.parts.get("bm25", 0.0) >= THIN_WORDS:
        return False  # the question's own words carry it (投资…奖励, 重点项目…研发), not an alias alone
    return not set(read_entities(text, cat).present) & set(top.rule.beneficiaries)


def _asked_between(rules: list[Rule], hits: list[RuleHit], mentions: Mentions) -> Decision:
    """Ask which of close rules — but not one whose threshold the figure said fails (研发投入150万 against
    第五条's 200万 and 第四条's 1000万): with one left it is meant; with none, the first says it is not met."""
    fitting = [r for r in rules if threshold_fit(r, mentions) is not False]
    if len(fitting) == 1 or not fitting:
        return bound((fitting or rules)[0], mentions, hits)
    return Decision("ask_rule", fitting[0], fitting, hits=hits)


def _figure_taker(rule: Rule, hits: list[RuleHit], mentions: Mentions, cat: Catalogue) -> Rule | None:
    """A fixed sum leads, yet the question states a sum of money its clause's sibling computes from
    (基地 "买了420万的技术": the 100万 for a new base, or 10% of the purchase?). The figure is not
    ignored: the asker is asked which, naming both."""
    if rule.main_input is not None or rule.kind != "fixed":
        return None
    said = [m for m in mentions.live_amounts if rule.amount is None or m.value != rule.amount.value]
    if not said:
        return None
    kin = {r.id for r in family(rule, cat)}
    for h in hits[1:6]:
        main = h.rule.main_input
        if h.rule.id in kin and h.score >= FLOOR and main is not None and main.unit == "yuan":
            if max(cue_strength(m, main) for m in said) > 0 or _input_like(said, main):
                return h.rule
    return None


def bound(rule: Rule, mentions: Mentions, hits: list[RuleHit]) -> Decision:
    """The decision once the rule is settled: compute, or ask for the amount in doubt or the one missing."""
    binding = bind(rule, mentions)
    if binding.unclear:
        return Decision("ask_amount", rule, binding=binding, hits=hits)
    if binding.missing is not None:
        return Decision("ask_input", rule, binding=binding, hits=hits)
    return Decision("compute", rule, binding=binding, hits=hits)


def _input_like(said: list[Mention], main: Input) -> bool:
    """A word next to a figure is one the input's role or cues are written in ("买了420万的技术" against
    购买外方技术实际发生交易额), unlike 注册资本 or 月薪: the figure may be that input."""
    words = {t for p in (main.role_zh, main.role_en, *main.cues) for t in tokenize(p) if len(t) >= 2}
    near = (
        m.before[-40:] + " " + m.after[:20] if m.text.isascii() else m.before[-8:] + " " + m.after[:6]
        for m in said
    )
    return any(t in words for text in near for t in tokenize(text))


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
