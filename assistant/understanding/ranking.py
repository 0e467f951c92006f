"""Rule candidates for a question: the rule index's search, adjusted by what the question names (article,
level, entity, document, what its figures fit). Level words, entity types and article numbers come from
the catalogue."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.intent import LATER_Q
from assistant.query_rewrite import rewrite_query
from assistant.references import blank_titles, detect_doc
from assistant.understanding.cues import THRESHOLD_NAMED, cue_strength, meets, threshold_strength
from assistant.understanding.entities import levels_in, read_entities, ruled_out, same_kind
from assistant.understanding.family import at_article, clause_similarity, family
from assistant.understanding.margins import FLOOR, MARGIN
from assistant.understanding.mentions import Mention, Mentions, received_in_full
from assistant.understanding.rule_index import WEIGHTS, RuleHit, RuleIndex
from calculators.catalogue import Catalogue, Rule, Threshold

ARTICLE_BONUS = 1.0
LEVEL_BONUS, LEVEL_PENALTY = 0.3, 0.6
ENTITY_BONUS = 0.12
DOC_BONUS = 0.6  # a question naming a document ("三年行动计划里…") is about that document's rules
RESTATE_SIMILARITY = 0.5  # a fixed "up to X" elsewhere restating a rule that computes up to X
CUE_BONUS = 0.25
FIT_BONUS = 0.1
PAY_BONUS = 0.06
NEGATED_PENALTY = 0.5
THRESHOLD_PENALTY = 0.5
# Question-type cue: what the asker calls the money (a rule's own title says which it pays).
PAY_WORDS = ("奖励", "补贴", "补助", "补偿", "资助", "reward", "subsidy", "grant", "compensation")

RANK_MEMO = 1024  # (question, context, articles, mentions) rankings kept; a turn ranks its text several times


def threshold_fit(rule: Rule, mentions: Mentions) -> bool | None:
    """Whether a figure plainly about a threshold's quantity meets it; None when no figure speaks to one."""
    stated = [m for m in mentions.amounts if not m.corrected]
    if len(stated) < 2 and not any(m.condition for m in stated):
        return None  # a lone figure is the base to compute from, whatever it is called
    for t in rule.thresholds:
        if t.unit != "yuan":
            continue
        for m in _of_threshold(t, mentions):
            return meets(m.value, t)
    return None


def _of_threshold(t: Threshold, mentions: Mentions) -> list[Mention]:
    """The figures stated plainly as the quantity a threshold is about (项目研发投入800万)."""
    return [
        m
        for m in mentions.amounts
        if not (m.prior or m.claim or m.corrected) and threshold_strength(m, t) >= THRESHOLD_NAMED
    ]


