"""Number-provenance guard: every number in an answer must come from a tool result, a quote or the user.

Numbers are compared as values, so 45万, 450,000元, 0.0045亿 and ４５万 are the same; 4% and 0.04
are the same; Chinese numerals (四十五万) count too, and so do English scales and currency marks
(0.45m, 450k, 0.45 million, RMB450000, ¥450,000). Citation labels (第四十七条, 〔2017〕52号, item
numbers), list markers and other letter-digit names (5G, GB2312) are not claims and are skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from core.numerals import chinese_to_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_SKIP = re.compile(
    r"第\s*[\d一二三四五六七八九十百零〇]+\s*[条项章款点]|〔\d{4}〕\s*\d+\s*号|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]"
    r"|^\s*\d+[.、)]\s|doc_id|measures-2017-52|opinions-2017-31|guide-2017-118|plan-2017-119"
    r"|\b(?:Article|Item|item|article)\s+\d+|[A-Za-z]+\d+[A-Za-z\d]*|\d+[A-Za-z]+[A-Za-z\d]*",
    re.MULTILINE,
)
# RMB520000 / CNY 5.2m: the currency code is a unit, not part of a name
_CURRENCY_PREFIX = re.compile(r"(?<![A-Za-z])(?:RMB|CNY|rmb|cny|Rmb)\s*(?=\d)")
# 52m, 5.2M, 520k, 1.5bn, 50w (万), 0.45 million: a number with an English scale
_EN_SCALED = re.compile(
    r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)(?:(mn|bn|[kKmMbBwW])(?![A-Za-z\d²³])|\s*(thousand|million|billion)\b)",
    re.IGNORECASE,
)
_EN_SCALE = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "w": Decimal(10) ** 4,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "b": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
}
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|万亿|亿|万|千|百)?")
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]+(?:万|亿)?")
_SCALE = {
    "万亿": Decimal(10) ** 12,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(1000),
    "百": Decimal(100),
    "%": Decimal("0.01"),
}


def _canon(value: Decimal) -> str:
    return format(value.normalize(), "f")


def number_values(text: str) -> dict[str, set[str]]:
    """Each number mention in ``text`` -> the set of values it may stand for (raw and scaled)."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.translate(_FULLWIDTH))
    text = _CURRENCY_PREFIX.sub(" ", text)
    out: dict[str, set[str]] = {}
    for m in _EN_SCALED.finditer(text):
        scale = _EN_SCALE[(m.group(2) or m.group(3)).lower()]
        out.setdefault(m.group(0).strip(), set()).add(_canon(Decimal(m.group(1)) * scale))
    text = _SKIP.sub(" ", _EN_SCALED.sub(" ", text))
    for m in _NUMBER.finditer(text):
        try:
            raw = Decimal(m.group(1))
        except InvalidOperation:
            continue
        values = {_canon(raw)}
        if m.group(2):
            values.add(_canon(raw * _SCALE[m.group(2)]))
        out.setdefault(m.group(0).strip(), set()).update(values)
    for m in _CN_NUMBER.finditer(text):
        token = m.group(0)
        if len(token) < 2 and token not in "十百千":
            continue  # a lone 一/二 is a word more often than a number
        try:
            out.setdefault(token, set()).add(_canon(Decimal(chinese_to_int(token))))
        except ValueError:
            continue
    return out


def _strings(obj: object) -> Iterable[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _strings(v)
    elif obj is not None:
        yield str(obj)


def source_values(sources: Iterable[object]) -> set[str]:
    values: set[str] = set()
    for src in sources:
        for s in _strings(src if not hasattr(src, "model_dump") else src.model_dump()):  # type: ignore[union-attr]
            for vals in number_values(s).values():
                values |= vals
                # a value in yuan also appears as 万 in answers and vice versa
                for v in list(vals):
                    d = Decimal(v)
                    values.add(_canon(d / 10000))
                    values.add(_canon(d * 10000))
    return values


def untraceable_numbers(answer: str, sources: Iterable[object]) -> list[str]:
    """The number mentions in ``answer`` that no source supports (empty list: the answer is clean)."""
    known = source_values(sources)
    return [mention for mention, vals in number_values(answer).items() if not vals & known]


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
