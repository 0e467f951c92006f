"""From rule candidates to a decision: compute, show each level, ask which rule, ask for an amount, or
no rule. Level words, entity types and article numbers come from the catalogue; the thresholds are
calibrated on the development set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from assistant.intent import DIFFERENCE_Q
from assistant.query_rewrite import rewrite_query
from assistant.references import blank_titles, detect_doc
from assistant.understanding.binding import Binding, bind, cue_strength, meets, threshold_strength
from assistant.understanding.mentions import Mentions
from assistant.understanding.rule_index import RuleHit, RuleIndex, squash
from calculators.catalogue import Catalogue, Rule
from ingest.bm25 import tokenize

# Calibrated on evals/conversations.jsonl (development set) with evals/calibrate.py.
FLOOR = 0.46  # below this the best rule is not what the question is about
FIXED_FLOOR = 0.6  # a fixed award named with no figure needs a plainer match (it has no amount to bind)
STRONG = 0.9  # a rule score this high names the rule plainly (calibrated with evals/calibrate.py)
MARGIN = 0.12  # a winner must lead the next different rule by this much, or we ask which
ARTICLE_BONUS = 1.0
LEVEL_BONUS, LEVEL_PENALTY = 0.3, 0.6
ENTITY_BONUS = 0.12
DOC_BONUS = 0.6  # a question naming a document ("三年行动计划里…") is about that document's rules
TWIN_SIMILARITY = 0.7
RESTATE_SIMILARITY = 0.5  # a fixed "up to X" elsewhere restating a rule that computes up to X  # two documents' clauses this alike state one measure (第七条 and 计划第12项)
CUE_BONUS = 0.25
FIT_BONUS = 0.1
PAY_BONUS = 0.06
NEGATED_PENALTY = 0.5
THRESHOLD_PENALTY = 0.5
# Question-type cue: what the asker calls the money (a rule's own title says which it pays).
PAY_WORDS = ("奖励", "补贴", "补助", "补偿", "资助", "reward", "subsidy", "grant", "compensation")

_NEGATION = re.compile(
    r"(不是|并非|非|没有|还没|尚未|不属于|未被|未|不做|不搞|不开展|不涉及|不参与|"
    r"not an?|not|no longer|isn't|aren't|don't do|do not do)\s*$",
    re.IGNORECASE,
)


def ruled_out(hit: RuleHit, text: str) -> bool:
    """The question names the rule only to rule it out ("不做投贷联动")."""
    return bool(hit.aliases) and all(_negated_everywhere(text, a) for a in hit.aliases)


def _negated_everywhere(text: str, word: str) -> bool:
    low, w = text.lower(), word.lower()
    spots = [m.start() for m in re.finditer(re.escape(w), low)]
    return bool(spots) and all(negated_at(low, at) for at in spots)


def negated_at(text: str, start: int) -> bool:
    """Whether the words just before ``start`` negate what follows ("不是省级", "不做投贷联动")."""
    return bool(_NEGATION.search(text[max(0, start - 8) : start].lower()))


Action = Literal["compute", "levels", "ask_rule", "ask_input", "ask_amount", "none"]


@dataclass
class Entities:
    present: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)  # what the asker says they are ("我们是…", "作为…")


# Question-type cue: the asker saying what they are.
_SELF = re.compile(
    r"(我们|我司|本公司|我们公司|我们单位|我|咱们)(就|也|都)?(是|属于|算)|作为|身为|we are|we're|i am|i'm|as an?",
    re.IGNORECASE,
)


def read_entities(text: str, cat: Catalogue) -> Entities:
    """Entity types named in the text (from the beneficiary vocabulary), and those negated."""
    _CATALOGUES[id(cat)] = cat
    found = _entities(text, id(cat))
    return Entities(list(found.present), list(found.negated), list(found.own))


_WORD_PATTERNS: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
_CATALOGUES: dict[int, Catalogue] = {}


@lru_cache(maxsize=4096)
def _entities(text: str, cat_id: int) -> Entities:
    cat = _CATALOGUES[cat_id]
    low = text.lower()
    patterns = _WORD_PATTERNS.get(cat_id)
    if patterns is None:
        patterns = []
        for name, words in cat.beneficiary_words.items():
            for w in sorted(words, key=len, reverse=True):
                wl = w.lower()
                patterns.append(
                    (
                        name,
                        re.compile(rf"(?<![a-z]){re.escape(wl)}(?![a-z])" if wl.isascii() else re.escape(wl)),
                    )
                )
        _WORD_PATTERNS[cat_id] = patterns
    out = Entities()
    spans: list[tuple[int, int, str]] = []
    for name, pattern in patterns:
        for m in pattern.finditer(low):
            spans.append((m.start(), m.end(), name))
    # the longest word wins where words overlap (高新技术企业 over 企业)
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    for start, end, name in spans:
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        negated = negated_at(low, start)
        target = out.negated if negated else out.present
        if name not in target:
            target.append(name)
        before = low[max(0, start - 14) : start]
        clause = re.split(r"[，。；,;！？!?]", before)[-1]
        if not negated and _SELF.search(clause) and name not in out.own:
            out.own.append(name)
    return out


_KIN: dict[int, set[frozenset[str]]] = {}


def same_kind(a: str, b: str, cat: Catalogue) -> bool:
    """Two level words are alternatives of one another when one article pays both (国家级/省级 in
    第三十一条, 首次/重新 in 第十四条): read from the catalogue, not listed here."""
    kin = _KIN.get(id(cat))
    if kin is None:
        kin = set()
        groups: dict[tuple, set[str]] = {}
        for r in cat:
            if r.level:
                groups.setdefault((r.doc_id, r.article, r.item, r.section), set()).add(r.level)
        for levels in groups.values():
            kin |= {frozenset((x, y)) for x in levels for y in levels if x != y}
        _KIN[id(cat)] = kin
    return a == b or frozenset((a, b)) in kin


@lru_cache(maxsize=4096)
def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", ""), autojunk=False).ratio()


def twins(a: Rule, b: Rule) -> bool:
    """Two documents' clauses that state one measure (意见 and 52号文 restating each other)."""
    return a.doc_id != b.doc_id and _similarity(a.clause, b.clause) >= TWIN_SIMILARITY


