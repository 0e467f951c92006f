"""Bind the numbers of a question to a rule's inputs by role, using the rule's own cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.intent import TOTAL_Q
from assistant.understanding.counted import count_items
from assistant.understanding.cues import cue_strength, cue_words, meets, threshold_strength
from assistant.understanding.entities import negated_at, read_entities
from assistant.understanding.mentions import (
    PERIOD,
    Mention,
    Mentions,
    received_in_full,
)
from assistant.understanding.parties import figure_clause, own_party, placed_elsewhere, separate_units
from assistant.understanding.roles import (
    ACTUAL,
    OF_WHICH,
    PAPER,
    actual_role,
    balance_growth,
    own_words,
    parts_summed,
    role_words_said,
)
from calculators.catalogue import Input, Rule, catalogue
from ingest.bm25 import tokenize


@dataclass
class Binding:
    inputs: dict[str, object] = field(default_factory=dict)
    used: list[Mention] = field(default_factory=list)
    missing: Input | None = None  # the input still needed to compute
    unclear: list[Mention] = field(default_factory=list)  # several candidates for one role: ask which
    met_conditions: list[Mention] = field(default_factory=list)  # figures that meet a rule's threshold
    claims: list[Mention] = field(default_factory=list)
    rough: list[Mention] = field(default_factory=list)  # "两千多万" and no threshold it meets: not exact
    latest: str = ""  # of several periods' items, the one asked about (第二年), when not their total
    counted: list[Mention] = field(default_factory=list)  # counts added up ("3家…另外1家…")
    left_out: list[tuple[Mention, str]] = field(default_factory=list)  # a count and the span that fails
    items: list[Decimal] = field(
        default_factory=list
    )  # several listed figures for the main input, each computed
    separate: bool = False  # the items are separate units (两个项目, 两家孵化器): each under its own caps
    earlier: int = 0  # of the items, how many an earlier turn stated (the rest are this turn's)
    increase: tuple[str, Mention, Mention] | None = (
        None  # an input that is a balance's growth: it, then and now
    )
    full_prior: Rule | None = None  # what was received is taken as this rule's whole sum ("拿满了")
    prior_from_turn: bool = False  # ... because the turn before asked that sum, not because the asker said so
    elsewhere: list[Mention] = field(default_factory=list)  # figures said of another city: not counted
    set_aside: list[Mention] = field(
        default_factory=list
    )  # figures read as not the input (合同上写的 vs 实际)
    summed: tuple[str, list[Mention]] | None = None  # an input added up from its components' figures

    @property
    def complete(self) -> bool:
        """Every input the rule needs is bound, none of them in doubt: it can be computed."""
        return self.missing is None and not self.unclear


_EACH = re.compile(r"(每|各)\s*(笔|个|项|份|家|单)?\s*(都|均)?\s*(是|为|投了?|投资)?\s*$")
MAX_ITEMS = 100  # "每笔…" items computed one by one
_STATED = re.compile(r"(是|为|有|=|is|be|of|get|gets)\s*$", re.IGNORECASE)


def _threshold_condition(rule: Rule, m: Mention) -> bool:
    """The figure states that a condition of the rule is met (1500万美元 against 1000万美元以上)."""
    for t in rule.thresholds:
        if t.unit == m.unit or (t.unit == "yuan" and m.unit == "yuan" and m.condition):
            return True
    return False


def _received_in_full(source: Rule, text: str) -> bool:
    """The question says the source rule's sum was received in full: not denied (还没拿满, 没有全额拿到),
    and said in a sentence naming that rule (not "高企的补贴拿满了")."""
    names = [re.sub(r"[“”\"]", "", n).lower() for n in (source.title_zh, *source.aliases) if len(n) >= 3]
    for receipt in received_in_full(text):
        clause, sentence = receipt.clause, receipt.sentence
        if any(n in clause for n in names):
            return True
        others = (a.lower() for r in catalogue() if r is not source for a in r.aliases if len(a) >= 2)
        parties = set(read_entities(clause, catalogue()).present) - {"企业", *source.beneficiaries}
        if parties or any(a in clause for a in others):
            continue  # the clause names another party's or rule's sum ("高企的补贴拿满了")
        if any(n in sentence for n in names):
            return True
    return False


# a figure's clause naming earlier years than the one asked about
_EARLIER_YEARS = re.compile(
    r"前[几两三一二]年|去年|前年|往年|上一?年度?|以前年度|历年|过去[几两三]年|earlier years|last year|previous years",
    re.IGNORECASE,
)


def _topic_input(rule: Rule, pool: list[Mention], text: str) -> Input | None:
    """Of a rule's several amount inputs, the one the sentence before a cue-less figure names, if one alone."""
    amounts = [i for i in rule.inputs if i.unit == "yuan" and not i.prior]
    if len(amounts) < 2 or len(pool) != 1 or any(cue_strength(pool[0], i) > 0 for i in amounts):
        return None
    sentences = re.split(r"[。？?！!]", text[: pool[0].start])
    before = sentences[-2].lower() if len(sentences) >= 2 else ""
    # a word the sentence denies ("研发都没有资本化") names nothing the figure is
    named = [
        i
        for i in amounts
        if any(w in before and not negated_at(before, before.find(w)) for w in cue_words(i))
    ]
    return named[0] if len(named) == 1 else None


