"""The contract Citation: doc_id, article/item, heading path, verbatim quote and its offsets."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field


class Citation(BaseModel):
    doc_id: str
    article: int | None = None
    item: int | None = None
    section: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Span(Protocol):
    """Anything with a verbatim span of a corpus file: a Passage or a Chunk."""

    @property
    def doc_id(self) -> str: ...

    @property
    def article(self) -> int | None: ...

    @property
    def item(self) -> int | None: ...

    @property
    def section(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def unit_key(self) -> str: ...


def passage_citation(passage: Span, quote: str | None = None) -> Citation:
    """Cite a passage or chunk, or a verbatim quote inside it (its first occurrence there)."""
    idx = 0 if quote is None else passage.text.find(quote)
    if idx < 0:
        raise ValueError(f"quote not in passage {passage.unit_key}: {(quote or '')[:30]}")
    quote = passage.text if quote is None else quote
    return Citation(
        doc_id=passage.doc_id,
        article=passage.article,
        item=passage.item,
        section=passage.section,
        quote=quote,
        start=passage.start + idx,
        end=passage.start + idx + len(quote),
    )


def unique_citations(citations: list[Citation]) -> list[Citation]:
    """Each quoted span once, in first-seen order."""
    seen: dict[tuple, Citation] = {}
    for c in citations:
        seen.setdefault((c.doc_id, c.article, c.item, c.start, c.end), c)
    return list(seen.values())
