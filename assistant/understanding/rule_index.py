"""The rule index: every catalogue rule as its own searchable unit, found by meaning with a margin.

A rule's text is its titles, the words people use for it (aliases), its input roles and cues, its
beneficiaries, conditions and clause — all catalogue data. It is searched like the passages: BM25
over jieba tokens, plus dense similarity from the same embedder, plus the exact alias matches. The
scores are on a fixed scale (not normalised per question), so thresholds calibrated on the
development set mean the same thing for every question.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from calculators.catalogue import Catalogue, Rule
from ingest.bm25 import BM25Index, has_word
from ingest.embeddings import Embedder, QueryCachingEmbedder

# Fixed scales (calibrated on evals/conversations.jsonl; see benchmarks/BENCHMARKS.md).
BM25_REF = 25.0  # a BM25 score this high is a full-strength lexical match
ALIAS_REF = 4  # an alias of this many characters found verbatim is a full-strength match
DENSE_SPAN = 0.06  # cosine above the question's median similarity that counts as a full-strength match
WEIGHTS = {"bm25": 0.45, "alias": 0.40, "dense": 0.15}


# British and American spellings read alike (commercialisation / commercialization, recognised / recognized)
_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)\b")


def spelling(text: str) -> str:
    return _ISE.sub(r"iz\1", text.lower())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", spelling(text))


_FIGURE = re.compile(
    r"(?:RMB|￥|¥)?\s*[\d.,]+\s*(?:个)?(?:千万|百万|万|亿|千|百|million|billion|m\b|k\b)?\s*(?:元|块|yuan|rmb)?"
    r"|[一二两三四五六七八九十百千]+(?:个)?(?:万|亿)(?:元)?",
    re.IGNORECASE,
)


def without_figures(text: str) -> str:
    """The question with its amounts taken out: "投资2000万奖励" reads "投资奖励" for alias matching."""
    return squash(_FIGURE.sub("", text))


def rule_text(rule: Rule) -> str:
    """What the index reads for a rule: names and aliases first (repeated: they are the strongest)."""
    names = " ".join([rule.title_zh, rule.title_en, *rule.aliases])
    roles = " ".join(f"{i.role_zh} {i.role_en} {' '.join(i.cues)}" for i in rule.inputs)
    return spelling(
        " ".join(
            [names, names, roles, " ".join(rule.beneficiaries), " ".join(rule.conditions_zh), rule.clause]
        )
    )


@dataclass
class RuleHit:
    rule: Rule
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)  # aliases found verbatim in the question


class RuleIndex:
    def __init__(
        self, cat: Catalogue, embedder: Embedder | None = None, cache_dir: Path | None = None
    ) -> None:
        self.cat = cat
        self.rules = list(cat)
        self.position = {r.id: i for i, r in enumerate(self.rules)}
        self.bm25 = BM25Index([rule_text(r) for r in self.rules])
        # The question is embedded once however often a turn is ranked (state, follow-up, decision).
        self.embedder = (
            embedder
            if embedder is None or isinstance(embedder, QueryCachingEmbedder)
            else QueryCachingEmbedder(embedder)
        )
        self.ranked: OrderedDict[tuple, list[RuleHit]] = OrderedDict()  # decide.rank's memo
        self.ranked_lock = threading.Lock()
        self.vectors: np.ndarray | None = None
        if embedder is not None:
            self.vectors = rule_vectors(self.rules, embedder, cache_dir)
        # Aliases squashed once (matching runs for every rule of every question).
        self.alias_keys = [[(a, squash(a)) for a in r.aliases if len(squash(a)) >= 2] for r in self.rules]
        # How many rules share an alias: an alias of many rules says little about any one of them.
        self.alias_spread: dict[str, int] = {}
        for r in self.rules:
            for a in {squash(a) for a in r.aliases}:
                self.alias_spread[a] = self.alias_spread.get(a, 0) + 1

    def uses(self, rule: Rule, word: str) -> bool:
        """The rule's text has the word, or every search token of it."""
        return has_word(self.bm25.tfs[self.position[rule.id]], word)

    def _query_vector(self, question: str) -> np.ndarray:
        assert self.embedder is not None
        return self.embedder.embed_query(question)

    def search(
        self, question: str, query_vector: np.ndarray | None = None, k: int = 8, *, dense: bool = True
    ) -> list[RuleHit]:
        """Rules for the question, best first. ``dense=False`` skips the embedding (lexical only)."""
        text = squash(question)
        bare = without_figures(question)
        bm = self.bm25.scores(spelling(question))
        sims = np.zeros(len(self.rules))
        dense_used = dense and self.vectors is not None and self.embedder is not None
        if dense_used and self.vectors is not None and self.embedder is not None:
            vec = query_vector if query_vector is not None else self._query_vector(question)
            sims = self.vectors @ vec
        median = float(np.median(sims)) if len(sims) else 0.0
        matched = [[(a, k) for a, k in keys if k in text or k in bare] for keys in self.alias_keys]
        said = {k for keys in matched for _, k in keys}
        hits = []
        for i, rule in enumerate(self.rules):
            # an alias inside a longer alias the question says ("IPO" in "Hong Kong IPO") is that one's
            keys = [
                (a, k)
                for a, k in matched[i]
                if not _inside_longer(k, said, text) and not _describes_party(k, text)
            ]
            found = [a for a, _ in keys]
            alias = max((len(k) / self.alias_spread.get(k, 1) ** 0.5 for _, k in keys), default=0.0)
            parts = {
                "bm25": min(bm[i] / BM25_REF, 3.0),
                "alias": min(alias / ALIAS_REF, 1.5),
                "dense": float(np.clip((sims[i] - median) / DENSE_SPAN, 0.0, 1.5)) if dense_used else 0.0,
            }
            score = sum(WEIGHTS[p] * v for p, v in parts.items())
            hits.append(RuleHit(rule, score, parts, sorted(found, key=len, reverse=True)))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]


_PARTY_AFTER = re.compile(r"公司|企业|集团")


def _describes_party(key: str, text: str) -> bool:
    """Every occurrence of a Chinese alias is followed by a party noun ("A股上市公司"): it describes who,
    it does not name the event the rule pays for."""
    if key.isascii():
        return False
    at = [m.end() for m in re.finditer(re.escape(key), text)]
    return bool(at) and all(_PARTY_AFTER.match(text, e) for e in at)


def _inside_longer(key: str, said: set[str], text: str) -> bool:
    """Every occurrence of ``key`` in the question lies inside a longer alias it also says."""
    longer = [k for k in said if key in k and k != key]
    return bool(longer) and text.count(key) <= sum(text.count(k) * k.count(key) for k in longer)


def rule_vectors(rules: list[Rule], embedder: Embedder, cache_dir: Path | None) -> np.ndarray:
    """Rule embeddings, cached beside the index by a hash of the model and the rule texts."""
    texts = [f"{r.title_zh} {' '.join(r.aliases[:8])} {r.clause}" for r in rules]
    key = hashlib.sha256("\n".join([embedder.name, *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"rule_vectors-{key}.npy" if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            cached = np.load(path)
            if cached.shape[0] == len(rules):
                return cached
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt below
    vectors = np.asarray(embedder.embed_passages(texts))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(path)
        except OSError:
            pass  # read-only data dir: the vectors are simply recomputed next time
    return vectors
