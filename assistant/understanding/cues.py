"""How plainly the words around a figure name a rule's input or threshold: the cue words said right before
it, or within its own clause after it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from assistant.understanding.mentions import Mention
from calculators.catalogue import Input, Threshold

# a verb cue said with 了 ("赔了") is the same verb with another complement ("赔给企业600万", "贷出去")
_VERB_DONE = re.compile(r"([\u4e00-\u9fff])了")
_COMPLEMENTS = "给出"  # not 过: "投过" is an earlier item ("之前投过一家500万")


def cue_words(inp: Input) -> list[str]:
    words = [*inp.cues, inp.role_zh, inp.role_en]
    verbs = [m.group(1) for w in inp.cues if (m := _VERB_DONE.fullmatch(w))]
    words += [v + c for v in verbs for c in _COMPLEMENTS]
    # an English cue said in the singular ("event cost" for "event costs")
    words += [w[:-1] for w in inp.cues if w.isascii() and w.endswith("s") and not w.endswith("ss")]
    return [w.lower() for w in words if w and len(w) >= 2]


def cue_strength(m: Mention, inp: Input) -> float:
    """How plainly the words next to a number name this input: a long cue right before it is strong."""
    return words_strength(m, cue_words(inp))


THRESHOLD_NAMED = 2  # a threshold_strength this high names the threshold's quantity plainly


def threshold_strength(m: Mention, t: Threshold) -> float:
    """How plainly a figure is the quantity a rule's threshold is about (项目研发投入800万 against 研发投入1000万以上)."""
    # the role, or its tail without a leading qualifier ("去年专利技术交易额" for 上年度专利技术交易额)
    tails = [t.role_zh[i:] for i in range(len(t.role_zh) - 3)]
    return words_strength(m, [w.lower() for w in (*tails, t.role_en, *t.cues) if w and len(w) >= 2])


def meets(value: Decimal, t: Threshold, as_of: date | None = None) -> bool:
    limit = t.amount.at(as_of)
    return value >= limit if t.op == "min" else value <= limit


CUE_WINDOW = (
    20  # characters of a figure's own clause before it read for its cue words ("投了辖区内一家…企业1200万")
)


def words_strength(m: Mention, words: list[str]) -> float:
    english = m.before[-1:].isascii() and m.after[:1].isascii()
    before = m.before[-(40 if english else CUE_WINDOW) :].lower()
    # words after a figure name it only within its own clause ("1亿，另外代偿损失…" is the next figure's)
    after = re.split(r"[，。；,;！？!?]", m.after[: 20 if english else 8].lower())[0]
    best = 0.0
    for w in words:
        at = before.rfind(w)
        if at >= 0:
            gap = len(before) - (at + len(w))
            best = max(best, len(w) / (1 + gap / (8 if english else 2)))
        elif w in after:
            best = max(best, len(w) / 3)
    if m.replaces is not None:  # a correction is the quantity the figure it corrects was named as
        best = max(best, words_strength(m.replaces, words))
    return best


def cued(m: Mention, inp: Input) -> bool:
    return cue_strength(m, inp) > 0
