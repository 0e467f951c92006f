"""The conversation engine: ``Assistant.answer(messages) -> Answer`` in the /v1/chat shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant import compose
from assistant.citations import Citation
from assistant.guard import untraceable_numbers
from assistant.intent import CalcRoute, Understanding, language, understand
from assistant.lookups import _ALL_DOCS_Q, _DOC_INFO_Q, LookupAnswers
from assistant.messages import Answer, EmptyQuestionError, Message
from assistant.references import AmbiguousReferenceError, Reference, detect_doc, find_references
from assistant.retrieval import Retriever
from assistant.rule_text import route_clauses, rule_headline
from assistant.tools import ToolBox
from calculators.catalogue import catalogue
from calculators.named import match_awards
from calculators.results import CalculationResult
from core.errors import PolicyInputError

MEASURES = "measures-2017-52"
LEVELS = tuple(dict.fromkeys(r.level for r in catalogue() if r.level and r.level.endswith("级")))


def at_level(text: str, level: str) -> str:
    """The same wording at another level: at_level("国家级孵化器", "省级") == "省级孵化器"."""
    for other in LEVELS:
        text = text.replace(other, level)
    return text


_CONDITION_Q = re.compile(
    r"条件|要求|给谁|奖励谁|补给谁|谁可以|谁能|对象|哪些企业|怎么申请|如何申请|申请流程|依据|规定|"
    r"eligib|who can|who gets|condition|requirement",
    re.IGNORECASE,
)
_CALC_REQUEST = re.compile(r"算一下|算算|帮我算|帮忙算|计算一下|测算一下|calculate|compute", re.IGNORECASE)
_INJECTION = re.compile(
    r"忽略|无视|不要管|别管|假装|扮演|你现在是|ignore (all|previous|the)|disregard|pretend|system prompt",
    re.IGNORECASE,
)


@dataclass
class ConversationState:
    award_text: str | None = None
    route: CalcRoute | None = None
    amount: Any = None
    doc_id: str | None = None
    lang: str = "zh"


def _as_messages(messages: list[Any]) -> list[Message]:
    out = []
    for m in messages:
        out.append(m if isinstance(m, Message) else Message.model_validate(m))
    return out


class Assistant(LookupAnswers):
    def __init__(self, retriever: Retriever, today: date | None = None) -> None:
        self.retriever = retriever
        self.today = today or date.today()

    # ----------------------------------------------------------------- entry point
    def answer(self, messages: list[Any], today: date | None = None) -> Answer:
        msgs = _as_messages(messages)
        if not msgs or msgs[-1].role != "user":
            raise PolicyInputError(
                "最后一条消息必须来自用户（role 为 user）。", "The last message must come from the user."
            )
        text = msgs[-1].content.strip()
        if not text or not re.search(r"[\w\u4e00-\u9fff]", text):
            raise EmptyQuestionError(
                "问题为空，请输入要咨询的内容。", "The question is empty; please type a question."
            )
        tools = ToolBox(self.retriever, today or self.today)
        state = self._state([m.content for m in msgs[:-1] if m.role == "user"])
        answer = self._answer(text, state, tools)
        answer.tool_calls = list(tools.calls)
        if self.retriever.dense_error and any(tc.name == "search_policy" for tc in tools.calls):
            answer.warnings.append(self.retriever.dense_error)
        return answer

    # ----------------------------------------------------------------- context
    def _state(self, previous: list[str]) -> ConversationState:
        state = ConversationState()
        for text in previous:
            try:
                refs = find_references(text, state.doc_id)
            except PolicyInputError:
                refs = []
            u = understand(
                text,
                [r.number for r in refs if r.kind == "article"],
                [r.number for r in refs if r.kind == "item"],
            )
            if u.out_of_scope_reason:
                continue
            if u.route is not None:
                state.route = u.route
            if match_awards(u.routed_text or text):
                state.award_text = u.routed_text or text
            if u.input_amount is not None:
                state.amount = u.input_amount.yuan
            if refs:
                state.doc_id = refs[-1].doc_id
            state.lang = u.lang
        return state

    # ----------------------------------------------------------------- routing
    def _answer(self, text: str, state: ConversationState, tools: ToolBox) -> Answer:
        lang = language(text)
        try:
            refs = find_references(text, state.doc_id)
        except AmbiguousReferenceError as exc:
            return Answer(answer=exc.message(lang))
        u = understand(
            text,
            [r.number for r in refs if r.kind == "article"],
            [r.number for r in refs if r.kind == "item"],
        )
        if u.out_of_scope_reason:
            return self._out_of_scope(u, tools)
        if u.foreign:
            m = u.foreign[0]
            msg = (
                f"“{m.text}”是外币金额（{m.currency}）。这些政策按人民币计算，本系统不做汇率换算，请提供人民币金额后再计算。"
                if lang == "zh"
                else f"'{m.text}' is in a foreign currency ({m.currency}). The policies are in yuan and no exchange "
                "rate is applied; please give the amount in yuan."
            )
            return Answer(answer=msg)
        if (u.ambiguous and u.input_amount is None) or (u.ambiguous and u.route is not None):
            return Answer(
                answer="金额有歧义（例如“两三千万”或一个区间），请给出一个确切金额，我再按条款计算。"
                if lang == "zh"
                else "The amount is ambiguous; please give one exact amount."
            )
        if u.eligibility_entity and u.input_amount is None and not refs:
            return self._eligibility(u, tools)
        route = self._calc_route(u, refs, state)
        if route is not None and u.input_amount is None and _CONDITION_Q.search(text):
            return self._rule_summary(route, u, tools, ask=False)  # "申请股权投资奖励需要什么条件"
        if route is not None:
            return self._calculate(route, u, state, tools)
        if u.validity:
            return self._validity(u, refs, tools)
        if not refs and (_ALL_DOCS_Q.search(text) or (detect_doc(text) and _DOC_INFO_Q.search(text))):
            return self._documents(u, tools)
        if u.eligibility_entity:
            return self._eligibility(u, tools)
        if refs:
            return self._lookup(refs, u, tools)
        awards = match_awards(u.routed_text or text)
        if awards and u.wants_money:
            levels = [lv for lv in LEVELS if lv in text]
            if len(levels) > 1:  # "国家级孵化器和省级的分别补多少": one award per level named
                return self._calculate_awards(awards[0], levels, u, tools)
            return self._calculate_award(awards[0].id, u, tools)
        if state.award_text and (u.follow_up or len(text) <= 12) and (level := _level(text)):
            # "国家级孵化器补多少" → "那省级的呢？": the same award at another level
            swapped = at_level(state.award_text, level)
            if (again := match_awards(swapped)) and swapped != state.award_text:
                return self._calculate_award(again[0].id, u, tools)
        if _CALC_REQUEST.search(text) and u.route is None and not awards:
            u.out_of_scope_reason = "no_rule"
            return self._out_of_scope(u, tools)
        return self._search_answer(u, tools)

    def _calc_route(
        self, u: Understanding, refs: list[Reference], state: ConversationState
    ) -> CalcRoute | None:
        route = u.route
        if route is None and state.route is not None and u.prior_amount is not None:
            return (
                state.route
            )  # "已经拿过950万奖励了呢" adds the cumulative-cap input to the last calculation
        if route is not None and route.amount_param and u.input_amount is None and not state.amount:
            # No amount anywhere: a named award ("国家级大学科技园补多少") or a plain lookup, not a calculation.
            if match_awards(u.routed_text or u.text) and u.route_score < 100:
                return None
            if not (u.wants_money or u.route_score >= 100):
                return None
        strong = route is not None and (u.route_score >= 100 or u.wants_money or u.input_amount is not None)
        if route is not None and strong:
            if route.amount_param is None or u.input_amount or u.wants_money or state.amount:
                return route
        if route is None and state.route is not None:
            # "那如果是5000万呢？" / "那高校能拿多少？" reuse the previous calculator
            if (
                u.input_amount is not None
                or (u.follow_up and u.wants_number)
                or (u.wants_number and (u.focus_university or u.focus_enterprise) and not refs)
            ):
                return state.route
        return None

    # ----------------------------------------------------------------- calculations
    def _calculate(
        self, route: CalcRoute, u: Understanding, state: ConversationState, tools: ToolBox
    ) -> Answer:
        lang = u.lang
        args: dict[str, Any] = dict(route.fixed)
        if route.amount_param:
            amount = u.input_amount.yuan if u.input_amount else (state.amount if state.route else None)
            if u.input_amount is None and state.route is not None and state.route.key != route.key:
                amount = None  # the previous amount belonged to another calculation
            if amount is None and state.amount is not None and u.follow_up:
                amount = state.amount
            if amount is None:
                return self._rule_summary(route, u, tools, ask=True)
            args[route.amount_param] = amount
            if route.calculator == "equity_investment_reward" and u.prior_amount is not None:
                args["prior_rewards_yuan"] = u.prior_amount.yuan
        if route.calculator == "listing_subsidy_uplift":
            low = u.text.lower()
            args["listing"] = (
                "overseas_listing"
                if re.search(r"境外|海外|香港|港股|overseas", low)
                else "neeq_listing"
                if "新三板" in low
                else "backdoor_listing"
                if re.search(r"借壳|并购", low)
                else "domestic_ipo"
            )
        try:
            result = tools.calculate(route.calculator, args)
        except PolicyInputError as exc:
            return Answer(answer=exc.message(lang))
        return self._compose_calc(result, u, tools)

    def _rule_summary(self, route: CalcRoute, u: Understanding, tools: ToolBox, *, ask: bool) -> Answer:
        """The rule in the text's own words (clauses, conditions, validity) and, if asked, the value still needed."""
        lang = u.lang
        quotes, conditions = route_clauses(route)
        citations = _unique([tools.cite(q) for q in quotes])
        parts = [
            rule_headline(route, lang)
            or ("相关条款原文如下。" if lang == "zh" else "The provision, verbatim:")
        ]
        if u.claimed:
            parts.append(
                f"您提到的“{u.claimed[0].text}”无法核对：还缺计算所需的金额。"
                if lang == "zh"
                else f"The figure '{u.claimed[0].text}' cannot be checked without the base amount."
            )
        if ask:
            parts.append(route.ask_zh if lang == "zh" else route.ask_en)
        if citations:
            parts.append(compose.citation_block(citations, self.docs, lang))
        if conditions:
            parts.append(compose.list_block("Conditions:" if lang == "en" else "需满足的条件：", conditions))
        warnings = self._validity_notes(citations, tools)
        if warnings:
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", warnings))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _calculate_awards(self, first: Any, levels: list[str], u: Understanding, tools: ToolBox) -> Answer:
        keyword = max((k for k in first.aliases if any(lv in k for lv in LEVELS)), key=len, default="")
        ids: list[str] = []
        for level in levels:
            found = match_awards(at_level(keyword, level)) if keyword else []
            if found and found[0].id not in ids:
                ids.append(found[0].id)
        answers = [self._calculate_award(award_id, u, tools) for award_id in ids or [first.id]]
        if len(answers) == 1:
            return answers[0]
        heads = [a.answer.split("\n", 1)[0] for a in answers]
        citations = _unique([c for a in answers for c in a.citations])
        warnings = list(dict.fromkeys(w for a in answers for w in a.warnings))
        body = "\n".join(heads)
        parts = [body, compose.citation_block(citations, self.docs, u.lang)]
        if warnings:
            parts.append(compose.list_block("提示：" if u.lang == "zh" else "Notes:", warnings))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _calculate_award(self, award_id: str, u: Understanding, tools: ToolBox) -> Answer:
        try:
            result = tools.calculate("fixed_award_lookup", {"award": award_id})
        except PolicyInputError as exc:
            return Answer(answer=exc.message(u.lang))
        return self._compose_calc(result, u, tools)

    def _compose_calc(self, result: CalculationResult, u: Understanding, tools: ToolBox) -> Answer:
        lang = u.lang
        citations = _unique([tools.cite(s.citation) for s in result.steps])
        parts = [compose.calc_headline(result, lang, u.focus_university and not u.focus_enterprise)]
        premise = self._premise_note(result, u)
        if premise:
            parts.append(premise)
        parts.append(compose.steps_block(result, lang))
        if result.conditions:
            parts.append(
                compose.list_block("Conditions:" if lang == "en" else "需满足的条件：", result.conditions)
            )
        if result.warnings:
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", result.warnings))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=list(result.warnings))

    def _premise_note(self, result: CalculationResult, u: Understanding) -> str:
        notes = []
        target = result.amount_yuan
        if u.focus_university and "university_yuan" in result.breakdown:
            target = result.breakdown["university_yuan"]
        for claim in u.claimed:
            if claim.yuan != target:
                notes.append(
                    f"您提到的“{claim.text}”与条款不符：按原文计算应为{compose.money(target)}。"
                    if u.lang == "zh"
                    else f"The figure '{claim.text}' you mention does not match the policy: the calculation "
                    f"gives {compose.money_en(target)}."
                )
        if _INJECTION.search(u.text):
            notes.append(
                "政策规定的数字不能按指令更改，以上金额只来自条款原文和计算器。"
                if u.lang == "zh"
                else "The policy's figures cannot be changed on request; the amount above comes only from the text."
            )
        return "\n".join(notes)

    # ----------------------------------------------------------------- lookups


def _level(text: str) -> str | None:
    return next((level for level in LEVELS if level in text), None)


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: dict[tuple, Citation] = {}
    for c in citations:
        seen.setdefault((c.doc_id, c.article, c.item, c.start, c.end), c)
    return list(seen.values())


def check_provenance(answer: Answer, messages: list[Any]) -> list[str]:
    """Numbers in the answer that no tool result, citation quote or user message supports."""
    user_texts = [m["content"] if isinstance(m, dict) else m.content for m in messages]
    sources: list[object] = [c.quote for c in answer.citations]
    sources += [tc.result for tc in answer.tool_calls] + [tc.arguments for tc in answer.tool_calls]
    sources += user_texts
    sources += [compose.SCOPE_ZH, compose.SCOPE_EN]  # document titles and 文号 quoted in the scope note
    return untraceable_numbers(answer.answer, sources)


__all__ = ["Answer", "Assistant", "Message", "check_provenance"]