def at_article(rule: Rule, articles: list[tuple[str, int]]) -> bool:
    return any(
        rule.doc_id == d and (rule.article == n or (rule.article is None and rule.item == n))
        for d, n in articles
    )


def level_words(cat: Catalogue) -> list[str]:
    return sorted({r.level for r in cat if r.level}, key=len, reverse=True)


def levels_in(text: str, cat: Catalogue) -> list[str]:
    """The levels the text names, in order; a negated one ("不是省级的") is not the level asked about."""
    found = [(text.find(lv), lv) for lv in level_words(cat) if lv in text]
    return [lv for at, lv in sorted(found) if not negated_at(text, at)]


def family(rule: Rule, cat: Catalogue) -> list[Rule]:
    """The rules of the same article or item: its levels and kinds (国家级/省级, 首次/重新, 孵化器/众创空间)."""
    return [
        r
        for r in cat
        if r.doc_id == rule.doc_id
        and (r.article, r.item, r.section) == (rule.article, rule.item, rule.section)
    ]


def _words(rule: Rule) -> frozenset[str]:
    return _rule_words(rule.title_zh, tuple(rule.aliases), rule.level or "")


@lru_cache(maxsize=1024)
def _rule_words(title: str, aliases: tuple[str, ...], level: str) -> frozenset[str]:
    return frozenset(tokenize(" ".join([title, *aliases]))) | ({level} if level else frozenset())


