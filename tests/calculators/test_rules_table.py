"""Every rule's clause is verbatim in its cited article, and its rate and cap appear in the clause."""

from decimal import Decimal
from pathlib import Path

import pytest

from calculators.results import MEASURES_VALIDITY_CLAUSE, percent
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
from ingest.structure import load_corpus

CORPUS = load_corpus(Path(__file__).resolve().parents[2] / "corpus")


def passage_text(doc_id: str, article: int | None, item: int | None) -> str:
    for p in CORPUS[doc_id].passages:
        if (article is not None and p.article == article) or (item is not None and p.item == item):
            return p.text
    raise AssertionError(f"no passage {doc_id} {article} {item}")


def squash(text: str) -> str:
    return text.replace(" ", "")


def wan_literal(yuan: Decimal) -> str:
    return f"{(yuan / 10000).normalize():f}万元"


@pytest.mark.parametrize("rule", RATE_RULES, ids=lambda r: r.id)
def test_rate_rule_clause_rate_and_cap_are_in_the_text(rule):
    text = passage_text(rule.doc_id, rule.article, rule.item)
    assert rule.clause in text
    clause = squash(rule.clause)
    assert percent(rule.rate) in clause
    if rule.cap_yuan is not None:
        assert wan_literal(rule.cap_yuan) in clause


@pytest.mark.parametrize("award", FIXED_AWARDS, ids=lambda a: a.id)
def test_fixed_award_clause_and_amount_are_in_the_text(award):
    text = passage_text(award.doc_id, award.article, award.item)
    assert award.clause in text
    clause = squash(award.clause)
    amount = f"{(award.amount_yuan / 10000).normalize():f}"
    assert amount in clause
    if award.amount_max_yuan is not None:
        assert f"{(award.amount_max_yuan / 10000).normalize():f}" in clause


def test_equity_tiers_and_caps_are_in_article_47():
    text = passage_text("measures-2017-52", 47, None)
    for clause, tier in zip(EQUITY_TIER_CLAUSES, EQUITY_INVESTMENT.tiers, strict=True):
        assert clause in text
        assert percent(tier.rate) in squash(clause)
    assert EQUITY_INVESTMENT.cap_clause in text
    assert "100万元" in EQUITY_INVESTMENT.cap_clause and "1000万元" in EQUITY_INVESTMENT.cap_clause


@pytest.mark.parametrize("rule", SHARE_RULES, ids=lambda r: r.id)
def test_share_rules_are_in_the_opinions(rule):
    clause = rule.clause
    assert clause in passage_text(rule.doc_id, None, rule.item)
    assert percent(rule.min_share) in clause


def test_other_cited_clauses_are_verbatim():
    assert MILITARY_TRANSFER_CLAUSE in passage_text("measures-2017-52", 50, None)
    assert UPLIFT_51_CLAUSE in passage_text("measures-2017-52", 51, None)
    assert UPLIFT_54_CLAUSE in passage_text("measures-2017-52", 54, None)
    assert MEASURES_VALIDITY_CLAUSE in passage_text("measures-2017-52", 66, None)
    assert SUPER_DEDUCTION_CLAUSE in passage_text("opinions-2017-31", None, 16)
    assert "75%" in SUPER_DEDUCTION_CLAUSE and "175%" in SUPER_DEDUCTION_CLAUSE


def test_clause_offsets_are_current_and_verbatim():
    """calculators/clause_offsets.json is regenerated from the corpus: `python -m ingest.clause_offsets`."""
    import json
    from pathlib import Path

    from calculators.clause_index import all_clauses
    from ingest.clause_offsets import OUT, build

    assert json.loads(Path(OUT).read_text(encoding="utf-8")) == build(CORPUS)
    for ref in all_clauses():
        text = CORPUS[ref.doc_id].text
        assert text[ref.start : ref.end] == ref.quote, ref.key
        assert ref.section


def test_calculator_steps_carry_contract_citations():
    from calculators import equity_investment_reward

    for step in equity_investment_reward("2000万").steps:
        c = step.citation.as_dict()
        assert set(c) == {"doc_id", "article", "item", "section", "quote", "start", "end"}
        assert CORPUS[c["doc_id"]].text[c["start"] : c["end"]] == c["quote"]
