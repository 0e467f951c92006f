"""One chunk per article or numbered item; long ones split on sentence boundaries."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from ingest.structure import Document, Passage, unit_key

MAX_CHUNK_CHARS = 480
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    kind: str
    article: int | None
    item: int | None
    section: str
    start: int
    end: int
    text: str
    part: int = 0

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see: the heading path gives the passage its context."""
        return f"{self.section}\n{self.text}"

    @property
    def unit_key(self) -> str:
        """The addressable unit this chunk belongs to (article / item / section)."""
        return unit_key(self.doc_id, self.article, self.item, self.section)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def chunk_id(doc_id: str, section: str, text: str, model: str) -> str:
    """Content hash: unchanged text under an unchanged heading keeps its id, so it is never re-embedded."""
    return hashlib.sha256(f"{model}\x1f{doc_id}\x1f{section}\x1f{text}".encode()).hexdigest()[:24]


def _split_spans(text: str, base: int, limit: int) -> list[tuple[int, int]]:
    """Greedy sentence packing into spans no longer than ``limit`` (a lone long sentence stays whole)."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for sentence in _SENTENCE_END.split(text):
        if sentence:
            pieces.append((pos, pos + len(sentence)))
            pos += len(sentence)
    spans: list[tuple[int, int]] = []
    cur_start, cur_end = pieces[0]
    for s, e in pieces[1:]:
        if e - cur_start > limit:
            spans.append((cur_start, cur_end))
            cur_start = s
        cur_end = e
    spans.append((cur_start, cur_end))
    out = []
    for s, e in spans:
        # trim the newline/space edges so the quote is clean and still verbatim
        while s < e and text[s] in "\n ":
            s += 1
        while e > s and text[e - 1] in "\n ":
            e -= 1
        out.append((base + s, base + e))
    return out


def chunk_passage(passage: Passage, model: str, limit: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    spans = (
        [(passage.start, passage.end)]
        if len(passage.text) <= limit
        else _split_spans(passage.text, passage.start, limit)
    )
    chunks = []
    for part, (s, e) in enumerate(spans):
        text = passage.text[s - passage.start : e - passage.start]
        chunks.append(
            Chunk(
                chunk_id(passage.doc_id, passage.section, text, model),
                passage.doc_id,
                passage.kind,
                passage.article,
                passage.item,
                passage.section,
                s,
                e,
                text,
                part,
            )
        )
    return chunks


def chunk_documents(docs: dict[str, Document], model: str, limit: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    return [c for doc in docs.values() for p in doc.passages for c in chunk_passage(p, model, limit)]
