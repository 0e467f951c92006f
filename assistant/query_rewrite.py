"""Bring the way people ask closer to the way the documents are written.

Colloquial and English terms get the policy's own wording appended (never replaced), and
Chinese-numeral amounts become digits so that 一千多万 meets the text's 1000 万元.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from core.numerals import chinese_to_int

GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "ingest" / "glossary.yaml"


# American and British spellings are one word ("commercialization" finds "commercialisation")
_AMERICAN = re.compile(r"(?<=[a-z]{3})iz(e|ed|es|ing|ation|ations|er|ers)\b")


def british(text: str) -> str:
    return _AMERICAN.sub(r"is\1", text)


def _load_glossary() -> tuple[tuple[str, str], ...]:
    """colloquial / English term -> the documents' wording (data in ingest/glossary.yaml)."""
    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    return tuple((british(str(a).lower()) if str(a).isascii() else str(a), str(b)) for a, b in data["terms"])


GLOSSARY = _load_glossary()
REWRITTEN = 4096  # texts whose rewriting is kept

_CN_AMOUNT = re.compile(r"([一二两三四五六七八九十百千]+)(多)?(万|亿)")


def _digits(m: re.Match[str]) -> str:
    try:
        return f"{chinese_to_int(m.group(1))}{m.group(3)}"
    except ValueError:
        return m.group(0)


def _has(term: str, low: str) -> bool:
    """Chinese terms match as substrings; English ones only as whole words ("pe" is not in "principal")."""
    if term.isascii():
        return re.search(rf"(?<![a-z]){re.escape(term)}", low) is not None and (
            len(term) > 3 or re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", low) is not None
        )
    return term in low


def policy_terms(query: str) -> str:
    """Only the policy wording the glossary adds for ``query``, in the order the terms appear in it
    (so "provincial key lab" reads 省级 重点实验室), used to route English questions."""
    low = british(query.lower())
    found = [(low.find(term), target) for term, target in GLOSSARY if _has(term, low)]
    return " ".join(dict.fromkeys(target for _, target in sorted(found, key=lambda t: t[0])))


@lru_cache(maxsize=REWRITTEN)
def rewrite_query(query: str) -> str:
    """The query plus the policy wording of any colloquial or English terms it contains (a pure function of
    the text: one turn rewrites the same text several times, so results are kept)."""
    low = british(query.lower())
    extra = [target for term, target in GLOSSARY if _has(term, low)]
    normalised = british(_CN_AMOUNT.sub(_digits, query))
    parts = [normalised, *extra]
    return " ".join(dict.fromkeys(parts))
