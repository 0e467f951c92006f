"""The conversation engine: ``Assistant.answer(messages) -> Answer`` in the /v1/chat shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant import compose
from assistant.citations import Citation, passage_citation
from assistant.guard import untraceable_numbers
from assistant.intent import ROUTES_BY_KEY, CalcRoute, Understanding, language, understand
from assistant.references import AmbiguousReferenceError, Reference, detect_doc, find_references
from assistant.retrieval import Retriever
from assistant.tools import ToolBox, ToolCall
from calculators.awards import match_awards
from calculators.chinese_numerals import int_to_chinese
from calculators.errors import PolicyInputError
from calculators.results import CalculationResult, ClauseRef
from ingest.bm25 import tokenize
from ingest.structure import Passage

MEASURES = "measures-2017-52"
MIN_MATCH_IDF = 4.0  # summed IDF of the question words found in the best passage; below it we decline
MIN_MATCH_IDF_WITH_UNKNOWN = 6.0  # stricter when the question has words the documents never use (护照, 房价)
WHOLE_PASSAGE_CHARS = 300
DOC_ORDER = ("opinions-2017-31", "measures-2017-52", "guide-2017-118", "plan-2017-119")
_ALL_DOCS_Q = re.compile(
    r"(四|4|几)(个|份|部)(文件|政策|文档)|哪些文件|哪几份|文件清单|文件列表|which documents|what documents|"
    r"four documents",
    re.IGNORECASE,
)
_DOC_INFO_Q = re.compile(
    r"什么时候(发布|印发|出台|发的|下发)|哪天(发布|印发)|发布(时间|日期)|印发(时间|日期)|哪个(部门|单位)(发布|印发|制定)|"
    r"发文(单位|机关)|文号|全称|标题|when was .* (issued|published)|who issued",
    re.IGNORECASE,
)
_CONDITION_Q = re.compile(
    r"条件|要求|给谁|奖励谁|补给谁|谁可以|谁能|对象|哪些企业|怎么申请|如何申请|申请流程|依据|规定|"
    r"eligib|who can|who gets|condition|requirement",
    re.IGNORECASE,
)
_LEVELS = ("国家级", "省级", "市级")
_CALC_REQUEST = re.compile(r"算一下|算算|帮我算|帮忙算|计算一下|测算一下|calculate|compute", re.IGNORECASE)
_QUESTION_WORDS = {
    "怎么",
    "如何",
    "什么",
    "哪些",
    "多少",
    "可以",
    "是否",
    "请问",
    "怎样",
    "为什么",
    "哪个",
    "哪里",
    "有没有",
}
_INJECTION = re.compile(
    r"忽略|无视|不要管|别管|假装|扮演|你现在是|ignore (all|previous|the)|disregard|pretend|system prompt",
    re.IGNORECASE,
)


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=100_000)


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    out_of_scope: bool = False
    warnings: list[str] = Field(default_factory=list)


class EmptyQuestionError(PolicyInputError):
    code = "empty_question"


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


class Assistant:
    def __init__(self, retriever: Retriever, today: date | None = None) -> None:
        self.retriever = retriever
        self.today = today or date.today()

    @property
    def docs(self):
        return self.retriever.docs

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
            return self._calculate_award(awards[0].id, u, tools)
        if state.award_text and (u.follow_up or len(text) <= 12) and (level := _level(text)):
            # "国家级孵化器补多少" → "那省级的呢？": the same award at another level
            swapped = state.award_text
            for other in _LEVELS:
                swapped = swapped.replace(other, level)
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
        quotes, conditions = _route_clauses(route)
        citations = _unique([tools.cite(q) for q in quotes])
        parts = [
            _rule_headline(route, lang)
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
    def _lookup(self, refs: list[Reference], u: Understanding, tools: ToolBox) -> Answer:
        lang = u.lang
        parts: list[str] = []
        citations: list[Citation] = []
        warnings: list[str] = []
        for ref in refs[:3]:
            try:
                tools.get_article(ref.doc_id, ref.number)
                passage = self.retriever.lookup.get(ref.doc_id, ref.number)
            except PolicyInputError as exc:
                tools.calls.append(
                    ToolCall(
                        name="get_article",
                        arguments={"doc_id": ref.doc_id, "number": ref.number},
                        result={"error": exc.message_zh, "detail": exc.detail},
                    )
                )
                return Answer(answer=exc.message(lang))
            c = passage_citation(passage)
            citations.append(c)
            head = compose.label(c, self.docs, lang)
            parts.append(
                f"{head}{'（' + c.section + '）' if lang == 'zh' else ' (' + c.section + ')'}：\n“{c.quote}”"
            )
        warnings += self._validity_notes(citations, tools)
        if warnings:
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", warnings))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _validity_notes(self, citations: list[Citation], tools: ToolBox) -> list[str]:
        notes = []
        for doc_id in dict.fromkeys(c.doc_id for c in citations):
            if doc_id not in (MEASURES, "plan-2017-119"):
                continue
            v = tools.policy_validity(doc_id)
            if v["status"] == "expired":
                if doc_id == MEASURES:
                    notes.append(
                        f"有效期提示：第六十六条规定本政策措施自2018年1月1日起施行，有效期5年（至{v['valid_to']}）；"
                        f"截至{v['today']}已届满，现行规定请向市科技局等发布部门确认。"
                    )
                else:
                    notes.append(f"有效期提示：三年行动计划的计划期为2017—2019年，截至{v['today']}已结束。")
        return notes

    def _validity(self, u: Understanding, refs: list[Reference], tools: ToolBox) -> Answer:
        lang = u.lang
        doc_ids = list(dict.fromkeys(r.doc_id for r in refs))
        if not doc_ids and (named := detect_doc(u.text)):
            doc_ids = [named]
        hits = tools.search_policy(u.text, k=3) if not doc_ids else []
        if not doc_ids:
            found = [h["citation"]["doc_id"] for h in hits]
            doc_ids = [MEASURES] if MEASURES in found[:2] or not found else [found[0]]
        lines: list[str] = []
        citations: list[Citation] = []
        for doc_id in doc_ids:
            v = tools.policy_validity(doc_id)
            if doc_id == MEASURES:
                c = self.retriever.lookup.citation(MEASURES, 66)
                citations.append(c)
                if lang == "en":
                    lines.append(
                        f"{v['doc_number']} (Article 66) took effect on 2018-01-01 for 5 years, i.e. until "
                        f"{v['valid_to']}. As of {v['today']} that term has ended; confirm the current rules "
                        "with the issuing department (市科技局)."
                    )
                else:
                    state = "已届满" if v["status"] == "expired" else "仍在有效期内"
                    lines.append(
                        f"《大连市支持科技创新若干政策措施》（{v['doc_number']}）第六十六条规定：自2018年1月1日起施行，"
                        f"有效期5年，即至{v['valid_to']}。截至{v['today']}，该期限{state}；现行政策请向市科技局等发布部门确认。"
                    )
            elif doc_id == "plan-2017-119":
                c = self.retriever.lookup.citation("plan-2017-119", 1)
                quote = "大连国家自主创新示范区三年行动计划（2017-2019年）"
                text = self.docs[doc_id].text
                start = text.find(quote)
                citations.append(
                    Citation(doc_id=doc_id, section="标题", quote=quote, start=start, end=start + len(quote))
                )
                lines.append(
                    f"《三年行动计划》（{v['doc_number']}）的计划期为2017—2019年，截至{v['today']}已结束。"
                    if lang == "zh"
                    else f"The three-year action plan ({v['doc_number']}) covered 2017–2019; it has ended."
                )
            elif doc_id == "opinions-2017-31":
                c = self.retriever.lookup.citation(doc_id, 16)
                quote = "在 2017 年 1 月 1 日至 2019 年 12 月 31 日期间"
                citations.append(
                    Citation(
                        doc_id=doc_id,
                        item=16,
                        section=c.section,
                        quote=quote,
                        start=c.start + c.quote.find(quote),
                        end=c.start + c.quote.find(quote) + len(quote),
                    )
                )
                lines.append(
                    "《意见》（大委发〔2017〕31号）全文未规定整体有效期；其中第16项研发费用加计扣除的适用期间为2017年1月1日至"
                    "2019年12月31日，已结束。"
                    if lang == "zh"
                    else "The opinions (大委发〔2017〕31号) state no overall term; the R&D super-deduction in item 16 "
                    "applied from 2017-01-01 to 2019-12-31 and has ended."
                )
            else:
                lines.append(
                    f"《{v['title']}》（{v['doc_number']}）原文未规定有效期。"
                    if lang == "zh"
                    else f"{v['doc_number']} states no term of validity."
                )
        if lang == "zh":
            lines.append("提示：本助手只依据2017年的四份原文作答，不掌握之后的新政策。")
        return Answer(
            answer="\n\n".join([*lines, compose.citation_block(citations, self.docs, lang)]),
            citations=citations,
            warnings=[line for line in lines if "届满" in line or "ended" in line],
        )

    def _eligibility(self, u: Understanding, tools: ToolBox) -> Answer:
        from assistant.intent import ENTITIES

        words = next(w for name, w in ENTITIES if name == u.eligibility_entity)
        cn_words = [w for w in words if re.search(r"[\u4e00-\u9fff]", w)]
        found: list[tuple[Passage, str]] = []
        for doc_id in (MEASURES, "opinions-2017-31"):
            for p in self.docs[doc_id].passages:
                if p.kind not in ("article", "item"):
                    continue
                for sentence in re.split(r"(?<=[。；])", p.text):
                    if any(w in sentence for w in cn_words) and re.search(
                        r"给予|补助|奖励|补贴|补偿|支持", sentence
                    ):
                        found.append((p, sentence.strip()))
                        break
        tools.calls.append(
            ToolCall(
                name="search_policy",
                arguments={"entity": u.eligibility_entity},
                result={"hits": [passage_citation(p, s).model_dump() for p, s in found[:12]]},
            )
        )
        if not found:
            return self._search_answer(u, tools)
        citations = [passage_citation(p, s) for p, s in found[:12]]
        head = (
            f"原文中明确提到“{u.eligibility_entity}”并给予支持的条款如下（是否符合条件以各条的具体要求为准）："
            if u.lang == "zh"
            else f"These provisions name '{u.eligibility_entity}' and grant support (check each one's conditions):"
        )
        lines = [head] + [f"- {compose.label(c, self.docs, u.lang)}：“{c.quote}”" for c in citations]
        warnings = self._validity_notes(citations, tools)
        if warnings:
            lines.append(compose.list_block("提示：" if u.lang == "zh" else "Notes:", warnings))
        return Answer(answer="\n".join(lines), citations=citations, warnings=warnings)

    def _search_answer(self, u: Understanding, tools: ToolBox) -> Answer:
        hits = self.retriever.search(u.text, k=4)
        tools.calls.append(
            ToolCall(
                name="search_policy",
                arguments={"query": u.text, "k": 4},
                result={"hits": [h.as_dict() for h in hits]},
            )
        )
        if (not hits or not self._relevant(hits[0], u.text)) and (named := detect_doc(u.text)):
            return self._outline(named, u)  # "指南里提到的重点产业有哪些": the document's own headings
        if not hits or not self._relevant(hits[0], u.text):
            u.out_of_scope_reason = "no_match"
            return self._out_of_scope(u, tools, hits=[])
        top = hits[0]
        # A short passage is read out whole (hotline staff quote the article); a long one by its best sentences.
        if len(top.citation.quote) <= WHOLE_PASSAGE_CHARS:
            sentences = [top.citation.quote.strip()]
        else:
            sentences = compose.best_sentences(top.citation.quote, top.matched_terms)
        passage = (
            self.retriever.lookup.get(top.citation.doc_id, top.citation.article or top.citation.item or 0)
            if (top.citation.article or top.citation.item)
            else None
        )
        citations = []
        for s in sentences:
            base = passage if passage is not None else None
            if base is not None and s in base.text:
                citations.append(passage_citation(base, s))
            else:
                idx = top.citation.quote.find(s)
                citations.append(
                    top.citation.model_copy(
                        update={
                            "quote": s,
                            "start": top.citation.start + idx,
                            "end": top.citation.start + idx + len(s),
                        }
                    )
                )
        lead = (
            f"根据{compose.label(top.citation, self.docs, 'zh')}："
            if u.lang == "zh"
            else f"According to {compose.label(top.citation, self.docs, 'en')} (quoted in Chinese):"
        )
        parts = [lead + "\n" + "\n".join(f"“{s}”" for s in sentences)]
        related = [compose.label(h.citation, self.docs, u.lang) for h in hits[1:3]]
        if related:
            parts.append(("相关条款：" if u.lang == "zh" else "Related: ") + "；".join(related))
        warnings = self._validity_notes(citations, tools)
        if warnings:
            parts.append(compose.list_block("提示：" if u.lang == "zh" else "Notes:", warnings))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _documents(self, u: Understanding, tools: ToolBox) -> Answer:
        """What the documents are: title, 文号, issuer, date as printed, term; cites each title line."""
        named = detect_doc(u.text)
        doc_ids = [named] if named and not _ALL_DOCS_Q.search(u.text) else list(DOC_ORDER)
        lines, citations = [], []
        for doc_id in doc_ids:
            doc = self.docs[doc_id]
            meta = doc.meta
            v = tools.policy_validity(doc_id)
            first = doc.text.split("\n", 1)[0]
            citations.append(Citation(doc_id=doc_id, section="标题", quote=first, start=0, end=len(first)))
            issued = meta.get("dates", {}).get("issued")
            when = (
                (f"印发日期{issued}" if issued else "原文未载明日期")
                if u.lang == "zh"
                else (f"issued {issued}" if issued else "no date printed")
            )
            term = meta.get("validity_note") or ("原文未规定有效期" if u.lang == "zh" else "no term stated")
            lines.append(
                f"- 《{meta['title']}》（{meta['doc_number']}），{meta['issuer']}，{when}；{term}"
                + ("（已届满）" if v["status"] == "expired" else "")
            )
        head = "这四份文件是：" if len(doc_ids) > 1 else "文件信息："
        if u.lang == "en":
            head = "The documents:" if len(doc_ids) > 1 else "Document:"
        return Answer(answer="\n".join([head, *lines]), citations=citations)

    def _outline(self, doc_id: str, u: Understanding) -> Answer:
        """A document's section headings, each cited by the verbatim opening of its section."""
        doc = self.docs[doc_id]
        seen: dict[str, Passage] = {}
        for p in doc.passages:
            parts = p.section.split(" > ")
            key = " > ".join(parts[:2]) if len(parts) >= 2 else parts[0]
            if p.kind in ("section", "item") and key not in seen and key not in ("前言", "印发通知"):
                seen[key] = p
        citations = []
        lines = [
            f"《{doc.meta['title']}》的结构（各部分标题）："
            if u.lang == "zh"
            else f"Outline of {doc.meta['doc_number']}:"
        ]
        for key, p in seen.items():
            opening = re.split(r"(?<=[。])", p.text, maxsplit=1)[0]
            citations.append(passage_citation(p, opening))
            lines.append(f"- {key}")
        return Answer(answer="\n".join(lines), citations=citations[:30])

    def _relevant(self, hit: Any, question: str) -> bool:
        """Enough of the question's own words occur in the best passage to call it an answer."""
        if hit.exact:
            return True
        idf = self.retriever.bm25.idf
        weight = sum(idf.get(t, 0.0) for t in hit.matched_terms if len(t) >= 2)
        unknown = [
            t
            for t in tokenize(question)
            if len(t) >= 2 and t not in idf and t not in _QUESTION_WORDS and re.search(r"[\u4e00-\u9fff]", t)
        ]
        if weight >= (MIN_MATCH_IDF_WITH_UNKNOWN if unknown else MIN_MATCH_IDF):
            return True
        # Short questions made only of the documents' own words ("先导型产业包括哪些") are in scope
        # when the best passage carries every one of them.
        content = [t for t in tokenize(question) if len(t) >= 3 and t not in _QUESTION_WORDS]
        return bool(content) and not unknown and all(t in hit.matched_terms for t in content)

    def _out_of_scope(self, u: Understanding, tools: ToolBox, hits: list | None = None) -> Answer:
        lang = u.lang
        reason = {
            "chitchat": (
                "这个请求与政策咨询无关，我不能回答。",
                "That is not a question about these policies.",
            ),
            "other_city": (
                "这四份文件只适用于大连市，不包含其他城市的政策。",
                "These documents cover Dalian only, not other cities.",
            ),
            "later_policy": (
                "这四份文件是2017年发布的，不包含之后出台的新政策。",
                "These documents date from 2017; later policies are not covered.",
            ),
            "no_rule": (
                "这四份文件中没有这类金额的计算规则，我不能替您计算。",
                "The four documents contain no rule to calculate this.",
            ),
            "no_match": (
                "这四份文件中没有找到能回答这个问题的内容。",
                "The four documents do not answer this question.",
            ),
        }[u.out_of_scope_reason or "no_match"]
        parts = [
            reason[0] if lang == "zh" else reason[1],
            compose.SCOPE_ZH if lang == "zh" else compose.SCOPE_EN,
        ]
        citations: list[Citation] = []
        if u.out_of_scope_reason in ("other_city", "later_policy", "no_rule"):
            related = self.retriever.search(u.text, k=2, use_exact=False)
            tools.calls.append(
                ToolCall(
                    name="search_policy",
                    arguments={"query": u.text, "k": 2},
                    result={"hits": [h.as_dict() for h in related]},
                )
            )
            if related:
                parts.append(
                    ("可能相关的大连条款：" if lang == "zh" else "Possibly related Dalian provisions: ")
                    + "；".join(compose.label(h.citation, self.docs, lang) for h in related)
                )
        return Answer(answer="\n\n".join(parts), citations=citations, out_of_scope=True)


def _rule_headline(route: CalcRoute, lang: str) -> str:
    """One line stating a rate rule's rate and cap, as the clause does (numbers from the rules table)."""
    from calculators.results import percent, wan
    from calculators.rules import RATE_RULES_BY_ID

    rule = RATE_RULES_BY_ID.get(str(dict(route.fixed).get("rule_id")))
    if rule is None:
        return ""
    cap = f"，{rule.cap_scope}最高{wan(rule.cap_yuan)}元" if rule.cap_yuan is not None else ""
    if lang == "en":
        cap_en = f", capped at {wan(rule.cap_yuan)}元 ({rule.cap_scope})" if rule.cap_yuan is not None else ""
        return f"Article {rule.article} ({rule.title}): {percent(rule.rate)} of {rule.base}{cap_en}."
    return f"{rule.title}（第{int_to_chinese(rule.article or 0)}条）：按{rule.base}的{percent(rule.rate)}计算{cap}。"


def _route_clauses(route: CalcRoute) -> tuple[list[ClauseRef], list[str]]:
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


def _level(text: str) -> str | None:
    return next((level for level in _LEVELS if level in text), None)


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


__all__ = ["ROUTES_BY_KEY", "Answer", "Assistant", "Message", "check_provenance"]
