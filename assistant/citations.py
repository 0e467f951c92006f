"""The contract Citation: doc_id, article/item, heading path, verbatim quote and its offsets."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.structure import Passage


class Citation(BaseModel):
    doc_id: str
    article: int | None = None
    item: int | None = None
    section: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


def passage_citation(passage: Passage, quote: str | None = None) -> Citation:
    """Cite a passage, or a verbatim quote inside it (the first occurrence within the passage)."""
    if quote is None:
        return Citation(
            doc_id=passage.doc_id,
            article=passage.article,
            item=passage.item,
            section=passage.section,
            quote=passage.text,
            start=passage.start,
            end=passage.end,
        )
    idx = passage.text.find(quote)
    if idx < 0:
        raise ValueError(f"quote not in passage {passage.key}: {quote[:30]}")
    return Citation(
        doc_id=passage.doc_id,
        article=passage.article,
        item=passage.item,
        section=passage.section,
        quote=quote,
        start=passage.start + idx,
        end=passage.start + idx + len(quote),
    )
