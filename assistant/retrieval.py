"""Hybrid retrieval: exact references first, then BM25 (jieba) and dense vectors fused by RRF."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.citations import Citation, passage_citation
from assistant.query_rewrite import rewrite_query
from assistant.references import (
    AmbiguousReferenceError,
    ArticleLookup,
    blank_doc_names,
    blank_titles,
    detect_doc,
    find_references,
)
from core.errors import PolicyInputError
from ingest.bm25 import BM25Index
from ingest.chunks import Chunk
from ingest.embeddings import Embedder
from ingest.index import VectorStore, read_manifest
from ingest.structure import Document

log = logging.getLogger(__name__)
DENSE_CANDIDATES = 40
BM25_SHARE = 0.7  # weight of normalised BM25 in the fused score; the rest is dense cosine
WINDOW_SHARE = 0.3  # in the BM25 signal: best two-sentence window vs the whole chunk
DOC_HINT_BOOST = 1.25
FIGURE_BOOST = 1.2  # a passage stating a figure in the unit (or for the year) the question asks about
HEADING_BOOST = 1.3  # a question that names a document (指南, 三年行动计划 …) prefers that document


CLAUSE_SHARE = 0.3  # for a question after a figure: the best figure clause vs the passage signal
FIGURE_Q = re.compile(r"多少|几|多大|规模|目标|达到|how (?:much|many)|target", re.IGNORECASE)
_FRAME = re.compile(r"(?:到|至|截至)\s*20\d\d\s*年[底末]?")


class IndexNotReadyError(RuntimeError):
    """The index is missing or incomplete; the message says how to build it."""


class EmptyQueryError(PolicyInputError):
    code = "empty_query"


@dataclass
class Hit:
    chunk: Chunk
    score: float
    citation: Citation
    matched_terms: list[str] = field(default_factory=list)
    exact: bool = False
    ranks: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 5),
            "exact": self.exact,
            "matched_terms": self.matched_terms,
            "ranks": self.ranks,
            "citation": self.citation.model_dump(),
        }


class SearchResult(list[Hit]):
    """The hits of one search, best first, with the warnings of that search (e.g. vector store down).

    A list, so callers that only want hits use it as one; the warnings belong to this search
    alone, never to the shared retriever, so concurrent requests cannot see each other's.
    """

    def __init__(self, hits: list[Hit] | None = None, warnings: list[str] | None = None) -> None:
        super().__init__(hits or [])
        self.warnings: list[str] = list(warnings or [])


class Retriever:
    def __init__(
        self,
        chunks: list[Chunk],
        embedder: Embedder,
        store: VectorStore,
        docs: dict[str, Document],
        *,
        dense_weight: float = 1.0 - BM25_SHARE,
        bm25_weight: float = BM25_SHARE,
    ) -> None:
        self.chunks = chunks
        self.by_id = {c.id: c for c in chunks}
        self.index_of = {c.id: i for i, c in enumerate(chunks)}
        self.embedder = embedder
        self.store = store
        self.docs = docs
        self.titles = [str(d.meta.get("title", "")) for d in docs.values() if d.meta.get("title")]
        self.lookup = ArticleLookup(docs)
        self.bm25 = BM25Index([c.embed_text for c in chunks])
        # Sentence windows let one precise sentence of a long section count as much as a short article;
        # clauses that state a figure answer a question after a figure ("到那年新增高新技术企业多少家"),
        # however long their passage. Both carry the passage's heading and its opening time frame
        # ("到某年，"), which governs each of its sentences.
        self.windows: list[int] = []
        self.clauses: list[int] = []
        window_texts: list[str] = []
        clause_texts: list[str] = []
        for i, c in enumerate(chunks):
            heading = c.section.rsplit(" > ", 1)[-1]
            frame = m.group(0) if (m := _FRAME.match(c.text)) else ""
            sentences = [x for x in re.split(r"(?<=[。；])", c.text) if x.strip()]
            for j in range(0, len(sentences), 2):
                self.windows.append(i)
                window_texts.append(f"{heading} {frame if j else ''}{''.join(sentences[j : j + 2])}")
            for clause in re.split(r"[，。；：,;]", c.text):
                if re.search(r"\d", clause) and len(clause.strip()) > 3:
                    self.clauses.append(i)
                    clause_texts.append(f"{heading} {frame} {clause}")
        self.window_bm25 = BM25Index(window_texts)
        self.clause_bm25 = BM25Index(clause_texts)
        self.dense_weight = dense_weight
        self.bm25_weight = bm25_weight
        self.data_dir: Path | None = None  # where derived indexes (rule vectors) may be cached

    @classmethod
    def from_data_dir(
        cls, data_dir: Path, embedder: Embedder, store: VectorStore, docs: dict[str, Document]
    ) -> Retriever:
        manifest = read_manifest(data_dir)
        if manifest is None:
            raise IndexNotReadyError(f"索引不存在或已损坏（{data_dir}）。请运行：policy-assistant ingest")
        if manifest.get("embedder") != embedder.name:
            raise IndexNotReadyError(
                f"索引由 {manifest.get('embedder')} 建立，当前嵌入模型为 {embedder.name}。请运行：policy-assistant ingest"
            )
        chunks = [Chunk(**c) for c in manifest["chunks"]]
        missing = {c.id for c in chunks} - store.ids()
        if missing:
            raise IndexNotReadyError(f"向量库缺少 {len(missing)} 个分块。请运行：policy-assistant ingest")
        retriever = cls(chunks, embedder, store, docs)
        retriever.data_dir = data_dir
        return retriever

    def _best_by_chunk(self, owners: list[int], scores: list[float]) -> list[float]:
        """Each chunk's best score among its windows or clauses, as a share of the best overall."""
        best = [0.0] * len(self.chunks)
        for i, score in zip(owners, scores, strict=True):
            best[i] = max(best[i], score)
        top = max(best, default=0.0) or 1.0
        return [b / top for b in best]

    def exact(self, query: str) -> list[Hit]:
        hits = []
        try:
            refs = find_references(query)
        except AmbiguousReferenceError:
            return []  # a search still runs; the chat asks which document was meant
        for ref in refs:
            passage = self.lookup.get(ref.doc_id, ref.number)
            chunk = next(c for c in self.chunks if c.unit_key == passage.unit_key)
            hits.append(Hit(chunk, 1.0, passage_citation(passage), [ref.text], exact=True))
        return hits

    def search(
        self, query: str, k: int = 5, *, use_exact: bool = True, doc_id: str | None = None
    ) -> SearchResult:
        query = (query or "").strip()
        if not query:
            raise EmptyQueryError("请输入要查询的内容。", "Please type a query.")
        k = max(1, min(int(k), 50))
        exact = self.exact(query) if use_exact else []
        hinted = detect_doc(query)
        # a document's title names the document; the passages are found by the rest of the question
        named = [str(self.docs[hinted].meta.get("title", ""))] if hinted in self.docs else self.titles
        query = blank_doc_names(blank_titles(query, named))
        expanded = rewrite_query(query)
        fused: dict[str, float] = {}
        ranks: dict[str, dict[str, int]] = {}
        warnings: list[str] = []
        bm = self.bm25.scores(expanded)
        top_chunk = max(bm, default=0.0) or 1.0
        best_window = self._best_by_chunk(self.windows, self.window_bm25.scores(expanded))
        bm = [
            WINDOW_SHARE * w + (1 - WINDOW_SHARE) * c / top_chunk
            for c, w in zip(bm, best_window, strict=True)
        ]
        if FIGURE_Q.search(query):
            best_clause = self._best_by_chunk(self.clauses, self.clause_bm25.scores(expanded))
            bm = [(1 - CLAUSE_SHARE) * b + CLAUSE_SHARE * c for b, c in zip(bm, best_clause, strict=True)]
        top = max(bm, default=0.0)
        bm_order = sorted((i for i, s in enumerate(bm) if s > 0), key=lambda i: -bm[i])[:DENSE_CANDIDATES]
        for rank, i in enumerate(bm_order):
            cid = self.chunks[i].id
            fused[cid] = self.bm25_weight * bm[i] / top
            ranks.setdefault(cid, {})["bm25"] = rank + 1
        if self.dense_weight:
            try:
                dense = self.store.query(self.embedder.embed_query(query), DENSE_CANDIDATES)
            except Exception as exc:  # vector store unreachable: keep answering from BM25, say so
                log.warning("dense retrieval unavailable: %s", exc)
                warnings.append(f"向量检索暂不可用（{type(exc).__name__}），本次仅用关键词检索。")
                dense = []
            if dense:
                hi = dense[0][1]
                lo = min(sim for _, sim in dense)
                span = (hi - lo) or 1.0
                for rank, (cid, sim) in enumerate(dense):
                    if cid not in self.by_id:
                        continue
                    fused[cid] = fused.get(cid, 0.0) + self.dense_weight * (sim - lo) / span
                    ranks.setdefault(cid, {})["dense"] = rank + 1
        if hinted:
            for cid in fused:
                if self.by_id[cid].doc_id == hinted:
                    fused[cid] *= DOC_HINT_BOOST
        for cid in fused:
            # A question that names a section's own heading (发展目标, 主要目标, 指导思想 …) wants that section.
            title = _heading_title(self.by_id[cid].section)
            if len(title) >= 4 and title in query:
                fused[cid] *= HEADING_BOOST
        # A question after a figure ("多少亿", "到19年…多少家") wants a passage that states one in that unit,
        # for that year.
        unit, year = asked_figure(query)
        if unit or year:
            for cid in fused:
                text = self.by_id[cid].text
                if unit and re.search(rf"\d\s*{re.escape(unit)}", text):
                    fused[cid] *= FIGURE_BOOST
                if year and re.search(rf"{year}\s*年", text):
                    fused[cid] *= FIGURE_BOOST
        # One hit per article/item: its best chunk represents it.
        best: dict[str, tuple[float, str]] = {}
        for cid, score in fused.items():
            chunk = self.by_id[cid]
            if doc_id and chunk.doc_id != doc_id:
                continue
            unit = chunk.unit_key
            if unit not in best or score > best[unit][0]:
                best[unit] = (score, cid)
        seen = {h.chunk.unit_key for h in exact}
        hits = list(exact)
        for score, cid in sorted(best.values(), reverse=True):
            chunk = self.by_id[cid]
            if chunk.unit_key in seen:
                continue
            seen.add(chunk.unit_key)
            citation = passage_citation(chunk)
            hits.append(
                Hit(
                    chunk,
                    score,
                    citation,
                    self.bm25.matched_terms(expanded, self.index_of[cid]),
                    ranks=ranks[cid],
                )
            )
            if len(hits) >= k:
                break
        return SearchResult(hits[:k], warnings)


# Question-type cues: the unit of the figure asked for, and the year it is for.
_ASKED_UNIT = re.compile(r"(?:多少|几)\s*(亿|万|家|个|项|件|名|人|所)|(百分之|占比|比重|%|％)")
_YEAR = re.compile(r"(20[1-3]\d)\s*年?|(?<![\d.])([12]\d)\s*年")


def asked_figure(query: str) -> tuple[str, str]:
    """The unit the question wants a figure in (亿, 家, %) and the year it names, if any."""
    m = _ASKED_UNIT.search(query)
    unit = ("%" if m.group(2) else m.group(1)) if m else ""
    y = _YEAR.search(query)
    year = (y.group(1) or f"20{y.group(2)}") if y else ""
    return unit, year


def _heading_title(section: str) -> str:
    """The words of the last heading: "二、发展目标" -> 发展目标, "（三）主要目标" -> 主要目标, "3.围绕…" -> 围绕…."""
    last = section.rsplit(" > ", 1)[-1]
    return re.sub(
        r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．]|第.+?条|\d{4}年)\s*",
        "",
        last,
    )
