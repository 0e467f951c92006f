"""A calculator route's rule in the text's own words: its clauses, conditions and a one-line summary."""

from __future__ import annotations

from decimal import Decimal

from assistant.intent import CalcRoute
from calculators.results import ClauseRef
from core.numerals import int_to_chinese

MEASURES = "measures-2017-52"


def rule_headline(route: CalcRoute, lang: str) -> str:
    """One line stating a rate rule's rate and cap, as the clause does (numbers from the rules table)."""
    from calculators.results import percent, wan
    from calculators.rules import RATE_RULES_BY_ID

    if route.calculator == "tech_transfer_subsidy":
        ent, uni = RATE_RULES_BY_ID["tech_transfer_enterprise"], RATE_RULES_BY_ID["tech_transfer_university"]
        if lang == "en":
            return (
                f"Article 23: the enterprise gets {percent(ent.rate)} of the contract amount (at most "
                f"{wan(ent.cap_yuan or Decimal(0))}元 per contract), the Dalian university or institute "
                f"{percent(uni.rate)} (at most {wan(uni.cap_yuan or Decimal(0))}元)."
            )
        return (
            f"技术合同补助（第二十三条）：企业按技术交易额的{percent(ent.rate)}，每项最高{wan(ent.cap_yuan or Decimal(0))}元；"
            f"在连高校院所{percent(uni.rate)}，每项最高{wan(uni.cap_yuan or Decimal(0))}元。"
        )
    rule = RATE_RULES_BY_ID.get(str(dict(route.fixed).get("rule_id")))
    if rule is None:
        return ""
    cap = f"，{rule.cap_scope}最高{wan(rule.cap_yuan)}元" if rule.cap_yuan is not None else ""
    if lang == "en":
        cap_en = f", capped at {wan(rule.cap_yuan)}元 ({rule.cap_scope})" if rule.cap_yuan is not None else ""
        return f"Article {rule.article} ({rule.title}): {percent(rule.rate)} of {rule.base}{cap_en}."
    return f"{rule.title}（第{int_to_chinese(rule.article or 0)}条）：按{rule.base}的{percent(rule.rate)}计算{cap}。"


def route_clauses(route: CalcRoute) -> tuple[list[ClauseRef], list[str]]:
    """The verbatim clauses and stated conditions behind a calculator route."""
    from calculators.rules import (
        EQUITY_INVESTMENT,
        EQUITY_TIER_CLAUSES,
        RATE_RULES_BY_ID,
        SHARE_RULES_BY_ID,
        SUPER_DEDUCTION_CLAUSE,
        UPLIFT_54_CLAUSE,
    )

    rule_id = dict(route.fixed).get("rule_id")
    if route.calculator == "equity_investment_reward":
        lead = ClauseRef(
            MEASURES, 47, None, "股权投资企业投资大连科技创新企业的，根据投资额分级对其管理机构给予奖励。"
        )
        tiers = [ClauseRef(MEASURES, 47, None, c) for c in EQUITY_TIER_CLAUSES]
        cap = ClauseRef(MEASURES, 47, None, EQUITY_INVESTMENT.cap_clause)
        return [lead, *tiers, cap], list(EQUITY_INVESTMENT.conditions)
    if route.calculator == "tech_transfer_subsidy":
        rules = [RATE_RULES_BY_ID["tech_transfer_enterprise"], RATE_RULES_BY_ID["tech_transfer_university"]]
        return [ClauseRef(MEASURES, r.article, None, r.clause) for r in rules], [
            c for r in rules for c in r.conditions
        ]
    if route.calculator == "rate_subsidy" and rule_id in RATE_RULES_BY_ID:
        r = RATE_RULES_BY_ID[rule_id]
        return [ClauseRef(r.doc_id, r.article, r.item, r.clause)], list(r.conditions)
    if route.calculator == "rd_super_deduction":
        return [ClauseRef("opinions-2017-31", None, 16, SUPER_DEDUCTION_CLAUSE)], []
    if route.calculator == "achievement_income_share" and rule_id in SHARE_RULES_BY_ID:
        sr = SHARE_RULES_BY_ID[rule_id]
        return [ClauseRef(sr.doc_id, None, sr.item, sr.clause)], []
    if route.calculator == "listing_subsidy_uplift":
        return [ClauseRef(MEASURES, 54, None, UPLIFT_54_CLAUSE)], []
    return [], []
