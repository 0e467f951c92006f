"""Chinese numerals (一百二十三, 两千, 十五) to integers; pure, no I/O."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG_UNITS)


def chinese_to_int(text: str) -> int:
    """Parse a Chinese numeral such as 六十六, 四十七, 两千, 一万二千; raise ValueError otherwise."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 1  # the unit just written, when a digit follows it directly (三万五, 两百五)
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit, last_unit = None, UNITS[ch]
            continue
        else:
            section += digit or 0
            total += (section or 1) * BIG_UNITS[ch]
            section = 0
            digit, last_unit = None, BIG_UNITS[ch]
            continue
        if digit is not None and ch in DIGITS and DIGITS[ch] == 0:
            last_unit = 1  # 一百零五: the digit after 零 is a units digit
    # a lone digit right after a unit of a hundred or more is the next unit down, as it is said: 三万五 is
    # 35000, 两百五 250, 一亿二 1.2亿 (六十六 stays 66)
    if digit is not None and last_unit >= 100:
        return total + section + digit * last_unit // 10
    return total + section + (digit or 0)


def int_to_chinese(n: int) -> str:
    """Render 1..9999 the way article numbers are written (四十七, 六十六, 一百零一)."""
    if not 0 < n < 10_000:
        raise ValueError(f"out of range: {n}")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            parts.append(digits[d] + unit)
        elif parts and n and not parts[-1].endswith("零"):
            parts.append("零")
    out = "".join(parts)
    return out[1:] if out.startswith("一十") else out
