"""Every clause the calculators cite, collected from the catalogue (used to build clause offsets)."""

from __future__ import annotations

from calculators.catalogue import Catalogue, catalogue
from calculators.results import ClauseRef


def all_clauses(cat: Catalogue | None = None) -> list[ClauseRef]:
    cat = cat or catalogue()
    refs: list[ClauseRef] = []
    for doc in cat.documents.values():
        if doc.validity is not None:
            refs.append(ClauseRef.of(doc.doc_id, doc.validity))
    for r in cat:
        quotes = [r.clause, *(b.clause for b in r.brackets), *(c.clause for c in r.caps if c.clause)]
        if r.validity_clause:
            quotes.append(r.validity_clause)
        refs += [ClauseRef(r.doc_id, r.article, r.item, q) for q in quotes]
    return list({r.key: r for r in refs}.values())
