"""Counts in a question: how several counts of one per-unit rule add up (count_items), and counts of
items, each beside the name of a fixed sum paid per item ("重大课题2项、应用基础研究5项、软科学3项"): the
question lists several rules at once, each with how many of its items the asker has."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from assistant.intent import TOTAL_Q
from assistant.query_rewrite import rewrite_query
from assistant.understanding.cues import meets, threshold_strength
from assistant.understanding.family import distinguishing
from assistant.understanding.mentions import SPAN, Mention, Mentions, clause_start, span_number, span_years
from calculators.catalogue import Catalogue, Rule, catalogue

# A fixed sum paid per item: the clause's counter word after 每 ("每年每项支持", "每认定一家")
PER_ITEM = re.compile(r"每(?:认定)?(?:一)?([项个家所])")
ALIKE = {"项": "项个", "个": "个项", "家": "家个", "所": "所个"}  # counters that count the same things
_BETWEEN = re.compile(r"[新的]?")  # what may stand between a count and the name after it ("2个新的…")
_DENIED = re.compile(r"没|未|不是|尚未|还没|不够|落选")  # a sentence that denies its items were funded


@dataclass(frozen=True)
class Counted:
    rule: Rule
    count: int
    mention: Mention


_COUNTED_NOUNS = (
    "",
    "项目",
    "课题",
    "研究",
    "研究项目",
    "研究课题",
)  # what may follow a name before its count


def _stems(before: str) -> list[str]:
    """The words before a count without the noun it counts ("软科学研究项目3项" -> 软科学研究项目, 软科学研究,
    软科学): a name ending one of them is named right before the count."""
    return [before[: len(before) - len(n)] for n in _COUNTED_NOUNS if before.endswith(n)]


def _names(rule: Rule) -> list[str]:
    return [a for a in rule.aliases if len(a) >= 2 and not a.isascii()]


def _named_at(text: str, m: Mention, rules: list[Rule]) -> list[tuple[int, Rule]]:
    """Rules named right after the count ("2个应用基础研究项目") or right before it ("应用基础研究5项"),
    by the length of the longest name found."""
    after, before = text[m.end : m.end + 16], text[max(0, m.start - 12) : m.start]
    stems = _stems(before)
    found = []
    for rule in rules:
        per = PER_ITEM.search(rule.clause)
        if per is None or m.text[-1] not in ALIKE[per.group(1)]:
            continue  # "5个人" does not count what the clause pays per
        best = 0
        for name in _names(rule):
            at = after.find(name)
            if (at >= 0 and _BETWEEN.fullmatch(after[:at])) or any(st.endswith(name) for st in stems):
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
            return []
        found = _named_at(text, m, rules)
        if not found:
            return []  # a count of something else ("批了2个", "其中1个"): not a plain list of items
        longest = max(n for n, _ in found)
        named.append((m, [r for n, r in found if n == longest]))
    if len(named) < 2:
        return []
    sentences = {s for s in re.split(r"[。？?！!]", text) for m, _ in named if m.text in s}
    if any(_DENIED.search(s) for s in sentences):
        return []  # "…都没有获得立项": items not (yet) funded are not summed
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


_CLAUSE_END = re.compile(r"[，。；,;！？!?]")
# a clause counting items already paid, of an earlier year, or of others counted ("其中1个升级为省级")
_NOT_NOW = re.compile(r"已经?(?:拿|领|获)|拿过|领过|去年|前年|往年|上年|其中|当中|里面有")


def counted_in_clauses(text: str, mentions: Mentions, members: list[Rule], cat: Catalogue) -> list[Counted]:
    """Counts each said in a clause naming one fixed sum of a clause's several ("三家子公司今年第一次拿到高新证，
    另外两家是到期重新认定的"): two or more, each of a different sum, or one of units with a total asked. Counts of
    something else (800多人) are left out; a count whose clause names none of the sums, or several, leaves the
    question as it is."""
    fixed = [r for r in members if r.kind == "fixed"]
    counts = [m for m in mentions.counts if m.text[-1] in "家个项所" and m.value == int(m.value)]
    # one count is enough when a total is asked ("3家子公司首次认定高企，一共能拿多少"), of units (家, 项, 所), not
    # of people or things counted with 个 ("5个人的团队")
    if len(counts) == 1 and (not TOTAL_Q.search(text) or counts[0].text[-1] == "个"):
        return []
    if len(fixed) < 2 or not counts:
        return []
    out: list[Counted] = []
    for m in counts:
        earlier = [c.end for c in mentions.counts if c.end <= m.start]
        start = max([clause_start(text, m.start), *earlier])
        end = next((e.start() for e in _CLAUSE_END.finditer(text, m.end)), len(text))
        clause = text[start:end]
        sentence = (
            re.split(r"[。？?！!；;]", text[: m.start])[-1] + re.split(r"[。？?！!；;]", text[m.start :])[0]
        )
        if _DENIED.search(clause) or _NOT_NOW.search(sentence):
            return []  # items not funded, already paid, of an earlier year, or a subset of others
        marks = distinguishing(
            fixed, rewrite_query(clause), cat
        )  # 头一回 names 首次 as the documents write it
        best = max(marks.values())
        named = [r for r in fixed if marks[r.id] == best]
        if best <= 0 or len(named) != 1:
            return []
        out.append(Counted(named[0], int(m.value), m))
    if len({c.rule.id for c in out}) != len(out):
        return []
    return out


# Question-type cues between two counts: the later adds to the earlier ("3家…，另外1家…，还有1家"), or is
# a part of it ("7家，其中4家…").
_ADDS = re.compile(r"另外|还有|以及|再加上|加上|再有|、|和")
_PART = re.compile(r"其中|[：:]")
_SPAN = r"\s*" + SPAN + r"(半|多)?"


def count_items(rule: Rule, mentions: Mentions) -> tuple[list[Mention], list[tuple[Mention, str]], bool]:
    """The counts of a per-unit rule: one, or several the words add up ("3家在孵企业…，另外1家去年毕业的…"),
    a total's parts ("7家，其中4家在孵"), each without those whose own clause states a span of time the
    rule's year threshold rules out ("还有1家毕业三年的"). Returns the counts kept, those left out with
    their span, and whether the counts are clear (several, with no word adding them up: ask)."""
    counts = list(mentions.counts)
    text = mentions.text
    if len(counts) == 1:
        return counts, [], True
    parts = list(counts)
    totals: list[Mention] = []
    for earlier, later in pairwise(counts):
        if _PART.search(text[earlier.end : later.start]) and earlier in parts:
            parts.remove(earlier)  # a total, told in its parts
            totals.append(earlier)
    told_sum = sum(c.value for c in parts)
    if len(totals) > 1 or (totals and told_sum > totals[0].value):
        return [], [], False
    # parts that do not make up the total ("7家，其中4家在孵"): the rest is known only when every part told is
    # one the rule rules out ("8家，其中2家已经毕业三年了": the other 6)
    partial = bool(totals) and told_sum != totals[0].value
    # after 其中, the counts that follow are the total's parts, listed with a comma alone
    told = [_PART.search(text[a.end : b.start]) is not None for a, b in pairwise(counts)]
    joined = all(
        _ADDS.search(text[a.end : b.start]) or any(told[: i + 1]) for i, (a, b) in enumerate(pairwise(counts))
    )
    if not joined:
        return [], [], False
    years = [t for t in rule.thresholds if t.unit == "year" and t.cues]
    event = _event_words(rule)
    kept, left_out = [], []
    met: list[
        Mention
    ] = []  # parts whose own span of time was said and meets the limit ("其中一家是毕业一年的")
    for i, c in enumerate(parts):
        end = parts[i + 1].start if i + 1 < len(parts) else len(text)
        clause = re.split(r"[，,。；;？?]", text[c.end : end])[0]
        if not totals and i and not any(w in clause for w in event):
            return [], [], False  # "还有2家正在申报": a count added that the rule's event is not said of
        failed = None
        for t in years:
            cue = "(?:" + "|".join(map(re.escape, t.cues)) + ")[都已快近满了有]{0,2}"  # 毕业都3年多了
            for m in re.finditer(cue + _SPAN, clause):
                span = _years(m)
                if span is not None and not meets(span, t):
                    failed = m.group(0)
                elif span is not None:
                    met.append(c)
            # a span said before the cue ("三年前就毕业的"), as the duration reader found it in this clause
            for d in mentions.durations:
                inside = c.end <= d.start and d.end <= c.end + len(clause)
                if failed is None and inside and threshold_strength(d, t) > 0 and not meets(d.value, t):
                    failed = d.text
        if failed is None:
            kept.append(c)
        else:
            left_out.append((c, failed))
    if partial:
        if not kept and left_out:
            return [replace(totals[0], value=totals[0].value - told_sum)], left_out, True
        if kept and not left_out and all(c in met for c in kept):
            # the parts told are ones the asker checks against the limit, and they meet it: all count
            return [totals[0]], [], True
        return [], [], False
    if not kept:
        return [], left_out, False
    return kept, left_out, True


def _event_words(rule: Rule) -> list[str]:
    """The words of the rule's title a count's clause repeats when the rule's event is said of it (认定):
    its two-character words, less those naming a party (企业, 孵化器)."""
    title = re.sub(r"（[^）]*）", "", rule.title_zh)
    parties = " ".join(w for words in catalogue().beneficiary_words.values() for w in words)
    pairs = (title[i : i + 2] for i in range(len(title) - 1))
    return [
        p
        for p in pairs
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", p)
        and p not in parties
        and not re.search(r"[的为被了和与及或在]", p)
    ]


def _years(m: re.Match[str]) -> Decimal | None:
    n = span_number(m.group(1))
    if n is None:
        return None
    if m.group(3) == "多":
        n += Decimal("0.01")  # "2年多" is more than 2 years
    return span_years(n, m.group(2), m.group(3))