def distinguishing(members: list[Rule], text: str, cat: Catalogue) -> dict[str, int]:
    """For rules of one article, how many of the words that set each apart from the others the text uses."""
    words = {r.id: _words(r) for r in members}
    asked = set(tokenize(text)) | set(levels_in(text, cat))
    out = {}
    for r in members:
        others: set[str] = (
            set().union(*(w for k, w in words.items() if k != r.id)) if len(members) > 1 else set()
        )
        own = words[r.id] - others
        shared = words[r.id] & others
        out[r.id] = 2 * len(own & asked) + len(shared & asked)
    return out


@dataclass
class Decision:
    action: Action
    rule: Rule | None = None
    rules: list[Rule] = field(default_factory=list)  # the levels to show, or the rules to ask between
    binding: Binding = field(default_factory=Binding)
    hits: list[RuleHit] = field(default_factory=list)


RANK_MEMO = 1024  # (question, context, articles, mentions) rankings kept; a turn ranks its text several times


def rank(
    index: RuleIndex,
    text: str,
    mentions: Mentions,
    *,
    articles: list[tuple[str, int]] | None = None,
    context: str = "",
) -> list[RuleHit]:
    """Rule candidates for the question, adjusted by what it names: article, level, entity, amount cues."""
    key = (text, context, tuple(articles or ()), repr(mentions))
    with index.ranked_lock:
        hits = index.ranked.get(key)
        if hits is not None:
            index.ranked.move_to_end(key)
    if hits is None:
        hits = _rank(index, text, mentions, articles, context)
        with index.ranked_lock:
            index.ranked[key] = hits
            if len(index.ranked) > RANK_MEMO:
                index.ranked.popitem(last=False)
    # callers adjust scores of what they get: each gets its own copies
    return [RuleHit(h.rule, h.score, dict(h.parts), list(h.aliases)) for h in hits]


def without_titles(text: str, cat: Catalogue) -> str:
    """The question with the documents' own titles blanked (see assistant.references.blank_titles)."""
    hinted = detect_doc(text)
    docs = [cat.documents[hinted]] if hinted in cat.documents else list(cat.documents.values())
    return blank_titles(text, [d.title_zh for d in docs])


