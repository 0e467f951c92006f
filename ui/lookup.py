"""The look-up tab's article filter: "23", "第二十三条", "第8项", "Article 23" all name one unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.numerals import NUMERAL_CHARS, chinese_to_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_REF = re.compile(
    rf"^(?:第|no\.?|article|art\.?|item)?\s*(?P<num>\d+|[{NUMERAL_CHARS}]+)\s*(?P<unit>条|项|款|点)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class UnitRef:
    number: int
    unit: str | None  # 条 | 项 | None when only a number was typed


def parse_unit_ref(value: str) -> UnitRef | None:
    """The article or item number a user typed, or None when it is not one."""
    s = re.sub(r"\s+", " ", (value or "").translate(_FULLWIDTH)).strip()
    m = _REF.match(s)
    if not m:
        return None
    num = m.group("num")
    try:
        number = int(num) if num.isdigit() else chinese_to_int(num)
    except ValueError:
        return None
    if number <= 0:
        return None
    unit = m.group("unit")
    return UnitRef(number, "条" if unit == "条" else "项" if unit else None)
