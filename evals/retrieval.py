"""Retrieval metrics (hit@1, hit@5, MRR per document) for the hybrid retriever and a naive baseline."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embeddings import Embedder
from ingest.structure import Document

GOLD = Path(__file__).with_name("retrieval_gold.jsonl")


@dataclass(frozen=True)
class Target:
    doc_id: str
    kind: str  # a (article) | i (item) | s (section path fragment)
    value: Any

    def matches(self, doc_id: str, article: int | None, item: int | None, section: str) -> bool:
        if doc_id != self.doc_id:
            return False
        if self.kind == "a":
            return article == self.value
        if self.kind == "i":
            return item == self.value
        return str(self.value) in section and article is None and item is None


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["targets"] = [Target(*t) for t in row["targets"]]
            rows.append(row)
    return rows


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "hit@1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "hit@5": round(sum(1 for r in ranks if r is not None and r <= 5) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 4),
    }


def summarise(rows: list[dict[str, Any]], ranks: list[int | None]) -> dict[str, Any]:
    per_doc: dict[str, list[int | None]] = defaultdict(list)
    for row, rank in zip(rows, ranks, strict=True):
        per_doc[row["targets"][0].doc_id].append(rank)
    return {"overall": _metrics(ranks), "per_doc": {d: _metrics(r) for d, r in sorted(per_doc.items())}}


def evaluate_retriever(
    retriever, rows: list[dict[str, Any]], k: int = 5
) -> tuple[dict[str, Any], list[dict]]:
    ranks: list[int | None] = []
    failures = []
    for row in rows:
        hits = retriever.search(row["q"], k=k)
        rank = None
        for i, h in enumerate(hits, 1):
            c = h.citation
            if any(t.matches(c.doc_id, c.article, c.item, c.section) for t in row["targets"]):
                rank = i
                break
        ranks.append(rank)
        if rank != 1:
            failures.append(
                {
                    "q": row["q"],
                    "rank": rank,
                    "got": [
                        f"{h.citation.doc_id} {h.citation.article or h.citation.item or h.citation.section}"
                        for h in hits[:3]
                    ],
                }
            )
    return summarise(rows, ranks), failures


class FixedChunkBaseline:
    """The common RAG baseline: 500-character windows with 100 overlap, dense only."""

    def __init__(
        self,
        docs: dict[str, Document],
        embedder: Embedder,
        cache_dir: Path | None = None,
        size: int = 500,
        overlap: int = 100,
    ) -> None:
        self.docs = docs
        self.embedder = embedder
        self.windows: list[tuple[str, int, int]] = []
        for doc in docs.values():
            step = size - overlap
            for s in range(0, max(len(doc.text) - overlap, 1), step):
                self.windows.append((doc.doc_id, s, min(s + size, len(doc.text))))
        texts = [self.docs[d].text[s:e] for d, s, e in self.windows]
        key = hashlib.sha256((embedder.name + "".join(texts)).encode()).hexdigest()[:16]
        cache = cache_dir / f"baseline-{key}.npy" if cache_dir else None
        if cache and cache.exists():
            self.vecs = np.load(cache)
        else:
            self.vecs = np.concatenate(
                [embedder.embed_passages(texts[i : i + 16]) for i in range(0, len(texts), 16)]
            )
            if cache:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, self.vecs)

    def units(self, window: tuple[str, int, int]) -> list[tuple[str, int | None, int | None, str]]:
        doc_id, s, e = window
        return [
            (p.doc_id, p.article, p.item, p.section)
            for p in self.docs[doc_id].passages
            if p.start < e and p.end > s
        ]

    def rank(self, query: str, targets: list[Target], k: int = 5) -> int | None:
        sims = self.vecs @ self.embedder.embed_query(query)
        for i, j in enumerate(np.argsort(-sims)[:k], 1):
            if any(t.matches(*u) for u in self.units(self.windows[j]) for t in targets):
                return i
        return None


def evaluate_baseline(baseline: FixedChunkBaseline, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return summarise(rows, [baseline.rank(r["q"], r["targets"]) for r in rows])
