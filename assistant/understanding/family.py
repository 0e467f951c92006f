"""How rules relate: a clause's family, the words that set its members apart, and the same measure
restated by two documents."""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from assistant.query_rewrite import GLOSSARY
from assistant.understanding.entities import level_words, levels_in
from calculators.catalogue import Catalogue, Rule
from ingest.bm25 import tokenize

TWIN_SIMILARITY = 0.7  # two documents' clauses this alike state one measure (a restatement elsewhere)


@lru_cache(maxsize=4096)
def clause_similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", ""), autojunk=False).ratio()


def twins(a: Rule, b: Rule) -> bool:
    """Two documents' clauses that state one measure (意见 and 52号文 restating each other)."""
    return a.doc_id != b.doc_id and clause_similarity(a.clause, b.clause) >= TWIN_SIMILARITY


def at_article(rule: Rule, articles: list[tuple[str, int]]) -> bool:
    return any(
        rule.doc_id == d and (rule.article == n or (rule.article is None and rule.item == n))
        for d, n in articles
    )


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


_LEVEL_TERMS: dict[int, list[tuple[str, str]]] = {}


def _level_terms(cat: Catalogue) -> list[tuple[str, str]]:
    """The glossary's terms whose documents' word is a level word itself (头一回 → 首次), read once."""
    terms = _LEVEL_TERMS.get(id(cat))
    if terms is None:
        levels = set(level_words(cat))
        terms = _LEVEL_TERMS[id(cat)] = [(t, lv) for t, lv in GLOSSARY if lv in levels]
    return terms


def distinguishing(members: list[Rule], text: str, cat: Catalogue) -> dict[str, int]:
    """For rules of one article, how many of the words that set each apart from the others the text uses."""
    words = {r.id: _words(r) for r in members}
    # a level in the asker's own words too ("头一回" is 首次): a glossary term for a level word itself
    low = text.lower()
    said = {lv for term, lv in _level_terms(cat) if term in low}
    asked = set(tokenize(text)) | set(levels_in(text, cat)) | said
    out = {}
    for r in members:
        others: set[str] = (
            set().union(*(w for k, w in words.items() if k != r.id)) if len(members) > 1 else set()
        )
        own = words[r.id] - others
        shared = words[r.id] & others
        out[r.id] = 2 * len(own & asked) + len(shared & asked)
    return out