def _rank(
    index: RuleIndex, text: str, mentions: Mentions, articles: list[tuple[str, int]] | None, context: str
) -> list[RuleHit]:
    cat = index.cat
    named_doc = detect_doc(text)  # before the titles are blanked: a title names its document
    text, context = without_titles(text, cat), without_titles(context, cat)
    query = rewrite_query(f"{context} {text}".strip())  # colloquial and English words get the documents' own
    hits = index.search(query, k=12, dense=False)
    if not hits or hits[0].score < FLOOR + MARGIN or hits[0].score - hits[1].score < MARGIN:
        hits = index.search(query, k=12)  # unclear on words alone: add meaning
    levels = levels_in(text, cat) or levels_in(context, cat)
    entities = read_entities(text, cat)
    if articles:  # a question that names an article is about that article's rules only
        hits = [
            h for h in index.search(query, k=len(index.rules), dense=False) if at_article(h.rule, articles)
        ]
        for h in hits:
            h.score += ARTICLE_BONUS
    rival_docs = len({h.rule.doc_id for h in hits if h.score >= FLOOR}) > 1
    for h in hits:
        r = h.rule
        if levels:
            # 省级 named: a rule whose own name carries another level (国家级) is not meant, one with 省级 is
            own = set(levels_in(" ".join([r.title_zh, *r.aliases, r.level or ""]), cat))
            if own & set(levels):
                h.score += LEVEL_BONUS
            elif own and any(same_kind(a, b, cat) for a in own for b in levels):
                h.score -= LEVEL_PENALTY
        if r.doc_id == named_doc and h.score >= FLOOR and rival_docs:
            h.score += DOC_BONUS  # it settles between documents whose rules the words fit, lifts none alone
        if any(b in entities.present for b in r.beneficiaries):
            h.score += ENTITY_BONUS
        if any(b in entities.negated for b in r.beneficiaries):
            h.score -= ENTITY_BONUS
        if ruled_out(h, text):
            h.score -= NEGATED_PENALTY  # "不做投贷联动，只发信用贷款": the rule named is the one ruled out
        # What the question brings must fit the rule: an amount already received only means something
        # under a cap that accumulates (annual, cumulative); a count only for a per-unit rule.
        if mentions.priors:
            takes_prior = any(i.prior for i in r.inputs) and (
                r.kind == "difference" or any(c.scope in ("annual", "cumulative") for c in r.caps)
            )
            h.score += FIT_BONUS if takes_prior else -FIT_BONUS
        if mentions.counts and any(i.unit == "count" for i in r.inputs):
            h.score += FIT_BONUS
        said = [w for w in PAY_WORDS if w in text.lower()]
        if said and any(w in (r.title_zh + " " + r.title_en).lower() for w in said):
            h.score += PAY_BONUS
        prior_input = next((i for i in r.inputs if i.prior), None)
        if prior_input is not None and mentions.priors:
            strength = max(cue_strength(m, prior_input) for m in mentions.priors)
            h.score += CUE_BONUS * min(strength / 2, 1.5)
        # A figure plainly about the quantity a threshold is on (项目研发投入800万 against 1000万以上)
        # decides whether the rule can apply at all.
        for t in r.thresholds:
            if t.unit != "yuan" or (
                len(mentions.amounts) < 2 and not any(m.condition for m in mentions.amounts)
            ):
                continue  # a lone figure is the base to compute from, whatever it is called
            for m in mentions.amounts:
                if m.prior or m.claim or m.corrected or threshold_strength(m, t) < 2:
                    continue
                h.score += FIT_BONUS if meets(m.value, t) else -THRESHOLD_PENALTY
                break
        main = r.main_input
        if main is not None and mentions.live_amounts:
            strength = max(cue_strength(m, main) for m in mentions.live_amounts)
            h.score += CUE_BONUS * min(strength / 2, 1.5)
    by_id = {h.rule.id: h for h in hits}
    for h in hits:
        bases = [by_id[b] for b in h.rule.base_rules if b in by_id]
        if h.rule.kind == "uplift" and bases and set(entities.present) & set(h.rule.beneficiaries):
            # 第五十四条 for a 军民融合企业 asking about a listing: the raise of the listing rule asked about
            h.score = max(h.score, max(b.score for b in bases) + 2 * FIT_BONUS)
    hits.sort(key=lambda h: -h.score)
    if hits and hits[0].rule.main_input is None and mentions.live_amounts:
        # "我们是国际科技合作基地，购买外方技术350万": the clause's rule that takes the figure is the one asked
        # about, not its sibling that pays a fixed sum to the same asker
        top = hits[0]
        kin = {r.id for r in family(top.rule, cat)}
        most = top.rule.amount_max or top.rule.amount
        for h in hits[1:]:
            main = h.rule.main_input
            # a fixed "up to X" (意见: 最高可给予补助2000万元) and a rule computing up to X from the figure
            # (52号文: 研发设备投入额30%，最高2000万元) say the same thing: the one taking the figure answers
            restates = (
                most is not None
                and h.rule.doc_id != top.rule.doc_id
                and _similarity(h.rule.clause, top.rule.clause) >= RESTATE_SIMILARITY
                and any(c.amount.value == most.value for c in h.rule.caps)
            )
            if (h.rule.id in kin or restates) and main is not None and main.unit == "yuan":
                if max(cue_strength(m, main) for m in mentions.live_amounts) >= 1:
                    # (a restatement elsewhere is no rival to ask about: the computing rule leads by a margin)
                    h.score = max(h.score, top.score + FIT_BONUS + (MARGIN if restates else 0.0))
    if mentions.priors:
        # A difference (差额补贴) is asked about with the later stage's words and what the earlier stage
        # paid: it takes its target's match, ordered among its kind by its own words.
        by_id = {h.rule.id: h for h in hits}
        for h in hits:
            target = by_id.get(h.rule.target or "")
            if h.rule.kind == "difference" and target is not None:
                own_words = 0.1 * (h.parts.get("bm25", 0.0) + h.parts.get("alias", 0.0))
                h.score = max(h.score, target.score + FIT_BONUS + own_words)
    hits.sort(key=lambda h: -h.score)
    return hits


