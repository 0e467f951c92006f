"""BM25 over jieba tokens, with a user dictionary of the policy's own terms."""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Container, Sequence
from pathlib import Path

import jieba

_DICT = Path(__file__).with_name("policy_terms.txt")
_STOP = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "对",
        "在",
        "为",
        "是",
        "按",
        "给予",
        "我们",
        "我",
        "你",
        "能",
        "可以",
        "多少",
        "吗",
        "呢",
        "什么",
        "怎么",
        "哪些",
        "如何",
        "请问",
        "一个",
        "这个",
        "那",
        "如果",
        "有",
        "会",
        "要",
        "就",
        "都",
        "被",
        "把",
        "从",
        "以",
        "由",
        "其",
        "之",
        "中",
        "上",
        "下",
        "年",
        "元",
        "万元",
        "万",
    ]
)
_lock = threading.Lock()
_ready = False


def _init_jieba() -> None:
    global _ready
    with _lock:
        if not _ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.load_userdict(str(_DICT))
            _ready = True


# English word endings folded so that a question's form meets the catalogue's (projects/project,
# commercialization/commercialisation, subsidies/subsidy, listed/listing/list), longest first.
_EN_ENDINGS = (
    ("isations", "iz"), ("izations", "iz"), ("isation", "iz"), ("ization", "iz"), ("ations", "ate"),
    ("ation", "ate"), ("ising", "iz"), ("izing", "iz"), ("ised", "iz"), ("ized", "iz"), ("ises", "iz"),
    ("izes", "iz"), ("ise", "iz"), ("ize", "iz"), ("ies", "y"), ("ing", ""), ("ed", ""), ("s", ""),
)  # fmt: skip


def stem(word: str) -> str:
    """A light English stemmer for ASCII words (Chinese tokens and short words pass unchanged)."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    for ending, repl in _EN_ENDINGS:
        if (
            word.endswith(ending)
            and len(word) - len(ending) >= 3
            and not (ending == "s" and word.endswith("ss"))
        ):
            word = word[: -len(ending)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long terms plus their parts), lower-cased, stop words and punctuation out;
    English words are stemmed."""
    _init_jieba()
    out = []
    for tok in jieba.cut_for_search(text.lower()):
        tok = tok.strip()
        if not tok or tok in _STOP or not re.search(r"[\w\u4e00-\u9fff]", tok):
            continue
        out.append(stem(tok))
    return out


def has_word(tokens: Container[str], word: str) -> bool:
    """``tokens`` hold the word, or every search token of it (高新技术企业 → 高新, 技术, 企业, …)."""
    parts = [t for t in tokenize(word) if len(t) >= 2] or [word]
    return word in tokens or all(t in tokens for t in parts)


class BM25Index:
    def __init__(self, docs: Sequence[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tfs = [Counter(tokenize(d)) for d in docs]
        self.lens = [sum(tf.values()) for tf in self.tfs]
        self.avgdl = (sum(self.lens) / len(self.lens)) if self.lens else 0.0
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(self.tfs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: str) -> list[float]:
        q = [t for t in tokenize(query) if t in self.idf]
        out = []
        for tf, dl in zip(self.tfs, self.lens, strict=True):
            s = 0.0
            for t in q:
                f = tf.get(t)
                if f:
                    s += (
                        self.idf[t]
                        * f
                        * (self.k1 + 1)
                        / (f + self.k1 * (1 - self.b + self.b * dl / self.avgdl))
                    )
            out.append(s)
        return out

    def matched_terms(self, query: str, doc_index: int) -> list[str]:
        tf = self.tfs[doc_index]
        return sorted({t for t in tokenize(query) if t in tf}, key=len, reverse=True)
