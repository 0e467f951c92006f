"""Build calculators/clause_offsets.json: where each cited clause sits in the corpus (section, offsets)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calculators.clause_index import all_clauses
from ingest.structure import Document, load_corpus

OUT = Path(__file__).resolve().parents[1] / "calculators" / "clause_offsets.json"


def build(docs: dict[str, Document]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for ref in all_clauses():
        doc = docs[ref.doc_id]
        if ref.article is None and ref.item is None:
            # a quote outside any numbered unit (a title, a section): where it first occurs
            at = doc.text.find(ref.quote)
            if at < 0:
                raise ValueError(f"clause not found verbatim in {ref.doc_id}: {ref.quote}")
            section = next((p.section for p in doc.passages if p.start <= at < p.end), "")
            out[ref.key] = {
                "section": section or doc.meta.get("title", ""),
                "start": at,
                "end": at + len(ref.quote),
            }
            continue
        passage = next(
            p
            for p in doc.passages
            if (ref.article is not None and p.article == ref.article)
            or (ref.article is None and ref.item is not None and p.item == ref.item)
        )
        idx = passage.text.find(ref.quote)
        if idx < 0:
            raise ValueError(
                f"clause not found verbatim in {ref.doc_id} {ref.article or ref.item}: {ref.quote}"
            )
        start = passage.start + idx
        out[ref.key] = {"section": passage.section, "start": start, "end": start + len(ref.quote)}
    return dict(sorted(out.items()))


def write(corpus_dir: Path, path: Path = OUT) -> Path:
    path.write_text(
        json.dumps(build(load_corpus(corpus_dir)), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


if __name__ == "__main__":
    print(write(Path(__file__).resolve().parents[1] / "corpus"))