MULTI_PART = re.compile(
    r"分别|各[自是能有]?|和|与|跟|以及|还有|比(?![例重率])|both|each|respectively|and|than|compared",
    re.IGNORECASE,
)


def decide(hits: list[RuleHit], text: str, mentions: Mentions, cat: Catalogue) -> Decision:
    if not hits or hits[0].score < FLOOR:
        return Decision("none", hits=hits)
    if hits[0].rule.kind == "fixed" and hits[0].score < FIXED_FLOOR:
        return Decision("none", hits=hits)
    top = hits[0]
    fam = family(top.rule, cat)
    if len(fam) > 1:
        marks = distinguishing(fam, text, cat)
        best = max(marks.values())
        named = levels_in(rewrite_query(text), cat)  # 第一次认定 names 首次 as the documents write it
        leaders = [r for r in fam if best > 0 and marks[r.id] >= 0.75 * best]
        if named:  # levels named outright ("首次…重新…"): the rules whose names carry most of them
            overlap = {
                r.id: len(set(named) & set(levels_in(" ".join([r.title_zh, *r.aliases, r.level or ""]), cat)))
                for r in fam
            }
            most = max(overlap.values())
            if most:
                leaders = [r for r in fam if overlap[r.id] == most]
        close = [h.rule for h in hits if top.score - h.score < MARGIN and h.rule in fam]
        # Several parts asked at once ("首次认定和重新认定分别补多少"): each, labelled.
        several = MULTI_PART.search(text) or DIFFERENCE_Q.search(text)  # a difference compares two parts
        if several and not named and top.rule.kind == "fixed":
            # the parts asked for are fixed sums: the fixed rules whose own words the question uses most
            fixed = [r for r in fam if r.kind == "fixed"]
            most = max(marks[r.id] for r in fixed)
            leaders = [r for r in fixed if most > 0 and marks[r.id] >= 0.75 * most]
        if several and len(leaders) > 1 and all(r.kind == "fixed" for r in leaders):
            return Decision("levels", top.rule, leaders, hits=hits)
        if len(close) > 1:
            tied = [r for r in close if marks[r.id] == max(marks[c.id] for c in close)]
            if len(tied) == 1:
                top = next(h for h in hits if h.rule is tied[0])
            elif all(r.kind == "fixed" for r in tied):
                return Decision("levels", top.rule, tied, hits=hits)
            elif not any(_nested(tied[0], r) for r in tied[1:]):
                return Decision("ask_rule", top.rule, tied, hits=hits)
    twin = next(
        (
            h.rule
            for h in hits[1:6]
            if h.rule.doc_id != top.rule.doc_id and h.score >= FLOOR and twins(top.rule, h.rule)
        ),
        None,
    )
    if twin is not None and top.rule.kind == twin.kind == "fixed" and detect_doc(text) is None:
        said = {m.value for m in mentions.amounts}
        mine, theirs = top.rule.amount, twin.amount
        if mine is not None and theirs is not None and mine.value != theirs.value:
            if (theirs.value in said) != (mine.value in said):
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
            if len(leaders) == 1 and best > 0:
                top = next(h for h in hits if h.rule is leaders[0])
                rivals = []
    if rivals and all(r.kind == "fixed" for r in [top.rule, *(h.rule for h in rivals)]):
        # fixed amounts need no input: show each one, labelled, rather than ask
        return Decision("levels", top.rule, [top.rule, *(h.rule for h in rivals[:2])], hits=hits)
    if rivals:
        return Decision("ask_rule", top.rule, [top.rule, rivals[0].rule], hits=hits)
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
