"""The one amount parser: 2000万, 2,000万元, 两千万, 0.2亿, RMB 20 million, 3000万美元 …

Pure functions; money is ``Decimal`` yuan. Anything that is not clearly one amount in yuan
raises :class:`AmountError` with a message in the user's language — never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.errors import PolicyInputError
from core.numerals import BIG_UNITS, DIGITS, UNITS

MAX_YUAN = Decimal(10) ** 12  # 1万亿: anything larger is a typo, not an investment
WAN = Decimal(10_000)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CNY = r"(?:人民币|RMB|CNY|rmb|¥|￥)"
_CNY_SUFFIX = r"(?:元人民币|元|块钱|块|圆|人民币|RMB|CNY|yuan|rmb)"
FOREIGN = {
    "美元": "USD",
    "US dollars": "USD",
    "US dollar": "USD",
    "美金": "USD",
    "USD": "USD",
    "US$": "USD",
    "$": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "欧元": "EUR",
    "EUR": "EUR",
    "€": "EUR",
    "日元": "JPY",
    "JPY": "JPY",
    "港元": "HKD",
    "港币": "HKD",
    "HKD": "HKD",
    "英镑": "GBP",
    "GBP": "GBP",
    "£": "GBP",
    "韩元": "KRW",
    "卢布": "RUB",
}
_FOREIGN = "|".join(re.escape(k) for k in sorted(FOREIGN, key=len, reverse=True))
_EN_SCALE = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
}
_CN_NUM = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_NUMBER = r"\d+(?:\.\d+)?"

# One amount inside free text: number/numeral, optional scale units, optional currency.
AMOUNT_IN_TEXT = re.compile(
    rf"(?<![第\d.])(?P<pre>{_CNY}\s*|(?:{_FOREIGN})\s*)?"
    rf"(?P<num>(?:{_NUMBER}|[{_CN_NUM}]+)(?:\s*(?:{_NUMBER}|[{_CN_NUM}wW]+))*)"
    rf"(?P<en>\s*(?:thousand|million|billion|mn|bn|k|m)\b)?"
    rf"(?P<suf>\s*(?:{_FOREIGN}|{_CNY_SUFFIX}))?",
    re.IGNORECASE,
)


class AmountError(PolicyInputError):
    """An amount that cannot be read as one sensible yuan value."""


@dataclass(frozen=True)
class ParsedAmount:
    yuan: Decimal
    text: str
    currency: str = "CNY"

    @property
    def wan(self) -> Decimal:
        return self.yuan / WAN


def _scale_numeric(tokens: list[str]) -> Decimal:
    """Evaluate tokens like ['2', '千', '万'] or ['1', '亿', '5', '千', '万'] as a number."""
    total = Decimal(0)
    section = Decimal(0)
    digit: Decimal | None = None
    last_unit = 1  # the unit just written, when a numeral follows it directly (三万五, 一亿二)
    for i, tok in enumerate(tokens):
        if tok in UNITS:
            section += (Decimal(1) if digit is None else digit) * UNITS[tok]
            digit, last_unit = None, UNITS[tok]
        elif tok in BIG_UNITS or tok in "wW":
            unit = BIG_UNITS.get(tok, 10_000)
            section += digit or 0
            if unit == BIG_UNITS["亿"]:
                total = (total + (section or (1 if not total else 0))) * unit
            else:
                total += (section or 1) * unit
            section = Decimal(0)
            digit, last_unit = None, unit
        elif tok in ("零", "〇") and digit is None:
            last_unit = 1  # 一百零五万: 零 holds a place; the numeral after it is a units digit
        else:
            if tok in DIGITS and DIGITS[tok] and last_unit >= 100 and i == len(tokens) - 1:
                # a lone numeral closing the figure is the next unit down, as it is said: 三万五 is 35000
                return total + section + Decimal(DIGITS[tok]) * last_unit // 10
            last_unit = 1
            if digit is not None:
                raise AmountError(
                    "金额有歧义（连续出现两个数字，例如“两三千万”），请给出一个确切金额。",
                    "The amount is ambiguous (two numbers in a row); please give one exact amount.",
                )
            digit = Decimal(tok) if tok[0].isdigit() else Decimal(DIGITS[tok])
    return total + section + (digit or 0)


def _tokens(num: str) -> list[str]:
    return re.findall(rf"{_NUMBER}|[{_CN_NUM}wW]", num.replace(" ", ""))


def normalise(text: str) -> str:
    """Full-width digits to ASCII, thousands separators out, "1.2个亿" read as "1.2 亿"; positions in the
    result are what :func:`find_amounts` reports."""
    text = text.translate(_FULLWIDTH)
    text = re.sub(r"(?<=[\d两一二三四五六七八九十])个(?=\s*[亿万wW])", " ", text)
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


_normalise = normalise


def _is_english(text: str) -> bool:
    return not re.search(r"[\u4e00-\u9fff]", text)


def _value(match: re.Match[str]) -> tuple[Decimal, str]:
    value = _scale_numeric(_tokens(match.group("num")))
    if en := match.group("en"):
        value *= _EN_SCALE[en.strip().lower()]
    currency = "CNY"
    for part in (match.group("pre"), match.group("suf")):
        if part and part.strip() in FOREIGN:
            currency = FOREIGN[part.strip()]
    return value, currency


def _check(value: Decimal, text: str, allow_zero: bool) -> None:
    if not value.is_finite():
        raise AmountError("金额不是有效数字。", "The amount is not a valid number.")
    if value < 0:
        raise AmountError("金额不能为负数。", "The amount cannot be negative.")
    if value == 0 and not allow_zero:
        raise AmountError("金额必须大于0。", "The amount must be greater than zero.")
    if value > MAX_YUAN:
        raise AmountError(
            f"金额“{text}”超过1万亿元，疑似输入错误，请核对。",
            f"The amount '{text}' exceeds 1 trillion yuan; please check it.",
        )


def parse_amount(value: object, *, allow_zero: bool = False) -> ParsedAmount:
    """Parse one amount given on its own (a form field, a CLI flag, a tool argument)."""
    if isinstance(value, bool):
        raise AmountError("金额必须是数字。", "The amount must be a number.")
    if isinstance(value, int | Decimal | float):
        try:
            yuan = Decimal(str(value))
        except InvalidOperation as exc:
            raise AmountError("金额不是有效数字。", "The amount is not a valid number.") from exc
        _check(yuan, str(value), allow_zero)
        return ParsedAmount(yuan, str(value))
    if not isinstance(value, str):
        raise AmountError(
            "金额必须是数字或文字金额，例如“2000万”。", "The amount must be a number such as 20000000."
        )
    text = _normalise(value).strip()
    if not text:
        raise AmountError("请提供金额，例如“2000万”。", "Please give an amount, e.g. 20 million yuan.")
    if text.startswith("-") or text.startswith("负"):
        raise AmountError("金额不能为负数。", "The amount cannot be negative.")
    if text.lower() in {"nan", "inf", "infinity", "+inf", "-inf"}:
        raise AmountError("金额不是有效数字。", "The amount is not a valid number.")
    match = AMOUNT_IN_TEXT.fullmatch(text)
    if not match:
        raise AmountError(
            f"无法识别金额“{value}”，请写成例如“2000万元”或“20000000”。",
            f"Cannot read '{value}' as an amount; write e.g. 20000000 or 2000万.",
        )
    yuan, currency = _value(match)
    if currency != "CNY":
        raise AmountError(
            f"“{value}”是外币金额（{currency}）。政策按人民币计算，本系统不做汇率换算，请提供人民币金额。",
            f"'{value}' is in a foreign currency ({currency}). The policy is in yuan and no exchange "
            "rate is applied; please give the amount in yuan.",
        )
    _check(yuan, value, allow_zero)
    return ParsedAmount(yuan, value)


@dataclass(frozen=True)
class AmountMention:
    yuan: Decimal
    text: str
    start: int
    end: int
    currency: str
    approx: bool = False  # "三千多万", "300余万", "2000万左右": not an exact sum
    about: bool = False  # "一千来万", "2000万左右": near it, perhaps under it (else at least it)


_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:年|月|日|号|条|项|个|家|人|名|件|%|％|倍|次|岁|章|款|天|小时|分钟|秒|平|亩|米|公里|吨|辆|台|股|[.．]\d)"
)


# "多/余/来" after a numeral, then perhaps the unit: an approximate figure ("三千多万" is at least 3000万)
_APPROX = re.compile(
    r"\s*(?:多(?!少)|余(?!额|下|款)|来(?=\s*[万亿千百])|几(?=\s*[万亿千百]))\s*([万亿千百]?)\s*(?:元|块钱|块)?"
)
# after a whole figure: "一千万出头", "2000万左右" — about this much, not exact
_ABOUT_AFTER = re.compile(r"\s*(?:出头|左右|上下)")
_IN_CASE = re.compile(r"万一")
_COUNTED = re.compile(r"[万亿千百]\s*([一二两三四五六七八九])$")
_COUNTER_AFTER = re.compile(r"^\s*(?:个|笔|项|份|单|家|套|台|次|年|月|期|批|轮|天)")


def find_amounts(text: str) -> list[AmountMention]:
    """Every money amount mentioned in free text (years, article numbers, percentages skipped)."""
    norm = _normalise(text)
    found: list[AmountMention] = []
    for m in AMOUNT_IN_TEXT.finditer(norm):
        counted = _COUNTED.search(m.group("num"))
        if counted and _COUNTER_AFTER.match(norm[m.end() :]):
            # "500万一笔", "一个500万一个900万": the numeral before a counter word counts the next item
            # (colloquial 三万五 stays 35000, with no counter word after it)
            trimmed = AMOUNT_IN_TEXT.match(norm, m.start(), m.end() - len(counted.group(1)))
            if trimmed is None:
                continue
            m = trimmed
        num = m.group("num").strip()
        if _IN_CASE.fullmatch(num):
            continue  # 万一 ("in case"): a word, not a sum (the spoken 万八千 is one)
        approx = None if m.group("suf") or m.group("en") else _APPROX.match(norm, m.end())
        if approx is not None:
            rest = norm[approx.end() :]
            yuan_said = approx.group(0).rstrip().endswith(("元", "块", "钱"))
            if not (approx.group(1) or yuan_said or re.search(r"[万亿千百wW]", num)):
                continue  # "十多家", "20多个": a count, not money
            if _NOT_MONEY_AFTER.match(rest) and not yuan_said:
                continue
            try:
                value = _scale_numeric(_tokens(num + approx.group(1)))
            except (AmountError, InvalidOperation, KeyError):
                continue
            foreign = re.match(rf"\s*({_FOREIGN})", rest)
            end = approx.end() + (foreign.end() if foreign else 0)
            currency = FOREIGN[foreign.group(1)] if foreign else "CNY"
            if value > 0:
                text = norm[m.start() : end].strip()
                about = approx.group(0).lstrip().startswith("来")
                found.append(AmountMention(value, text, m.start(), end, currency, approx=True, about=about))
            continue
        if not num or not re.search(
            r"[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]", num
        ):  # a unit alone (多少亿) is no amount
            continue
        has_unit = bool(re.search(r"[万亿千百wW]", num) or m.group("en") or m.group("suf") or m.group("pre"))
        if _NOT_MONEY_AFTER.match(norm[m.end() :]) and not m.group("suf"):
            continue
        if not has_unit:
            # A bare figure counts only when it is plainly a sum of money (e.g. 20000000).
            if not re.fullmatch(r"\d{5,}(?:\.\d+)?", num):
                continue
        if re.fullmatch(rf"[{_CN_NUM}]+", num) and not re.search(r"[万亿千百]", num) and not m.group("suf"):
            continue
        try:
            value, currency = _value(m)
        except (AmountError, InvalidOperation, KeyError):
            continue
        if value <= 0:
            continue
        if (m.group("suf") or "").strip() == "块" and (
            re.fullmatch("[一二两三四五六七八九十]+", num) or (num.isdigit() and int(num) < 10)
        ):
            continue  # "这两块", "这2块", "三块地": a count of pieces, not a sum of money
        after = _ABOUT_AFTER.match(norm, m.end())
        start = m.start() - 1 if norm[max(0, m.start() - 1) : m.start()] == "几" else m.start()
        end = after.end() if after else m.end()
        rough = after is not None or start < m.start()
        text = norm[start:end].strip()
        found.append(AmountMention(value, text, start, end, currency, approx=rough, about=after is not None))
    return found


def ambiguous_amount(text: str) -> bool:
    """True when text has a range such as 两三千万 or 2000-3000万 instead of one amount."""
    norm = _normalise(text)
    return bool(
        re.search(r"[一二两三四五六七八九][一二两三四五六七八九][十百千万]", norm)
        or re.search(r"\d+(?:\.\d+)?\s*[-~～到至]\s*\d+(?:\.\d+)?\s*[万亿]", norm)
    )


def format_wan(yuan: Decimal) -> str:
    """Display yuan as the documents do: 45万元, 1.5万元, 1000万元."""
    wan = (yuan / WAN).quantize(Decimal("0.0001"))
    text = format(wan.normalize(), "f")
    return f"{text}万元"
