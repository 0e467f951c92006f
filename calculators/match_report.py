"""What policy matching returns: one entry per matched rule, and the report around them (JSON via as_dict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from calculators.amounts import format_wan
from calculators.catalogue import Rule

Status = Literal["computed", "fixed", "needs_input"]
CheckStatus = Literal["met", "not_met", "to_confirm"]


@dataclass
class Check:
    """One thing to qualify: a condition of the text, or a threshold compared with a given amount."""

    type: Literal["condition", "threshold"]
    text: str
    status: CheckStatus = "to_confirm"

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "status": self.status}


@dataclass
class PolicyMatch:
    rule: Rule
    status: Status
    matched_beneficiaries: list[str]
    title: str
    where: str
    wenhao: str
    summary: str
    amount_yuan: Decimal | None = None
    is_maximum: bool = False
    calculation: dict[str, Any] | None = None
    inputs_used: dict[str, str] = field(default_factory=dict)
    needs: list[dict[str, Any]] = field(default_factory=list)
    accepts: list[dict[str, Any]] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    to_qualify: list[Check] = field(default_factory=list)
    validity: dict[str, Any] = field(default_factory=dict)
    citation: dict[str, Any] = field(default_factory=dict)

    @property
    def qualifies(self) -> Literal["no", "to_confirm"]:
        return "no" if any(c.status == "not_met" for c in self.to_qualify) else "to_confirm"

    def as_dict(self) -> dict[str, Any]:
        r = self.rule
        return {
            "rule_id": r.id,
            "status": self.status,
            "kind": r.kind,
            "title": self.title,
            "title_zh": r.title_zh,
            "title_en": r.title_en,
            "doc_id": r.doc_id,
            "wenhao": self.wenhao,
            "article": r.article,
            "item": r.item,
            "section": r.section,
            "where": self.where,
            "matched_beneficiaries": self.matched_beneficiaries,
            "summary": self.summary,
            "amount_yuan": None if self.amount_yuan is None else str(self.amount_yuan),
            "amount_display": None if self.amount_yuan is None else format_wan(self.amount_yuan),
            "is_maximum": self.is_maximum,
            "calculation": self.calculation,
            "inputs_used": self.inputs_used,
            "needs": self.needs,
            "accepts": self.accepts,
            "conditions": self.conditions,
            "qualifies": self.qualifies,
            "to_qualify": [c.as_dict() for c in self.to_qualify],
            "validity": self.validity,
            "citation": self.citation,
        }


@dataclass
class MatchReport:
    as_of: date
    lang: str
    beneficiaries: list[str]
    resolved_words: dict[str, list[str]]
    matches: list[PolicyMatch]
    ambiguous_inputs: list[dict[str, Any]] = field(default_factory=list)
    unused_inputs: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"matched": len(self.matches), "computed": 0, "fixed": 0, "needs_input": 0}
        for m in self.matches:
            out[m.status] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "beneficiaries": self.beneficiaries,
            "resolved_words": self.resolved_words,
            "counts": self.counts(),
            "matches": [m.as_dict() for m in self.matches],
            "ambiguous_inputs": self.ambiguous_inputs,
            "unused_inputs": self.unused_inputs,
            "notices": self.notices,
        }
