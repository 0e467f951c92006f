"""Numbers in a question and what the words around them say they are.

General machinery only: which number is an amount, a count or a percentage; which is something
already received, a result the user claims, a corrected value, or a condition stated by the rule.
Which rule input a number belongs to is decided later, by the rule's own cue words (catalogue data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from calculators.amounts import find_amounts, normalise
from core.numerals import chinese_to_int

# Question-type cues: how people mark a figure's standing, whatever the rule.
# "拿过补助，合计900万": what was received, totalled after a comma (after a verb of receiving only:
# "研发投入已经累计1500万" is spent, not received)
_TOTALLED = r"([，,]?\s*(合计|一共|共计?|总共|总计|累计)\s*(是|为|有)?)?"
_PRIOR = re.compile(
    r"((已经?|之前|此前|先前|前面|以前|曾经?|already|previously)\s*"
    r"(全部?|都)?(获得|拿了|拿过|拿到|拿满|领满|领了|领过|领到|得到|获|收到|享受了?|拿|领|received|got|been paid)?"
    r"|累计(已经?)?\s*(获得|拿了|拿过|拿到|领了|领过|领到|得到|获|收到))\s*(了|过)?"
    r"(奖励|补贴|补助|资金)?\s*$",
    re.IGNORECASE,
)
# what was received is the whole sum the earlier stage pays ("按挂牌环节把补贴拿满了")
FULL_RECEIVED = re.compile(
    r"(拿|领|补|用)满了?|全额(拿|领|获得|到位)|足额(拿|领|获得)|拿到顶|顶格(拿|领|补)|received (it )?in full|"
    r"the full (amount|subsidy)|maxed out",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[，,。；;！？!?]")
_SENTENCES = re.compile(r"[。；;！？!?]")
_NOT_FULL = re.compile(r"(没|未|不|没有|尚未)\S{0,3}$")  # "还没拿满", "没有全额拿到"


@dataclass
class FullReceipt:
    """A clause telling a sum was received in full ("新三板挂牌补贴拿满了"), lower-cased, with its sentence."""

    clause: str
    sentence: str


def received_in_full(text: str) -> list[FullReceipt]:
    """The clauses saying a sum was received in full and not denying it (还没拿满, 没有全额拿到 are not)."""
    low = text.lower()
    out: list[FullReceipt] = []
    for m in FULL_RECEIVED.finditer(low):
        if _NOT_FULL.search(low[max(0, m.start() - 4) : m.start()]):
            continue
        start = max((c.end() for c in _CLAUSES.finditer(low, 0, m.start())), default=0)
        end = next((c.start() for c in _CLAUSES.finditer(low, m.end())), len(low))
        s_start = max((c.end() for c in _SENTENCES.finditer(low, 0, m.start())), default=0)
        s_end = next((c.start() for c in _SENTENCES.finditer(low, m.end())), len(low))
        receipt = FullReceipt(low[start:end], low[s_start:s_end])
        if receipt not in out:
            out.append(receipt)
    return out


# between a foreign figure and the same sum in yuan ("2000万美元（差不多合1.4亿人民币）")
_CONVERTED = re.compile(
    r"\s*[（(，,]?\s*(差不多|大约|大概|约|大致)?\s*(合|折合|约合|相当于|换算成?|折成|折算成?)\s*(人民币|rmb)?\s*"
    r"|\s*[（(，,]?\s*(about|roughly|approximately|approx\.?|around|i\.e\.|or)?\s*(rmb|cny)\s*"
    # a yuan figure in brackets right after the foreign one ("1500万美元（差不多一个亿人民币）")
    r"|\s*[（(]\s*(差不多|大约|大概|约|大致|将近|about|roughly|approximately|around)?\s*",
    re.IGNORECASE,
)
_PRIOR_AFTER = re.compile(
    r"^\s*(的)?(奖励|补贴|补助|补偿)?\s*(已经?|都|也)?(全部?|都)?(拿到|领到|收到|拿满|领满|拿|领|获得|到手|到账)(满)?(了|过)"
    # "1200万拿了360万": the verb's own figure follows; this one is what was spent
    r"(?!\s*[\d一二两三四五六七八九十几])",
    re.IGNORECASE,
)
# A figure the user gives for the rule's own cap ("补30%、上限1000万", "单笔奖励最高100万"): it states the
# rule, not an input. A bare 最高 is a cap only after an award or a cap's scope (支出最高1200万 is a spend).
CAP_SAID = re.compile(
    r"(上限(是|为|就是|按)?|封顶(是|为|按)?|顶格|最高(可|能)?(补|给|奖)(助|贴|励)?(是|为)?|"
    r"(奖励|补贴|补助|资助|单笔|每笔|每年|累计|每家|每项|每个)[^，。,;；\d]{0,4}最高(是|为|就是)?|"
    r"(capped|cap) (at|of|is)|at most|maximum( of| is)?)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_CLAIM = re.compile(
    r"(我算的?是?|我算出来?是?|算下来是?|听说|据说|别人说|有人说|网上说|说是|应该是|应该能?拿|应得|能拿到?|可以拿到?|"
    r"是不是|难道不是|不是说|你们?说|i heard|someone said|is it|should be|i calculated|we calculated)\s*[:：]?\s*$",
    re.IGNORECASE,
)
CORRECTION = re.compile(
    r"(不对|说错了?|打错了?|搞错了?|写错了?|更正|纠正|改一下|改成|哦不|其实是|实际上是|确切地?说|准确地?说|"
    r"不是.{0,8}而是|sorry|correction|i mean|actually)",
    re.IGNORECASE,
)
# A figure right after a result word is the result the user expects: "奖励是500万", "补助应该是200万".
_RESULT_BEFORE = re.compile(
    r"(奖励|补贴|补助|补偿|奖金|资助|能拿|可以拿|拿到|reward|subsidy|grant|compensation)(金额|额|额度)?"
    r"(就|应该|应|也)?\s*(是|为|有|能有|=|is|of|would be|should be)?\s*$",  # "补贴200万": the sum paid
    re.IGNORECASE,
)
_PAST = re.compile(
    r"(拿了|拿过|拿满了|领了|领过|领满了|获得了|获得过|(补|奖)了|补过|奖过|got|been paid)\s*(一次|一笔)?\s*"
    # "拿过一次补助，120万": the award named, its figure after a comma
    r"((奖励|补贴|补助|资金)[，,]?)?" + _TOTALLED + r"\s*$",
    re.IGNORECASE,
)
# money arriving ("到账", "收到"): received from the policy only when the clause says it was an award;
# "中央拨款到账3千万" is the base a matching rule computes from
_ARRIVED = re.compile(r"(收到了?|收到过|到手了?|到账了?|received)\s*$", re.IGNORECASE)
_AWARD = re.compile(r"补贴|奖励|补助|补偿|资助|奖金|subsid|reward|grant", re.IGNORECASE)
# the period a figure belongs to ("第一年到位3800万，第二年到位2000万"): under a cap over the project
# period, figures of successive periods are items taken in turn
PERIOD = re.compile(
    r"第\s*[一二两三四五六1-6]\s*(?:个)?(?:年|期)|首年|头一年|去年|今年|明年|前年|次年|"
    r"(?:first|second|third|last|this|next) year",
    re.IGNORECASE,
)
_LINKS = r"是|为|=|＝|is|are|be|would be"  # link verbs, not verbs of getting
_OUTCOME = re.compile(
    rf"({_LINKS}|能拿|可以拿|可拿|拿|得|给|奖励|补贴|补助|get|gets|earns?|receives?)\s*$",
    re.IGNORECASE,
)
_LINK = re.compile(_LINKS, re.IGNORECASE)
_WORDS = re.compile(r"[\s，,。；;:：、]")
LINK_WORDS = 3  # "，就是", "so it is": a link this short joins the two figures themselves
# between two listed figures: a separator, and perhaps "还有一笔" — a counter word repeating the item
_COUNTER = r"[一二两三四五六七八九十第]\s*[笔个项份单]\s*(?:是|为)?"
# between a figure and the same figure in other words
_RESTATED = re.compile(
    r"\s*(?:元|万元|万)?\s*[，,（(]?\s*(?:也就是|也即|即|就是说|就是\s*[那这]\s*[笔个项份]|换句话说|亦即|合计为?)"
    r"\s*(?:说)?\s*[:：]?\s*"
    # or a parenthesis opening on the figure written another way ("600万元（合同大写陆仟万元整）")
    r"|\s*(?:元|万元|万)?\s*[（(]\s*(?:合同|协议|发票)?\s*(?:金额)?\s*(?:大写|小写|人民币|RMB)\s*[:：]?\s*"
)
_LIST_SEP = re.compile(
    r"^\s*(?:元|万元|万)?\s*(?:(?:、|，|,|；|和|及|与|以及|/|and)\s*(?:还有|另外|另|再)?\s*(?:"
    + _COUNTER
    + r")?|(?:还有|另外|另|再)?\s*"
    + _COUNTER
    + r")\s*$"
)
# a sum paid, named in the figure's own clause after it ("600万补助对吧")
_PAID_IN_CLAUSE = re.compile(
    r"[^，,。；;？?！!]{0,4}?(?:奖励|补贴|补助|补偿|资助|reward|subsid|grant|compensation)"
)
# a figure right after the verb that pays it ("每月补5000元"): what the rule gives, as the user states it
_PAID = re.compile(r"(每[月年家个项笔人]|一年|直接|一次性)(补|奖|给)\s*$")
SHORT_CLAUSE = 3  # a figure's clause this short before it ("花了") is read with the clause before
# the user's own arithmetic right before a figure ("300+10=310万"): the figure is the result they got
_WORKED = re.compile(r"\d\s*[万元%]?\s*[+＋×*xX/÷-]\s*\d[\d.\s万元%]*[=＝]\s*$")
_CONDITION_AFTER = re.compile(r"^\s*(以上|以下|以内|及以上|起|门槛)")
_COUNT = re.compile(
    r"(\d+|[一二两三四五六七八九十百]+)\s*(家|个|项|所|户|笔|companies|firms|enterprises)", re.IGNORECASE
)
# a span of time (毕业都3年了, 两个月前刚完成): in years; a calendar year (2018年) is not one
# a number of years or months ("3年", "两个月", "一年半"): the numeral, the unit, and 多/半 after it
SPAN = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)\s*(?:个)?\s*(年|月)"
_DURATION = re.compile(r"(?<![\d.第])" + SPAN + r"(?!度|底|末|初|份)(多|半)?")
_SPAN_AFTER = re.compile(r"^(多|半)?(前|了|以来|之久|左右了)")
_SPAN_BEFORE = re.compile(r"(都|已经|已|满|快|近|超过|才|刚)\s*$")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


@dataclass
class Mention:
    """One number in the question, with its standing."""

    value: Decimal
    text: str
    start: int
    end: int
    unit: str  # yuan | usd/eur/… (foreign) | count | percent
    before: str = ""  # the words just before it (its cue)
    after: str = ""
    prior: bool = False
    claim: bool = False
    condition: bool = False
    corrected: bool = False  # a later figure corrects this one
    corrects: bool = False  # this figure is a correction of an earlier one
    replaces: Mention | None = None  # the figure it corrects: it is the same quantity, named there
    conflict: bool = False  # restated as a different value ("1000万，也就是一千五百万元"): ask which
    listed: int = 0  # figures listed together ("300万、1500万、800万") share a number above 0
    period: str = ""  # the period its clause names (第一年, 今年), if any
    approx: bool = False  # "三千多万": at least this much; it can meet a threshold, never be computed from
    about: bool = False  # "一千来万", "2000万左右": near it, perhaps under: it meets no threshold either
    converted: bool = False  # "2000万美元（约合1.4亿人民币）": a foreign figure restated in yuan, not another

    @property
    def is_money(self) -> bool:
        return self.unit == "yuan"


@dataclass
class Mentions:
    amounts: list[Mention] = field(default_factory=list)
    counts: list[Mention] = field(default_factory=list)
    percents: list[Mention] = field(default_factory=list)
    foreign: list[Mention] = field(default_factory=list)
    durations: list[Mention] = field(default_factory=list)  # spans of time, in years
    text: str = ""  # the question, as read

    @property
    def live_amounts(self) -> list[Mention]:
        """Amounts that can be a rule's base: not received already, not claimed, not superseded."""
        return [m for m in self.amounts if not (m.prior or m.claim or m.corrected or m.about or m.converted)]

    @property
    def priors(self) -> list[Mention]:
        return [m for m in self.amounts if m.prior and not m.corrected]

    @property
    def claims(self) -> list[Mention]:
        return [m for m in self.amounts if m.claim]


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after the last ，。；,;!? before it)."""
    cut = max(text.rfind(p, 0, pos) for p in "，。；,;！？!?\n")
    return cut + 1


def span_number(raw: str) -> Decimal | None:
    """The numeral of a span ("3", "三", "半"), or None when it is not one."""
    try:
        if raw == "半":
            return Decimal("0.5")
        return Decimal(raw) if raw[0].isdigit() else Decimal(chinese_to_int(raw))
    except (ValueError, ArithmeticError):
        return None


def span_years(n: Decimal, unit: str, tail: str | None) -> Decimal:
    """A span in years: n 年 or n 月, with 半 after it adding half a unit ("一年半")."""
    if tail == "半":
        n += Decimal("0.5")
    return n if unit == "年" else n / 12


def read_mentions(text: str) -> Mentions:
    text = normalise(text)  # the positions find_amounts reports are in this text
    out = Mentions(text=text)
    for m in find_amounts(text):
        start = clause_start(text, m.start)
        if len(text[start : m.start].strip()) <= SHORT_CLAUSE and start > 1:
            # "办了场论坛，花了180万": a clause of only a verb names its figure by the clause before it
            start = clause_start(text, start - 1)
        before = text[start : m.start]
        after = text[m.end : m.end + 24]  # English cue words after a figure need room ("of R&D equipment")
        mention = Mention(
            m.yuan, m.text, m.start, m.end, "yuan" if m.currency == "CNY" else m.currency.lower()
        )
        mention.before, mention.after = before, after
        mention.converted = bool(out.foreign) and bool(
            _CONVERTED.fullmatch(text[out.foreign[-1].end : m.start])
        )
        mention.approx, mention.about = m.approx, m.about
        mention.condition = bool(_CONDITION_AFTER.match(after)) or (m.approx and not m.about)
        periods = PERIOD.findall(before)
        mention.period = re.sub(r"\s+", "", periods[-1]).lower() if periods else ""
        if m.currency != "CNY":
            out.foreign.append(mention)
            continue
        mention.prior = (
            bool(_PRIOR.search(before[-14:]))
            or bool(_PRIOR_AFTER.match(after))
            or bool(_PAST.search(before[-12:]))
            or (bool(_ARRIVED.search(before[-6:])) and bool(_AWARD.search(before)))
        )
        # "我算是300+10=310万": the user's own arithmetic before the figure says it is a result claimed
        worked = bool(_WORKED.search(before))
        spoken = re.sub(r"[\d\s.+＋×*xX/÷＝=万元%-]+$", "", before) if worked else before
        mention.claim = (
            worked
            or bool(_CLAIM.search(spoken[-12:]))
            or bool(CAP_SAID.search(spoken[-20:]))
            or bool(_RESULT_BEFORE.search(before[-10:]))
            or bool(_PAID.search(before[-4:]))
        ) and not (mention.prior)
        if mention.claim and mention.approx:
            mention.condition = False  # "应该能拿一百二十多万吧": a result expected, not a threshold
        out.amounts.append(mention)
    # A later figure stated as what comes out ("投资2000万能拿90万", "… is 2 million") is a claim.
    # "是/is" alone says so only right after that figure ("2000万是90万吗") or when its clause is about the
    # sum paid ("the reward for a 20 million investment is 5 million"); after words of its own it names what
    # the figure is ("认定的本金损失是160万", "实际发生的技术交易额是八百万"): an input, not a claim.
    for i, cur in enumerate(out.amounts):
        prev = out.amounts[i - 1]
        between = text[prev.end : cur.start] if i else ""
        said = _OUTCOME.search(between[-8:]) if i and not cur.prior else None
        if said and (
            not _LINK.fullmatch(said.group(1))
            or len(_WORDS.sub("", between)) <= LINK_WORDS
            or _AWARD.search(text[clause_start(text, prev.start) : cur.start])
        ):
            cur.claim = True
    # A correction supersedes the figure before it: "投了800万，哦不对，是1500万".
    for i, cur in enumerate(out.amounts):
        between = text[out.amounts[i - 1].end : cur.start] if i else ""
        if i and CORRECTION.search(between):
            prev = out.amounts[i - 1]
            prev.corrected, cur.corrects, cur.replaces = True, True, prev
            cur.claim = False
            cur.prior = cur.prior or prev.prior
    # A figure said again in other words ("1000万，也就是一千万元") is the same figure; said as a different
    # value ("1000万，也就是一千五百万元") the two contradict each other, and which is meant is asked.
    for i, (prev, cur) in enumerate(pairwise(out.amounts)):
        paid = _PAID_IN_CLAUSE.match(
            cur.after
        )  # "就是600万补助对吧": the result the user expects, not a restatement
        if _RESTATED.fullmatch(text[prev.end : cur.start]) and not (prev.prior or cur.prior or paid):
            cur.claim = False
            said_before = out.amounts[: i + 1]
            if cur.value == prev.value:
                prev.corrected = True  # one figure, said twice
            elif len(said_before) > 1 and cur.value == sum(m.value for m in said_before):
                cur.corrected = True  # the sum of the figures before it ("300万…500万，也就是800万")
            else:
                prev.conflict = cur.conflict = True
    # Figures listed together with one cue ("三个合同：300万、1500万、800万") are items of one kind.
    group = 0
    for earlier, cur in zip(out.amounts, out.amounts[1:], strict=False):
        if _LIST_SEP.match(text[earlier.end : cur.start]) and not (earlier.prior or cur.prior):
            if not earlier.listed:
                group += 1
                earlier.listed = group
            cur.listed = earlier.listed
    taken = [(a.start, a.end) for a in out.amounts + out.foreign]
    for d in _DURATION.finditer(text):
        if any(s <= d.start() < e for s, e in taken):
            continue
        n = span_number(d.group(1))
        if n is None:
            continue
        if d.group(2) == "年" and n >= 1900:
            continue  # a calendar year, not a span
        years = span_years(n, d.group(2), d.group(3))
        before = text[clause_start(text, d.start()) : d.start()]
        after = text[d.end() : d.end() + 3]
        # a span says so ("都3年了", "两个月前"); "去年5月", "24年毕业" are dates, not spans
        if before.endswith("年") or not (_SPAN_AFTER.match(after) or _SPAN_BEFORE.search(before)):
            continue
        out.durations.append(
            Mention(years, d.group(0), d.start(), d.end(), "year", before, text[d.end() : d.end() + 12])
        )
        taken.append((d.start(), d.end()))
    for c in _COUNT.finditer(text):
        if any(s <= c.start() < e for s, e in taken):
            continue
        raw = c.group(1)
        try:
            value = int(raw) if raw.isdigit() else chinese_to_int(raw)
        except ValueError:
            continue
        before = text[clause_start(text, c.start()) : c.start()]
        out.counts.append(
            Mention(Decimal(value), c.group(0), c.start(), c.end(), "count", before, text[c.end() :])
        )
    for p in _PERCENT.finditer(text):
        before = text[clause_start(text, p.start()) : p.start()]
        out.percents.append(
            Mention(Decimal(p.group(1)), p.group(0), p.start(), p.end(), "percent", before, text[p.end() :])
        )
    _labelled_list(out, text)
    return out


# between two labelled items of a list announced by its count: a separator and a short label
_LABELLED_SEP = re.compile(r"^\s*(?:元|万元|万)?\s*[、，,；;]\s*[\u4e00-\u9fffA-Za-z]{1,8}\s*[:：]?\s*$")


def _labelled_list(out: Mentions, text: str) -> None:
    """ "三个合同：技术开发800万、技术转让1500万、专利实施许可200万": as many figures as the count announced,
    each after a short label, are the items of one list."""
    for c in out.counts:
        if not re.match(r"\s*[^，。；,;？?！!]{0,6}?[:：]", text[c.end :]):
            continue
        after = [a for a in out.amounts if a.start > c.end and not (a.prior or a.claim or a.listed)]
        if len(after) < 2 or int(c.value) != len(after[: int(c.value)]):
            continue
        items = after[: int(c.value)]
        head = text[c.end : items[0].start]
        joined = all(_LABELLED_SEP.match(text[a.end : b.start]) for a, b in pairwise(items))
        if joined and len(head) <= 16 and not re.search(r"[。；;？?！!]", head):
            group = max((a.listed for a in out.amounts), default=0) + 1
            for a in items:
                a.listed = group