def rank(
    index: RuleIndex,
    text: str,
    mentions: Mentions,
    *,
    articles: list[tuple[str, int]] | None = None,
    context: str = "",
    lexical: bool = False,
) -> list[RuleHit]:
    """Rule candidates for the question, adjusted by what it names: article, level, entity, amount cues.
    ``lexical``: words only, never the embedder (for a clause that must name a rule plainly)."""
    key = (text, context, tuple(articles or ()), repr(mentions), lexical)
    with index.ranked_lock:
        hits = index.ranked.get(key)
        if hits is not None:
            index.ranked.move_to_end(key)
    if hits is None:
        hits = _rank(index, text, mentions, articles, context, lexical)
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
    index: RuleIndex,
    text: str,
    mentions: Mentions,
    articles: list[tuple[str, int]] | None,
    context: str,
    lexical: bool = False,
) -> list[RuleHit]:
    cat = index.cat
    named_doc = detect_doc(text)  # before the titles are blanked: a title names its document
    text, context = without_titles(text, cat), without_titles(context, cat)
    entities = read_entities(text, cat)
    # colloquial and English words get the documents' own; the words the question denies ("不是高企",
    # "不在任何孵化器里") are not what it is about
    query = rewrite_query(f"{context} {entities.without_denied(text)}".strip())
    hits = index.search(query, k=12, dense=False)
    unclear = not hits or hits[0].score < FLOOR + MARGIN or hits[0].score - hits[1].score < MARGIN
    if unclear and not lexical:
        hits = index.search(query, k=12)  # unclear on words alone: add meaning
    levels = levels_in(text, cat) or levels_in(context, cat)
    if articles:  # a question that names an article is about that article's rules only
        hits = [
            h for h in index.search(query, k=len(index.rules), dense=False) if at_article(h.rule, articles)
        ]
        for h in hits:
            h.score += ARTICLE_BONUS
    rival_docs = len({h.rule.doc_id for h in hits if h.score >= FLOOR}) > 1
    out: set[str] = set()  # rules the question rules out by name
    # A figure meeting no rule's threshold (150万 against 200万 and 1000万以上) does not push the rules
    # it falls short of below one without a threshold: the best-worded rule then says it is not met.
    fits = {h.rule.id: threshold_fit(h.rule, mentions) for h in hits}
    any_met = any(fits[h.rule.id] for h in hits if h.score >= FLOOR)
    highest = _highest_met(hits, mentions)
    for h in hits:
        r = h.rule
        if levels:
            # 省级 named: a rule whose own name carries another level (国家级) is not meant, one with 省级 is
            own = level_names(r, cat)
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
        if any(b in entities.negated for b in r.excludes):
            h.score += ENTITY_BONUS  # "技术转移公司(不是高校的)": the party the clause leaves out, denied
        if ruled_out(h, text):
            h.score -= NEGATED_PENALTY  # "不做投贷联动，只发信用贷款": the rule named is the one ruled out
            out.add(h.rule.id)
        elif r.kind == "fixed" and _designation_only(h, text) and _kin_named(h, hits, text, cat):
            # "我们是国家工程研究中心，刚参加完…定期评估": what the asker is, not the award asked about, when
            # another sum of the clause is named by words of its own
            h.score -= WEIGHTS["alias"] * h.parts.get("alias", 0.0)
        elif r.kind == "fixed" and _received_only(h, text):
            h.score -= (
                NEGATED_PENALTY  # "新三板挂牌补贴拿满了，今年首发上市了": what was paid is not what is asked
            )
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
        # decides between rules whose thresholds it speaks to: the one it meets.
        if (fit := fits[r.id]) is not None:
            h.score += FIT_BONUS if fit else (-THRESHOLD_PENALTY if any_met else 0.0)
        if any(
            t.unit == m.unit and threshold_strength(m, t) > 0 for t in r.thresholds for m in mentions.foreign
        ):
            h.score += (
                CUE_BONUS  # "raise USD 12 million": the rule whose threshold is that sum, in that currency
            )
        main = r.main_input
        if main is not None and mentions.live_amounts:
            strength = max(cue_strength(m, main) for m in mentions.live_amounts)
            h.score += CUE_BONUS * min(strength / 2, 1.5)
    by_id = {h.rule.id: h for h in hits}
    if highest is not None:
        # of tiers on one quantity the figure meets (200万 and 1000万以上), the higher leads the others
        top_tier, tiers = highest
        lower = [by_id[t].score for t in tiers if t != top_tier and t in by_id]
        if top_tier in by_id and lower:
            lifted = max(lower) + MARGIN + FIT_BONUS / 10
            by_id[top_tier].score = max(by_id[top_tier].score, lifted)
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
                and clause_similarity(h.rule.clause, top.rule.clause) >= RESTATE_SIMILARITY
                and any(c.amount.value == most.value for c in h.rule.caps)
            )
            if (h.rule.id in kin or restates) and main is not None and main.unit == "yuan":
                if max(cue_strength(m, main) for m in mentions.live_amounts) >= 1:
                    # (a restatement elsewhere is no rival to ask about: the computing rule leads by a margin)
                    h.score = max(h.score, top.score + FIT_BONUS + (MARGIN if restates else 0.0))
    later = bool(LATER_Q.search(text))
    if mentions.priors or later:
        # A difference (差额补贴) is asked about with the later stage's words and what the earlier stage
        # paid, or with the earlier stage named and the later one asked again ("新三板挂牌…又在境内IPO了，
        # 还能再拿多少"): it takes its target's match, ordered among its kind by its own words.
        by_id = {h.rule.id: h for h in hits}
        asked = _asked_stage(index, text, mentions)
        for h in hits:
            target = by_id.get(h.rule.target or "")
            if target is not None and target.rule.id not in asked:
                continue  # its later stage is named only where the earlier one is told: not the stage asked
            named = (
                mentions.priors or h.parts.get("bm25", 0.0) > target.parts.get("bm25", 0.0)
                if target
                else False
            )
            if h.rule.kind == "difference" and target is not None and named:
                own_words = 0.1 * (h.parts.get("bm25", 0.0) + h.parts.get("alias", 0.0))
                h.score = max(h.score, target.score + FIT_BONUS + own_words)
    for h in hits:
        if h.rule.id in out:  # whatever else fits it, a rule the asker rules out is not the one meant
            h.score = min(h.score, FLOOR - 0.01)
    hits.sort(key=lambda h: -h.score)
    return hits


