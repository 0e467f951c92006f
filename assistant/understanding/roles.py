"""What a figure's own words say it is, for binding it to a rule's input: said as on paper or as actually
paid, one component of a total, a balance at a time, or (in English) in the role's own words."""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.understanding.mentions import Mention, Mentions, clause_start
from calculators.catalogue import Input


def role_words_en(inp: Input) -> list[str]:
    """The role's own English words, one by one ("the confirmed principal loss is RMB 1.5 million"): too
    weak to pick a rule by, enough to tell which of a rule's figures is its input."""
    return [w for w in re.findall(r"[a-z&]+", inp.role_en.lower()) if len(w) >= 4 and w not in _EN_STOP]


def role_words_said(inp: Input, pool: list[Mention], mentions: Mentions) -> dict[int, int]:
    """For an English question, how many of the role's own words each figure's clause says, before the
    figure and after it up to the next figure, "and" or punctuation."""
    if not all(m.before[-1:].isascii() for m in pool):
        return {}
    words = set(role_words_en(inp))
    return {id(m): len(words & set(re.findall(r"[a-z&]+", said_with(m, mentions)))) for m in pool}


def said_with(m: Mention, mentions: Mentions) -> str:
    """The words of a figure's own clause; in English also those after it ("RMB 100 million at the start of
    the year"), up to the next figure, "and" or punctuation."""
    own = own_words(m, mentions)
    if not (m.before[-1:].isascii() and m.after[:1].isascii()):
        return own
    later = [a.start for a in mentions.amounts if a.start >= m.end]
    after = mentions.text[m.end : min([*later, len(mentions.text)])].lower()
    cut = r"[,;.?!]|\band\b"
    return f"{re.split(cut, own)[-1]} {re.split(cut, after)[0]}"


_EN_STOP = {"total", "with", "from", "that", "this", "year", "amount", "each", "under", "which", "their"}


# a balance said at an earlier and a later time ("年初1.2亿，年末1.6亿", "从1.2亿增加到1.6亿")
_EARLIER = re.compile(
    r"年初|期初|原来|原先|从(?!事)|at the (?:start|beginning)|start of|beginning of|opening", re.IGNORECASE
)
_LATER = re.compile(
    r"年末|年底|期末|现在|目前|增至|增加到|增长到|升至|变成|到了|at the end|end of|closing|now|grew to|rose to",
    re.IGNORECASE,
)
_LAST_YEAR = re.compile(r"去年|上年|上一年|前一年|last year|previous year|prior year", re.IGNORECASE)
_THIS_YEAR = re.compile(r"今年|本年|this year", re.IGNORECASE)
OF_WHICH = re.compile(r"其中|当中|里面有|of which", re.IGNORECASE)
_ALREADY_GROWTH = re.compile(r"增量|新增|增加了|增长了|多了")  # a figure said as the growth itself


# a figure said as on paper (approved, agreed, the contract's) and one said as what actually happened
PAPER = re.compile(
    r"(批复|批准|核定|预算|计划|签约|签了?|约定|立项|合同(?:上|里)?(?:写|签|定|约定)?的?|合同额|合同金额|合同价"
    r"|approved|budgeted|planned|contract(?:ed)?(?: value| amount| price)?)\S{0,4}$",
    re.IGNORECASE,
)
ACTUAL = re.compile(
    r"(实际(?!上)\S{0,2}?(?:发生|到位|到账|结算|支付|付|成交|拨付|收到|支出|投入|花|用)|到账|到位"
    r"|actually (?:paid|received|spent))"
    r"\S{0,6}$",
    re.IGNORECASE,
)


def actual_role(inp: Input) -> bool:
    return "实际" in inp.role_zh or "actual" in inp.role_en.lower()


# what may stand between a component's word and its figure ("设备投入", "买设备花了", "技术费用共")
_COMPONENT_TAIL = r"(?:投入|投资|花了|花费|费用|款|是|为|共|上|了|：|:|\s)*$"
_LEFT_OUT = re.compile(r"^\S{0,3}?(不算|不计|不含|除外|不包括)")


def parts_summed(inp: Input, pool: list[Mention], mentions: Mentions) -> list[Mention] | None:
    """Figures each said with the words of one component of a total (设备投入2400万，技术投入600万 of
    设备和技术投入总额), two components at least and no figure said as the total itself: those to add."""
    parts = [[w.lower() for w in p] for p in inp.parts]
    whole = [
        w.lower() for w in inp.cues if sum(any(x in w.lower() for x in p) for p in parts) != 1 and len(w) >= 2
    ]
    found: list[tuple[Mention, int]] = []
    for m in pool:
        own = said_with(m, mentions)
        if any(w in own for w in whole):
            return None  # the total is said: it is the figure, not a sum
        if OF_WHICH.search(own) or _LEFT_OUT.match(m.after) or m.prior:
            continue  # "其中…设备款300万", "…300万不算": not a component to add
        english = own.isascii()
        # a component's word names the figure right before it ("技术投入600万"; not "技术人员工资300万")
        said = [
            i
            for i, p in enumerate(parts)
            if any((w in own) if english else re.search(re.escape(w) + _COMPONENT_TAIL, own) for w in p)
        ]
        if len(said) == 1:
            found.append((m, said[0]))
    if len({i for _, i in found}) < 2:
        return None
    return [m for m, _ in found]


def balance_growth(pool: list[Mention], mentions: Mentions) -> tuple[Mention, Mention] | None:
    """Two figures of one balance, the earlier then the later, the later the larger: (earlier, later). The
    later is the figure said next after the earlier; a figure said at no time (the whole company's balance,
    in brackets) or of another quantity after them is not one of them."""
    if any(_ALREADY_GROWTH.search(m.before) for m in pool):
        return None  # "今年在保余额增量5000万": the growth is stated, not two balances
    for first, second in pairwise(pool):
        then, now = _when(said_with(first, mentions)), _when(said_with(second, mentions))
        if then is not None and now is not None and then < now and second.value > first.value:
            return first, second
    return None


def _when(words: str) -> tuple[int, int] | None:
    """When a balance's clause says it stood: (year, 0 at the start or 1 at the end); None if it says not."""
    year = -1 if _LAST_YEAR.search(words) else 0
    half = 0 if _EARLIER.search(words) else 1 if _LATER.search(words) else None
    if half is None:
        return (year, 1) if year or _THIS_YEAR.search(words) else None
    return year, half


def own_words(m: Mention, mentions: Mentions) -> str:
    """The words of a figure's own clause before it, from the figure before it if that is in the clause."""
    earlier = [a.end for a in mentions.amounts if a.end <= m.start]
    return mentions.text[max([clause_start(mentions.text, m.start), *earlier]) : m.start].lower()
