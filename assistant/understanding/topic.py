"""What a money question is about, once its question words are set aside: the words that could tell one
rule from another ("认定" in "我们单位刚拿到认定了，能补多少钱"), or words no rule uses at all ("个人所得税",
"买房"), which put the question outside the catalogue.

Parts of speech come from jieba (the same dictionary, with the policy's own terms, as the indexes); which
words the rules use comes from the rule index's own BM25 statistics. No word list: a question is vague when
every noun it says is the rules' vocabulary and none of them picks a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from assistant.intent import MONEY_Q
from assistant.understanding.mentions import read_mentions
from ingest.bm25 import has_word

# jieba's tags for nouns and noun-like words (idioms ``l``, abbreviations ``j``, verbal nouns ``vn``), verbs,
# and pronouns; ``x`` is a user-dictionary term without a tag (the policy's own terms) or punctuation.
_NOUN = ("n", "l", "j", "vn", "x")
_VERB = ("v",)
_PRONOUN = "r"


@dataclass
class Topic:
    """The words of a question that are neither its question type nor the asker's own designation."""

    nouns: list[str] = field(default_factory=list)  # what the question is about
    asker: list[str] = field(default_factory=list)  # nouns right after a pronoun: 我们单位, 我孩子
    asked: list[str] = field(default_factory=list)  # nouns of the clauses that ask for money
    verbs: list[str] = field(default_factory=list)  # what happened (认定, 获批), when the rules say it

    @property
    def words(self) -> list[str]:
        return [*self.nouns, *self.verbs]


def topic(text: str, vocabulary: dict[str, float]) -> Topic:
    """The question's topic words. ``vocabulary`` maps the rules' words to their idf.

    Words inside a money cue ("补贴", "能拿", "补多少") say what kind of question it is, not what it is
    about; a noun right after a pronoun ("我们单位", "我司") names the asker; single characters say little.
    A verb counts only when the rules use it (认定, 获批): verbs like 拿到 or 退 are the asker's own."""
    cues = [m.span() for m in MONEY_Q.finditer(text)]
    cuts = [i for i, c in enumerate(text) if c in _CLAUSE_END]
    # the clauses that ask for money, and those stating a figure (月薪两万, 年薪40万): what is asked about
    figures = [m.start for m in read_mentions(text).amounts]
    asking = {_clause(cuts, s) for s, _ in cues} | {_clause(cuts, s) for s in figures}
    out = Topic()
    at = 0
    previous = ""
    for piece in _cut(text):
        word, flag = piece.word, piece.flag
        start, at = at, at + len(word)
        after_pronoun, previous = previous == _PRONOUN, flag[:1]
        # the part of a word outside a money cue is still said ("住房补贴": 住房)
        word = "".join(c for i, c in enumerate(word, start) if not any(s <= i < e for s, e in cues))
        if len(word) < 2 or not re.search(r"[\u4e00-\u9fff]", word):
            continue
        if flag.startswith(_NOUN):
            (out.asker if after_pronoun else out.nouns).append(word)
            if _clause(cuts, start) in asking:
                out.asked.append(word)
        elif flag.startswith(_VERB) and _known(word, vocabulary):
            out.verbs.append(word)
    return out


def _cut(text: str) -> Any:
    """jieba's words with their parts of speech. Imported on first use: its tables take about 50 MiB, and
    only questions no rule or passage answers need them."""
    import jieba.posseg

    return jieba.posseg.cut(text)


def _known(word: str, vocabulary: dict[str, float]) -> bool:
    """The rules use the word, or every search token of it."""
    return has_word(vocabulary, word)


def quantified(text: str) -> list[str]:
    """The nouns a 多少 asks the quantity of ("要交多少个人所得税": 个人所得税; jieba tells the noun 个人 from the
    counter 个 of 多少个项目)."""
    pieces = list(_cut(text))
    return [
        then.word
        for piece, then in pairwise(pieces)
        if piece.word == "多少" and then.flag.startswith(_NOUN) and len(then.word) >= 2
    ]


# a noun naming a sum or a share (奖金, 补助金, 补贴款, 经费, 人民币, 份额, 百分比): what a money rule gives
_AMOUNT_NOUN = re.compile(r"[金款钱费币资额比率]")


def beyond_the_rules(text: str, vocabulary: dict[str, float]) -> list[str]:
    """The nouns a 多少 asks the quantity of that no rule uses and that name no sum of money or share
    (要交多少个人所得税: 个人所得税)."""
    return [w for w in quantified(text) if not _AMOUNT_NOUN.search(w) and not has_word(vocabulary, w)]


def outside(t: Topic, vocabulary: dict[str, float]) -> list[str]:
    """The nouns no rule uses in the clauses asking for money or stating a figure, the asker's own included
    (我买房能补贴多少, 我月薪两万): the question is about something the catalogue does not pay for. Nouns of
    other clauses (您好，…；…？谢谢) are the asker's manners, not what is asked."""
    return [w for w in t.asked if not _known(w, vocabulary)]


_CLAUSE_END = "，,。；;！!？?\n"


def _clause(cuts: list[int], at: int) -> int:
    """Which clause of the text position ``at`` is in (the count of clause ends before it)."""
    return sum(1 for c in cuts if c < at)


def rarest(t: Topic, vocabulary: dict[str, float]) -> str | None:
    """The topic word the fewest rules use: the one that narrows the options most."""
    known = [w for w in t.words if w in vocabulary]
    return max(known, key=lambda w: vocabulary[w], default=None)


def nouns(text: str) -> list[str]:
    """The nouns of a text, in order (pronouns such as 那边 and single characters left out)."""
    return [
        p.word
        for p in _cut(text)
        if p.flag.startswith(_NOUN) and len(p.word) >= 2 and re.search(r"[\u4e00-\u9fff]", p.word)
    ]


def carried_over(before: str, follow_up: str) -> tuple[str, list[str]] | None:
    """ "高新区人工智能产业的收入目标多少？" + "金普新区那边呢" → the question before, with the noun the
    follow-up names in place of the one of its kind (the same last character: 高新区 → 金普新区), or added
    when none is; and the new nouns. None when the follow-up names nothing new."""
    new = [w for w in nouns(follow_up) if w not in before]
    if not new:
        return None
    out = before
    for word in new:
        kin = [w for w in nouns(out) if w != word and w[-1] == word[-1] and w not in new]
        out = out.replace(kin[0], word) if kin else f"{word} {out}"
    return out, new
