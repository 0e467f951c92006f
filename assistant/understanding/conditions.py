"""Whether the question says a rule's textual condition holds: a long stretch of the condition's own words
in one clause of the question, negated there or not ("还没进全国科技型中小企业信息库" against "企业纳入全国科技型
中小企业信息库"). General machinery over the catalogue's conditions; no words for any one rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.understanding.entities import negated_at
from calculators.catalogue import Rule, Term

MIN_SHARED = 5  # characters of a condition the question must repeat to be talking about it
MIN_NEGATED = 4  # fewer when it denies them ("不是牵头单位")
_CLAUSE = re.compile(r"[，。；,;！？!?\n]")
_NEGATION = re.compile(r"(不是|不在|不属于|不算|没有|没|未|尚未|非|无)")
# not denials: words with 不/无/未/非 inside, a question's A-not-A (算不算, 是不是, 有没有), and the
# rhetorical 不是说…吗 ("didn't it say…")
_NOT_NEGATION = re.compile(r"不过|不仅|不但|不少|不断|无论|未来|非常|不是说|([\u4e00-\u9fff])[不没]\1")
_ASKING_NOT = re.compile(r"\s*[不没][？?吗呢]?\s*")  # "…科技创新企业不？": a question, not a denial


@dataclass(frozen=True)
class Assessed:
    condition: str
    met: bool
    said: str  # the clause of the question that says so


def assess(rule: Rule, text: str, party_words: tuple[str, ...] = ()) -> list[Assessed]:
    """The rule's conditions the question speaks to, each met or not as the question says."""
    out: list[Assessed] = []
    parties = (*rule.beneficiaries, *party_words)
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    for condition in rule.conditions_zh:
        for clause in clauses:
            match = SequenceMatcher(None, clause, condition, autojunk=False).find_longest_match(
                0, len(clause), 0, len(condition)
            )
            shared = clause[match.a : match.a + match.size]
            end = match.a + match.size
            said_not = _negated(clause, match.a) or _negated_after(clause, end)
            if match.size < (MIN_NEGATED if said_not else MIN_SHARED):
                continue
            if not said_not and any(shared in name for name in (rule.title_zh, *rule.aliases)):
                continue  # naming the rule says nothing about its condition; denying part of it does
            if not said_not and len(_without(shared, parties)) < 3:
                continue  # naming who it is for ("和投资机构") says nothing about the condition either
            # met when the question says it the way the condition does ("没形成无形资产" against "未形成…")
            required_not = _negated(condition, match.b)
            both = {_negated(condition, m.start()) for m in re.finditer(re.escape(shared), condition)}
            # a condition setting out both cases ("未形成无形资产的…；形成无形资产的…") is met by either
            out.append(Assessed(condition, len(both) > 1 or said_not == required_not, clause.strip()))
            break
    return out


_COORDINATED = re.compile(
    r"\s*(?:或者?|和|与|及|以及|、|也不是|也没|,|，)?\s*"
)  # between two words one denial lists


def _negated(text: str, at: int) -> bool:
    return bool(_NEGATION.search(_NOT_NEGATION.sub("", text[max(0, at - 6) : at])))


_NEGATED_VERB = re.compile(r"^.{0,3}(不打算|不准备|不会|没有|没|未|不)")


def _negated_after(text: str, at: int) -> bool:
    """A denial right after the words ("注册地暂时不打算迁到大连")."""
    # a bracketed qualifier ("技术转移服务公司（不是高校的）") is not a denial of what came before it
    after = re.split(r"[（(]", text[at : at + 8], maxsplit=1)[0]
    if _ASKING_NOT.fullmatch(after):
        return False
    return bool(_NEGATED_VERB.search(_NOT_NEGATION.sub("", after)))


def _without(text: str, words: tuple[str, ...]) -> str:
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "")
    return text


@dataclass(frozen=True)
class ShortOfTerm:
    """A condition names a term its document defines by members, and the question denies some members
    and affirms none: who the rule needs is not (yet) shown to be there."""

    term: Term
    denied: list[str]
    rest: list[str]  # members the question does not speak of


def short_of_term(
    rule: Rule, text: str, terms: tuple[Term, ...], vocabulary: dict[str, tuple[str, ...]]
) -> ShortOfTerm | None:
    low = text.lower()
    for term in terms:
        if not any(term.term in c for c in (*rule.conditions_zh, rule.clause)):
            continue
        if any(not _negated(low, m.start()) for m in re.finditer(re.escape(term.term), low)):
            return None  # the question says the party is one
        denied: list[str] = []
        affirmed: list[str] = []
        for start, member, negated in _members_said(term, low, vocabulary):
            if not negated:
                affirmed.append(member)
            elif not _said_of(low, start, rule, vocabulary):
                denied.append(member)
        if denied and not affirmed:
            said = [m for m in term.members if m in denied]
            return ShortOfTerm(term, said, [m for m in term.members if m not in said])
    return None


def _members_said(
    term: Term, low: str, vocabulary: dict[str, tuple[str, ...]]
) -> list[tuple[int, str, bool]]:
    """The members of a defined term the question speaks of, in order: where, which, and whether denied."""
    spans = [
        (m.start(), m.end(), member)
        for member in term.members
        for word in term.member_words(member, vocabulary)
        for m in re.finditer(re.escape(word.lower()), low)
    ]
    # the longest word wins where words overlap (在孵 in 不在孵化器)
    taken: list[tuple[int, int, str]] = []
    for start, end, member in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(a < end and start < b for a, b, _ in taken):
            taken.append((start, end, member))
    out = []
    negated_before = False
    last_end = -1
    for start, end, member in sorted(taken):
        # a denial covers the words it lists ("没在任何孵化器或众创空间里")
        listed = negated_before and bool(_COORDINATED.fullmatch(low[last_end:start]))
        negated_before = listed or _negated(low, start)
        last_end = end
        out.append((start, member, negated_before))
    return out


_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


def affirmed_members(term: Term, text: str, vocabulary: dict[str, tuple[str, ...]]) -> list[str]:
    """The members of a defined term the question says the party is ("就是在市级备案众创空间里孵化的"):
    not denied, not only applied for (准备申报), not asked about (是不是高企还在认定中)."""
    low = text.lower()
    return list(
        dict.fromkeys(
            member
            for at, member, negated in _members_said(term, low, vocabulary)
            if not negated and not negated_at(low, at) and not _A_NOT_A.search(low[max(0, at - 6) : at])
        )
    )


def denied_members(term: Term, text: str, vocabulary: dict[str, tuple[str, ...]]) -> list[str]:
    """The members of a defined term the question says the party is not ("没有高企资质，也不在任何孵化器里")."""
    said = {member for _at, member, negated in _members_said(term, text.lower(), vocabulary) if negated}
    return [m for m in term.members if m in said]


def _said_of(low: str, at: int, rule: Rule, vocabulary: dict[str, tuple[str, ...]]) -> bool:
    """The clause holding ``at`` names the rule's own beneficiary ("我们基金不是孵化器"): what it denies is
    about that party, not the party the term's condition names."""
    start = max(low.rfind(p, 0, at) for p in "，,。；;！？!?") + 1
    clause = low[start:at]
    return any(w.lower() in clause for b in rule.beneficiaries for w in (b, *vocabulary.get(b, ())))
