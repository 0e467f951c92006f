"""A calculator route's rule in the text's own words: its clauses, conditions and a one-line summary."""

from __future__ import annotations

from assistant.intent import CalcRoute
from calculators.catalogue import Rule, catalogue
from calculators.describe import headline, summary
from calculators.results import ClauseRef

_NAMED = {
    "equity_investment_reward": ("equity_investment_reward",),
    "tech_transfer_subsidy": ("tech_transfer_enterprise", "tech_transfer_university"),
    "rd_super_deduction": ("rd_super_deduction",),
    "listing_subsidy_uplift": ("military_civil_listing_uplift",),
    "first_application_uplift": ("first_application_uplift",),
}


def route_rules(route: CalcRoute) -> list[Rule]:
    rule_id = dict(route.fixed).get("rule_id")
    ids = (str(rule_id),) if rule_id else _NAMED.get(route.calculator, ())
    return [catalogue().get(i) for i in ids]


def rule_headline(route: CalcRoute, lang: str) -> str:
    """One line stating the rule's rate and cap, from the catalogue."""
    rules = route_rules(route)
    if len(rules) == 2 and route.calculator == "tech_transfer_subsidy":
        ent, uni = rules
        if lang == "en":
            return (
                f"{ent.where_en}: enterprise {summary(ent, 'en')}; university/institute {summary(uni, 'en')}."
            )
        return f"技术合同补助（{ent.where_zh}）：企业{summary(ent)}；在连高校院所{summary(uni)}。"
    return headline(rules[0], lang) if rules else ""


def route_clauses(route: CalcRoute) -> tuple[list[ClauseRef], list[str]]:
    """The verbatim clauses and stated conditions behind a calculator route."""
    refs: list[ClauseRef] = []
    conditions: list[str] = []
    for r in route_rules(route):
        quotes = [r.clause, *(b.clause for b in r.brackets), *(c.clause for c in r.caps if c.clause)]
        refs += [ClauseRef(r.doc_id, r.article, r.item, q) for q in dict.fromkeys(quotes)]
        conditions += list(r.conditions_zh)
    return refs, conditions
