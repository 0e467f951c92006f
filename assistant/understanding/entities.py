"""Who and what a question names: entity types (from the catalogue's beneficiaries), levels, and denials."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.understanding.rule_index import RuleHit
from calculators.catalogue import Catalogue

_NEGATION = re.compile(
    r"(不是|并非|非|没有|还没|尚未|不属于|未被|未|不做|不搞|不开展|不涉及|不参与|"
    # not located in any ("也不在任何孵化器里"; "已经不在众创空间里了" is a graduate's past, not a denial)
    r"(?:不在|没在|没进)(?:任何|哪个|哪家)(?:一[个家所])?|"
    # not had yet, or only applied for ("还没评上国家级", "正在申报国家级")
    r"(?:还没|尚未|没|未)(?:评上|拿到|获批|批下来|认定|通过)|(?:正在|准备|打算|计划|还在)\S{0,3}?(?:申报|申请)|"
    r"not an?|not|no longer|isn't|aren't|don't do|do not do)\s*$",
    re.IGNORECASE,
)


def ruled_out(hit: RuleHit, text: str) -> bool:
    """The question names the rule only to rule it out ("不做投贷联动")."""
    # aliases the rewritten query added (IPO → 首次公开发行) are not in the text: the ones said decide
    said = [a for a in hit.aliases if a.lower() in text.lower()]
    return bool(said) and all(_negated_everywhere(text, a) for a in said)


def _negated_everywhere(text: str, word: str) -> bool:
    low, w = text.lower(), word.lower()
    spots = [m.start() for m in re.finditer(re.escape(w), low)]
    return bool(spots) and all(negated_at(low, at) for at in spots)


def negated_at(text: str, start: int) -> bool:
    """Whether the words just before ``start`` negate what follows ("不是省级", "不做投贷联动")."""
    return bool(_NEGATION.search(text[max(0, start - 8) : start].lower()))


@dataclass
class Entities:
    present: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)  # what the asker says they are ("我们是…", "作为…")
    denied: list[tuple[int, int]] = field(default_factory=list)  # where the negated words are said

    def without_denied(self, text: str) -> str:
        """The text with the words it denies blanked ("不是高企" names no 高企 to search for)."""
        for start, end in self.denied:
            text = text[:start] + " " * (end - start) + text[end:]
        return text


# A place the party is in, said before the party ("孵化器里的在孵企业", "园区内的企业").
_FROM = re.compile(r"从[^，。；,;！？!?]{0,4}$")
_WITHIN = re.compile(r"(?:里面|里头|里|内|中|下属|旗下)的")
# Question-type cue: the asker saying what they are.
_SELF = re.compile(
    r"(我们|我司|本公司|我们公司|我们单位|我|咱们)(就|也|都|还|同时|同时也)?(是|属于|算)|作为|身为|we are|we're|i am|i'm|as an?"
    # the asker recognised as the type ("我们公司今年第一次评上高新技术企业")
    # (not "我们投资的企业被认定为", "我们孵化器有5家企业认定为": another party is recognised)
    r"|(我们|我司|本公司|咱们)[^，。；,;的有]{0,8}?(被?认定为|被?评为|评上了?|获评|成为|升级为)|we (?:were|got) "
    r"(?:recognised|recognized|certified|accredited) as",
    re.IGNORECASE,
)


_RECOGNISED = re.compile(
    r"[^，。；,;]{0,6}?(被?认定为|被?评为|评上了?|获评|成为|升级为)\s*$|^\s*(?:而|只|就)?是(?!不是)"
)
_ASKER_FIRST = re.compile(r"\s*(我们|我司|本公司|咱们)")


def read_entities(text: str, cat: Catalogue) -> Entities:
    """Entity types named in the text (from the beneficiary vocabulary), and those negated."""
    _CATALOGUES[id(cat)] = cat
    found = _entities(text, id(cat))
    return Entities(list(found.present), list(found.negated), list(found.own), list(found.denied))


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
    chosen: list[tuple[int, int, str]] = []
    for start, end, name in spans:
        # a word two types share (投资机构: an investor of 第四十条, or an equity fund's manager) names both
        if (start, end) not in taken and any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, name))
    # negation, read in the order the words are said: a word listed after a negated one is negated too
    # ("也不在任何孵化器、众创空间里")
    denied: set[tuple[int, int]] = set()
    in_order = sorted(chosen)
    for i, (start, end, _name) in enumerate(in_order):
        prior = in_order[i - 1][:2] if i else None
        listed = (
            prior in denied and bool(_LIST_JOIN.fullmatch(low[prior[1] : start].strip())) if prior else False
        )
        if negated_at(low, start) or listed:
            denied.add((start, end))
    for start, end, name in chosen:
        if _WITHIN.match(low, end):
            continue  # "孵化器里的在孵企业": where the party is, not the party
        negated = (start, end) in denied
        if negated:
            out.denied.append((start, end))
        target = out.negated if negated else out.present
        if name not in target:
            target.append(name)
        before = low[max(0, start - 14) : start]
        clause = re.split(r"[，。；,;！？!?]", before)[-1]
        # a clause with no subject of its own continues the sentence's ("我们公司在孵化器里孵化，今年被认定为…")
        sentence = re.split(r"[。；;！？!?]", low[:start])[-1]
        chained = bool(_RECOGNISED.match(clause)) and bool(_ASKER_FIRST.match(sentence))
        came_from = bool(_FROM.search(clause))  # "我们是从市级孵化器里孵出来的": where the asker came from
        if not negated and not came_from and (_SELF.search(clause) or chained) and name not in out.own:
            out.own.append(name)
    return out


_LIST_JOIN = re.compile(r"[、/,]|和|或|及|与|or|and")  # between two words of one list
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


def level_words(cat: Catalogue) -> list[str]:
    return sorted({r.level for r in cat if r.level}, key=len, reverse=True)


def levels_in(text: str, cat: Catalogue) -> list[str]:
    """The levels the text names, in order; a negated one ("不是省级的") is not the level asked about."""
    found = [(text.find(lv), lv) for lv in level_words(cat) if lv in text]
    return [lv for at, lv in sorted(found) if not negated_at(text, at)]