def bind(rule: Rule, mentions: Mentions) -> Binding:
    b = Binding(claims=list(mentions.claims))
    for m in mentions.foreign:
        if _threshold_condition(rule, m):
            b.met_conditions.append(m)
    live = [m for m in mentions.live_amounts if not m.condition]
    # a figure whose clause places it in another city (还投了杭州一家公司300万) is not under Dalian's rules, when
    # another figure is said for them
    elsewhere = [m for m in live if placed_elsewhere(rule, figure_clause(mentions.text, m))]
    if elsewhere and len(elsewhere) < len(live):
        b.set_aside += elsewhere
        b.elsewhere = elsewhere
        live = [m for m in live if m not in elsewhere]
    conditions = [m for m in mentions.live_amounts if m.condition]
    for m in conditions:
        if _threshold_condition(rule, m):
            b.met_conditions.append(m)
        elif m.approx:
            b.rough.append(m)
    b.rough += [m for m in mentions.amounts if m.about and not (m.prior or m.claim or m.corrected)]
    for inp in rule.inputs:
        if inp.unit == "yuan" and inp.prior:
            priors = mentions.priors
            if any(c.scope == "annual" for c in rule.caps) and not any(
                c.scope == "cumulative" for c in rule.caps
            ):
                # under a cap per year, what earlier years paid ("前几年拿过补助，一共350万") is not this year's
                priors = [m for m in priors if not _EARLIER_YEARS.search(m.before)]
            periods = {m.period for m in priors if m.period}
            if (
                len(priors) > 1
                and len(periods) == len(priors)
                and any(c.scope == "cumulative" for c in rule.caps)
            ):
                # what each period received under one cap over the whole project period: the cap used is their sum
                b.inputs[inp.name] = sum((m.value for m in priors), Decimal(0))
                b.used += priors
            elif priors:
                b.inputs[inp.name] = priors[-1].value
                b.used.append(priors[-1])
            elif rule.source and _received_in_full(source := catalogue().get(rule.source), mentions.text):
                # "挂牌补贴拿满了": what was received is the earlier stage's whole sum, as its clause states
                paid = source.amount_max or source.amount
                if paid is not None:
                    b.inputs[inp.name] = paid.value
                    b.full_prior = source
                elif not inp.optional:
                    b.missing = b.missing or inp
            elif not inp.optional:
                b.missing = b.missing or inp  # a difference needs what the earlier stage paid
            continue
        if inp.unit == "yuan":
            pool = [m for m in live if m not in b.used]
            if not pool:
                if not inp.optional:
                    b.missing = b.missing or inp
                continue
            conflicting = [m for m in pool if m.conflict]
            if conflicting and inp is rule.main_input:
                b.unclear = conflicting  # the asker restated the figure as another value: which is it
                continue
            amounts = [i for i in rule.inputs if i.unit == "yuan" and not i.prior]
            if len(amounts) > 1 and len(pool) > 1 and any(OF_WHICH.search(m.before) for m in pool[1:]):
                # "研发费用500万，其中形成无形资产的200万": one figure is part of the other; which input
                # each is, and whether to take the rest, is the asker's to say
                b.unclear = pool
                continue
            if inp.increase and (grown := balance_growth(pool, mentions)) is not None:
                # "余额年初1.2亿，年末1.6亿": the growth the rule pays on is the later balance less the earlier
                b.inputs[inp.name] = grown[1].value - grown[0].value
                b.used += list(grown)
                b.increase = (inp.name, *grown)
                continue
            strength = {id(m): cue_strength(m, inp) for m in pool}
            # a figure named by the words of the rule's threshold and not the input's (研发投入300万 beside 今年实际
            # 支出250万, against 研发投入在200万元以上) states the condition met, when another figure is said
            stated = [
                m
                for m in pool
                if not strength[id(m)]
                and any(
                    t.unit == "yuan" and threshold_strength(m, t) > 0 and meets(m.value, t)
                    for t in rule.thresholds
                )
            ]
            role = [t for t in tokenize(inp.role_zh) if len(t) >= 2]
            # ... only when a figure left says the input's own words (今年实际支出250万), not another
            # quantity (国拨经费100万)
            rest = [m for m in pool if m not in stated]
            if (
                stated
                and rest
                and any(strength[id(m)] or any(t in own_words(m, mentions) for t in role) for m in rest)
            ):
                b.met_conditions += [m for m in stated if m not in b.met_conditions]
                pool = rest
            if inp.parts and (summed := parts_summed(inp, pool, mentions)) is not None:
                # "设备投入2400万，技术投入600万" of 设备和技术投入总额: the total is their sum
                b.inputs[inp.name] = sum((m.value for m in summed), Decimal(0))
                b.used += summed
                b.summed = (inp.name, summed)
                continue
            for m in pool if inp.parts else []:
                # a figure whose own words name every component ("买设备和技术一共花了2,800万") is the total
                own = own_words(m, mentions)
                if all(any(w.lower() in own for w in part) for part in inp.parts):
                    strength[id(m)] = max(strength[id(m)], float(len(inp.role_zh)) / 2)
            # a figure said as what actually happened (实际结算到账500万) beside one said as on paper (合同上写的
            # 800万, 批复2000万): a rule paying on what actually happened takes the actual one
            actual = [m for m in pool if ACTUAL.search(m.before[-10:])]
            paper = [m for m in pool if m not in actual and PAPER.search(m.before[-10:])]
            if actual_role(inp) and actual and paper:
                b.set_aside += paper
                pool = [m for m in pool if m not in paper]
                strength.update({id(m): max(strength[id(m)], 1.0) for m in actual})
            with_cue = [m for m in pool if strength[id(m)] > 0]
            if not with_cue and (english := role_words_said(inp, pool, mentions)):
                # the role's own English words, counted in each figure's clause: the one saying most of them,
                # if one alone does ("the confirmed principal loss is RMB 1.5 million" against "loan principal")
                top = max(english.values())
                leaders = [m for m in pool if english[id(m)] == top]
                if top > 0 and len(leaders) == 1:
                    strength = {id(m): float(english[id(m)]) for m in pool}
                    with_cue = leaders
            topic = None if with_cue else _topic_input(rule, pool, mentions.text)
            if topic is not None and topic is not inp:
                continue  # "那形成无形资产的呢？我们有个成本400万的": the sentence before names the other input
            distinct = {m.value for m in pool}
            if with_cue:
                # of figures named alike, one whose clause names another party of the rule's kind is that
                # party's ("孵化器运营成本100万，众创空间运营成本60万": the 60万 is the maker space's)
                chosen = max(
                    with_cue,
                    key=lambda m: (own_party(rule, mentions.text[: m.start]), strength[id(m)], m.start),
                )
                # the other figures, stated as what comes out ("…is 5 million", "…是500万"), are claims
                for other in pool:
                    if (
                        other is not chosen
                        and other.start > chosen.start
                        and _STATED.search(other.before[-6:])
                    ):
                        b.claims.append(other)
            elif inp.optional and topic is not inp and rule.base_rules:
                # a rule building on another's sum (上浮10%) uses that sum unless its words name one: a figure
                # they do not name (募资8个亿) is no subsidy received
                continue
            elif len(distinct) == 1:
                chosen = pool[-1]
            elif pool[0].listed and all(m.listed == pool[0].listed for m in pool):
                chosen = pool[
                    0
                ]  # one list of items ("一笔600万，一笔1.2亿，还有一笔300万"): each is computed
            elif any(m.corrects for m in pool):
                chosen = [m for m in pool if m.corrects][-1]
            elif (
                inp is rule.main_input
                and len({m.period for m in pool}) == len(pool)
                and all(m.period for m in pool)
                and any(c.scope == "cumulative" for c in rule.caps)
            ):
                # one quantity in successive periods (去年实际支出500万…今年又花了300万) under a cap over the
                # project period: the periods are taken in turn below
                chosen = pool[-1]
            else:
                b.unclear = pool
                continue
            timed = [m for m in pool if m.period and not m.prior]
            if (
                inp is rule.main_input
                and chosen in timed
                and len({m.period for m in timed}) > 1
                and any(c.scope == "cumulative" for c in rule.caps)
            ):
                # figures of successive periods under a cap over the whole project period: with what was
                # received stated, the latest period is asked about; else each period is an item, in turn
                if mentions.priors and any(i.prior for i in rule.inputs):
                    # what was received is stated: the latest period, against it
                    chosen = timed[-1]
                    b.used += [m for m in timed if m is not chosen]
                else:
                    # each period in turn under the cap; one period asked about ("第二年还能配套多少",
                    # "今年这笔能拿多少") is the latest, after what the earlier ones took of the cap
                    b.inputs[inp.name] = timed[0].value
                    b.used += timed
                    # the period the asking words name ("第一年能拿多少" after both years' figures), else the last
                    asked = [
                        re.sub(r"\s+", "", p).lower()
                        for p in PERIOD.findall(mentions.text[max(m.end for m in timed) :])
                    ]
                    upto = next(
                        (i for i, m in enumerate(timed) if asked and m.period == asked[-1]), len(timed) - 1
                    )
                    b.items = [m.value for m in timed[: upto + 1]]
                    b.latest = "" if TOTAL_Q.search(mentions.text) else timed[upto].period
                    b.claims = [c for c in b.claims if c not in timed]
                    continue
            b.inputs[inp.name] = chosen.value
            b.used.append(chosen)
            each = _EACH.search(chosen.before)
            counted = [
                c
                for c in mentions.counts
                if c.end <= chosen.start and (not each or not each.group(2) or c.text.endswith(each.group(2)))
            ]
            if inp is rule.main_input and each and counted:
                # "投了20笔，每笔3000万": that many items of the figure (the count in the same counter word,
                # nearest before it), each computed under the caps
                n = int(counted[-1].value)
                if 1 < n <= MAX_ITEMS:
                    b.items = [chosen.value] * n
                    b.used.append(counted[-1])
                    continue
            listed = [m for m in pool if chosen.listed and m.listed == chosen.listed]
            if len(listed) > 1 and inp is rule.main_input:
                b.items = [m.value for m in listed]
                b.separate = separate_units(rule, mentions, listed)
                b.used += [m for m in listed if m is not chosen]
                b.claims = [c for c in b.claims if c not in listed]
        elif inp.unit == "count":
            if mentions.counts:
                kept, left_out, clear = count_items(rule, mentions)
                if not clear:
                    b.unclear = b.unclear or mentions.counts
                    continue
                b.inputs[inp.name] = int(sum(c.value for c in kept))
                b.used += kept
                b.counted = kept if len(kept) > 1 else []
                b.left_out = left_out
            elif not inp.optional:
                b.missing = b.missing or inp
        elif inp.unit == "percent":
            if mentions.percents:
                b.inputs[inp.name] = str(mentions.percents[-1].value)
                b.used.append(mentions.percents[-1])
            elif not inp.optional:
                b.missing = b.missing or inp
    yuan_inputs = [i for i in rule.inputs if i.unit == "yuan" and not i.prior]
    if (
        len(yuan_inputs) > 1
        and all(i.optional for i in yuan_inputs)
        and not any(i.name in b.inputs for i in yuan_inputs)
    ):
        b.missing = b.missing or yuan_inputs[0]  # e.g. 加计扣除: at least one of its amounts is needed
    return b


def same_amount(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) < Decimal("0.5")