# Question-type cue: the asker says plainly what they are ("我们是…", "作为…"; not "我们被认定为…", the event)
_COPULA_SELF = re.compile(
    r"(我们|我司|本公司|我们公司|我们单位|咱们)(就|也|都)?(是|属于)|作为|身为|we are|we're|as an?\b",
    re.IGNORECASE,
)


_NEWLY = re.compile(
    r"新获批|刚获批|获批|新认定|刚认定|新晋|首次|第一次|刚刚?被|newly|just (?:approved|designated)"
)


def _designation_only(hit: RuleHit, text: str) -> bool:
    """Every alias of the rule the question says is said in a clause where the asker says what they are."""
    low = text.lower()
    said = [a.lower() for a in hit.aliases if a.lower() in low]
    if not said:
        return False
    for a in said:
        for m in re.finditer(re.escape(a), low):
            clause = re.split(r"[，,。；;！？!?]", low[: m.start()])[-1]
            if not _COPULA_SELF.search(clause) or _NEWLY.search(clause):
                return False  # "我们是新获批的国家重点实验室": being newly approved is the award's event
    return True


def _kin_named(hit: RuleHit, hits: list[RuleHit], text: str, cat: Catalogue) -> bool:
    """Another rule of the hit's clause is named by an alias said outside the asker's designation."""
    kin = {r.id for r in family(hit.rule, cat)}
    return any(
        o is not hit and o.rule.id in kin and o.aliases and not _designation_only(o, text) for o in hits
    )


def _received_only(hit: RuleHit, text: str) -> bool:
    """Every alias of the rule the question says lies in a clause telling its sum was received in full
    ("新三板挂牌补贴拿满了，…"), and the question goes on past it."""
    low = text.lower()
    said = [a.lower() for a in hit.aliases if a.lower() in low]
    if not said:
        return False
    clauses = [c for c in re.split(r"[，,。；;！？!?]", low) if c.strip()]
    received = [r.clause for r in received_in_full(text)]
    return (
        bool(received)
        and received[-1] != clauses[-1]
        and all(any(a in c for c in received) for a in said)
        and not any(a in c for a in said for c in clauses if c not in received)
    )


def _highest_met(hits: list[RuleHit], mentions: Mentions) -> tuple[str, list[str]] | None:
    """Rules setting tiers on one quantity (研发投入在200万元以上的重点项目, 在1000万元以上的重大项目) and a
    figure plainly of that quantity meeting several: the rule of the highest tier it meets."""
    met: dict[str, tuple[str, Decimal]] = {}
    for h in hits:
        for t in h.rule.thresholds:
            if (
                t.unit == "yuan"
                and t.op == "min"
                and any(meets(m.value, t) for m in _of_threshold(t, mentions))
            ):
                met[h.rule.id] = (t.role_zh, t.amount.value)
    if len(met) < 2 or len({role for role, _ in met.values()}) != 1:
        return None
    return max(met, key=lambda k: met[k][1]), list(met)


def _asked_stage(index: RuleIndex, text: str, mentions: Mentions) -> set[str]:
    """The rules the words after the earlier stage name: the text after the last figure received, else the
    last sentence ("新三板挂牌，…补贴拿满了。今年冲刺深交所首发上市，还能再给多少": the listing, not 新三板)."""
    if mentions.priors:
        tail = text[max(m.end for m in mentions.priors) :]
    else:
        sentences = [s for s in re.split(r"(?<=[。？?！!])", text) if s.strip()]
        tail = sentences[-1] if len(sentences) > 1 else text
    return {h.rule.id for h in index.search(rewrite_query(tail), k=12, dense=False) if h.score >= FLOOR}


def level_names(rule: Rule, cat: Catalogue) -> set[str]:
    return set(levels_in(" ".join([rule.title_zh, *rule.aliases, rule.level or ""]), cat))
