"""Every clause a rule's numbers come from: its own, its tiers, its caps, and the rules it builds on."""

from __future__ import annotations

from calculators.catalogue import Rule, catalogue
from calculators.results import ClauseRef


def rule_refs(rule: Rule) -> list[ClauseRef]:
    cat = catalogue()
    own = [rule.clause, *(b.clause for b in rule.brackets), *(c.clause for c in rule.caps if c.clause)]
    if rule.conditions_clause:
        own.append(rule.conditions_clause)
    refs = [ClauseRef(rule.doc_id, rule.article, rule.item, q) for q in dict.fromkeys(own)]
    for other in (rule.by_reference, rule.target, *rule.base_rules):
        if other:
            o = cat.get(other)
            refs.append(ClauseRef.of(o.doc_id, o))
    return refs
