"""Every clause the calculators cite, collected from the rules table (used to build clause offsets)."""

from __future__ import annotations

from calculators.equity import LEAD_CLAUSE
from calculators.results import MEASURES_VALIDITY_CLAUSE, ClauseRef
from calculators.rules import (
    EQUITY_INVESTMENT,
    EQUITY_TIER_CLAUSES,
    FIXED_AWARDS,
    MILITARY_TRANSFER_CLAUSE,
    RATE_RULES,
    SHARE_RULES,
    SUPER_DEDUCTION_CLAUSE,
    UPLIFT_51_CLAUSE,
    UPLIFT_54_CLAUSE,
)

M = "measures-2017-52"


def all_clauses() -> list[ClauseRef]:
    refs = [ClauseRef(M, 47, None, LEAD_CLAUSE), ClauseRef(M, 47, None, EQUITY_INVESTMENT.cap_clause)]
    refs += [ClauseRef(M, 47, None, c) for c in EQUITY_TIER_CLAUSES]
    refs += [ClauseRef(r.doc_id, r.article, r.item, r.clause) for r in RATE_RULES]
    refs += [ClauseRef(a.doc_id, a.article, a.item, a.clause) for a in FIXED_AWARDS]
    refs += [ClauseRef(s.doc_id, None, s.item, s.clause) for s in SHARE_RULES]
    refs += [
        ClauseRef(M, 50, None, MILITARY_TRANSFER_CLAUSE),
        ClauseRef(M, 51, None, UPLIFT_51_CLAUSE),
        ClauseRef(M, 54, None, UPLIFT_54_CLAUSE),
        ClauseRef(M, 66, None, MEASURES_VALIDITY_CLAUSE),
        ClauseRef("opinions-2017-31", None, 16, SUPER_DEDUCTION_CLAUSE),
    ]
    awards_42_45 = [a for a in FIXED_AWARDS if a.article in (42, 43, 44, 45)]
    refs += [ClauseRef(M, a.article, None, a.clause) for a in awards_42_45]
    return list({r.key: r for r in refs}.values())
