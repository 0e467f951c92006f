"""Scoring one eval case, deterministically: amounts, citations, calculator calls, declines, provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.guard import number_values


@dataclass
class CaseResult:
    id: str
    category: str
    passed: bool
    problems: list[str]
    answer: str
    latency_ms: float
    untraced: list[str] = field(default_factory=list)
    citation_recall: float = 1.0
    citation_precision: float = 1.0
    wrong_amount: bool = False


def normalize_case(case: dict[str, Any]) -> dict[str, Any]:
    """Both case formats in one shape: the development set's ``turns``/``expect`` and the held-out
    format of ``../shared/HELDOUT.md`` (``messages``, ``num``, ``forbid``, ``text``, ``cite``, ``tool``,
    ``refuse``). Held-out conversations may carry assistant turns written by the case's author; only
    the last user message is answered, with the earlier ones as context."""
    if "expect" in case:
        return {
            **case,
            "history": [],
            "expect": {"any_calculator": False, "forbid_yuan": [], **case["expect"]},
        }
    msgs = case["messages"]
    cites = [
        [c["doc_id"], "a", c["article"]] if c.get("article") is not None else [c["doc_id"], "i", c["item"]]
        for c in case.get("cite", [])
        if c.get("article") is not None or c.get("item") is not None
    ]
    return {
        "id": case["id"],
        "category": case["category"],
        "history": msgs[:-1],
        "turns": [msgs[-1]["content"]],
        "expect": {
            "amounts_yuan": [str(n) for n in case.get("num", [])],
            "forbid_yuan": [str(n) for n in case.get("forbid", [])],
            "citations": cites,
            "calculator": None,
            "any_calculator": bool(case.get("tool")),
            "decline": bool(case.get("refuse")),
            "any_of": case.get("text", []),
            "must_contain": [],
            "must_not_contain": [],
        },
    }


def headline(answer: str) -> str:
    """The answer's first paragraph, where it states its figure or verdict (the steps below may show
    an uncapped intermediate amount, which is not the answer)."""
    return answer.strip().split("\n\n", 1)[0]


def _cite_key(c: dict[str, Any]) -> tuple:
    return (c["doc_id"], c.get("article"), c.get("item"), c.get("section", ""))


def _matches(expected: list, c: dict[str, Any]) -> bool:
    doc_id, kind, value = expected
    if c["doc_id"] != doc_id:
        return False
    if kind == "a":
        return c.get("article") == value
    if kind == "i":  # an item written "16" by a case's author is item 16
        return c.get("item") is not None and str(c["item"]) == str(value)
    return str(value) in c.get("section", "")


def amount_in_text(yuan: Decimal, text: str) -> bool:
    wanted = format(yuan.normalize(), "f")
    values = set().union(*number_values(text).values()) if text else set()
    return wanted in values


def score_case(
    case: dict[str, Any], body: dict[str, Any], latency_ms: float, untraced: list[str]
) -> CaseResult:
    exp = case["expect"]
    answer = body.get("answer", "")
    problems: list[str] = []
    amount_problem = False
    for amount in exp.get("amounts_yuan", []):
        if not amount_in_text(Decimal(amount), answer):
            problems.append(f"amount {amount} missing")
            amount_problem = True
    for amount in exp.get("forbid_yuan", []):
        if amount_in_text(Decimal(amount), headline(answer)):
            problems.append(f"forbidden amount {amount} stated")
            amount_problem = True
    # Text is matched regardless of spacing: the documents write "有效期 5 年", a case may expect "5年".
    flat = _flat(answer)
    for group in exp.get("any_of", []):
        if group and not any(_flat(t) in flat for t in group):
            problems.append(f"none of {group} in the answer")
    citations = body.get("citations", [])
    expected = exp.get("citations", [])
    found = [e for e in expected if any(_matches(e, c) for c in citations)]
    recall = len(found) / len(expected) if expected else 1.0
    if len(found) < len(expected):
        problems.append(f"citations missing: {[e for e in expected if e not in found]}")
    units = {_cite_key(c) for c in citations}
    relevant = {
        _cite_key(c)
        for c in citations
        if any(_matches(e, c) for e in expected)
        or (c["doc_id"] == "measures-2017-52" and c.get("article") == 66)
    }
    precision = len(relevant) / len(units) if units and expected else 1.0
    calc = exp.get("calculator")
    names = [tc["name"] for tc in body.get("tool_calls", [])]
    if calc and calc not in names:
        problems.append(f"calculator {calc} not called (got {names})")
    calculators_ran = [n for n in names if n not in ("search_policy", "get_article")]
    if exp.get("any_calculator") and not calculators_ran:
        problems.append(f"no calculator called (got {names})")
    if bool(body.get("out_of_scope")) != bool(exp.get("decline")):
        problems.append(f"out_of_scope={body.get('out_of_scope')} expected {exp.get('decline')}")
    for text in exp.get("must_contain", []):
        if text not in answer:
            problems.append(f"missing text {text!r}")
    for text in exp.get("must_not_contain", []):
        if text in answer:
            problems.append(f"forbidden text {text!r}")
    if untraced:
        problems.append(f"untraceable numbers {untraced}")
    return CaseResult(
        case["id"],
        case["category"],
        not problems,
        problems,
        answer,
        latency_ms,
        untraced,
        recall,
        precision,
        wrong_amount=amount_problem and bool(calculators_ran),
    )


def provenance_check(body: dict[str, Any], messages: list[dict[str, str]]) -> list[str]:
    from assistant.engine import Answer, check_provenance

    return check_provenance(Answer.model_validate(body), messages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()
