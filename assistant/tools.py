"""The tools both answer modes use: calculators, search_policy, get_article, policy_validity.

Every call is recorded as a ToolCall (name, arguments, result) for the response's ``tool_calls``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from assistant.citations import Citation, passage_citation
from assistant.retrieval import Retriever, SearchResult
from calculators.registry import run_calculator
from calculators.results import CalculationResult, ClauseRef
from calculators.validity import whole_years
from core.errors import PolicyInputError
from ingest.structure import Document


class ToolCall(BaseModel):
    name: str
    arguments: dict[str, Any]
    result: dict[str, Any]


@dataclass
class ToolBox:
    retriever: Retriever
    today: date
    calls: list[ToolCall] = field(default_factory=list)
    results: list[CalculationResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # from this request's searches only

    @property
    def docs(self) -> dict[str, Document]:
        return self.retriever.docs

    def cite(self, ref: ClauseRef) -> Citation:
        """A calculator's clause as a contract citation (offsets from the clause table, else located now)."""
        if ref.start is not None:
            return Citation.model_validate(ref.as_dict())
        passage = self.retriever.lookup.get(
            ref.doc_id, ref.article if ref.article is not None else ref.item or 0
        )
        return passage_citation(passage, ref.quote)

    def calculate_rule(self, rule: Any, inputs: dict[str, Any], lang: str, cat: Any) -> CalculationResult:
        """Compute one catalogue rule by kind (any catalogue: a rule added as data needs no named calculator)."""
        from calculators.kinds import calculate

        arguments = {"rule_id": rule.id, "inputs": {k: str(v) for k, v in inputs.items()}}
        try:
            result = calculate(rule, inputs, as_of=self.today, lang=lang, cat=cat)
        except PolicyInputError as exc:
            self.calls.append(
                ToolCall(name="calculate_rule", arguments=arguments, result={"error": exc.message_zh})
            )
            raise
        payload = result.as_dict()
        payload["citations"] = [self.cite(s.citation).model_dump() for s in result.steps]
        self.calls.append(ToolCall(name="calculate_rule", arguments=arguments, result=payload))
        self.results.append(result)
        return result

    def calculate(self, name: str, arguments: dict[str, Any], lang: str = "zh") -> CalculationResult:
        """Run a calculator and record the call; user errors propagate as PolicyInputError."""
        clean = {
            k: (str(v) if not isinstance(v, bool | int | dict | type(None)) else v)
            for k, v in arguments.items()
        }
        clean = {
            k: ({a: str(b) for a, b in v.items()} if isinstance(v, dict) else v) for k, v in clean.items()
        }
        try:
            result = run_calculator(name, arguments, as_of=self.today, lang=lang)
        except PolicyInputError as exc:
            self.calls.append(ToolCall(name=name, arguments=clean, result={"error": exc.message_zh}))
            raise
        payload = result.as_dict()
        payload["citations"] = [self.cite(s.citation).model_dump() for s in result.steps]
        self.calls.append(ToolCall(name=name, arguments=clean, result=payload))
        self.results.append(result)
        return result

    def total(self, parts: list[Any], lang: str = "zh") -> CalculationResult:
        """Add amounts already calculated in this answer ("加起来一共多少"), recorded like any calculator."""
        from calculators.combine import total

        return self._record(total(parts, lang))

    def difference(self, parts: list[Any], lang: str = "zh") -> CalculationResult:
        """How far apart two amounts calculated in this answer are ("差多少"), recorded like any calculator."""
        from calculators.combine import difference

        return self._record(difference(parts[0], parts[1], lang))

    def absorb(self, other: ToolBox) -> None:
        """Take in what another box recorded (a part or an earlier turn answered on its own)."""
        self.calls.extend(other.calls)
        self.results.extend(other.results)
        self.warnings.extend(w for w in other.warnings if w not in self.warnings)

    def _record(self, result: CalculationResult) -> CalculationResult:
        payload = result.as_dict()
        payload["citations"] = [self.cite(s.citation).model_dump() for s in result.steps]
        self.calls.append(ToolCall(name=result.calculator, arguments=result.inputs, result=payload))
        self.results.append(result)
        return result

    def search(self, query: str, k: int = 5, *, use_exact: bool = True) -> SearchResult:
        """Search, record the call as ``search_policy`` and keep the search's warnings for the answer."""
        result = self.retriever.search(query, k=k, use_exact=use_exact)
        self.calls.append(
            ToolCall(
                name="search_policy",
                arguments={"query": query, "k": k},
                result={"hits": [h.as_dict() for h in result]},
            )
        )
        self.warnings.extend(w for w in result.warnings if w not in self.warnings)
        return result

    def search_policy(self, query: str, k: int = 5) -> list[dict[str, Any]]:
        return [h.as_dict() for h in self.search(query, k=k)]

    def get_article(self, doc_id: str, number: int) -> dict[str, Any]:
        passage = self.retriever.lookup.get(doc_id, int(number))
        result = passage_citation(passage).model_dump()
        self.calls.append(
            ToolCall(name="get_article", arguments={"doc_id": doc_id, "number": int(number)}, result=result)
        )
        return result

    def policy_validity(self, doc_id: str) -> dict[str, Any]:
        """What the text says about a document's term, compared with today's date."""
        meta = self.docs[doc_id].meta
        validity = meta.get("validity") or {}
        valid_to = validity.get("to")
        status = "no_term_stated"
        if valid_to:
            status = "expired" if self.today.isoformat() > valid_to else "in_force"
        result = {
            "doc_id": doc_id,
            "doc_number": meta.get("doc_number"),
            "title": meta.get("title"),
            "valid_from": validity.get("from"),
            "valid_to": valid_to,
            "years": whole_years(
                date.fromisoformat(validity["from"]) if validity.get("from") else None,
                date.fromisoformat(valid_to) if valid_to else None,
            ),
            "today": self.today.isoformat(),
            "status": status,
            "issued": (meta.get("dates") or {}).get("issued"),
            "issuer": meta.get("issuer"),
            "note": meta.get("validity_note", ""),
        }
        self.calls.append(ToolCall(name="policy_validity", arguments={"doc_id": doc_id}, result=result))
        return result
