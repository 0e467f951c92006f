"""The conversation engine: ``Assistant.answer(messages) -> Answer`` in the /v1/chat shape."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from assistant import compose
from assistant.answers.across_turns import AcrossTurns
from assistant.answers.conversation import is_follow_up
from assistant.answers.message_parts import MessageParts
from assistant.compose import RESPONSIBLE, WHO_Q
from assistant.eligibility import LIST_Q, EligibilityAnswers
from assistant.guard import untraceable_numbers
from assistant.intent import (
    INSTRUCTION,
    TOPIC_CHANGE,
    asker_elsewhere,
    asks_money,
    language,
    understand,
)
from assistant.lookups import _ALL_DOCS_Q, _DOC_INFO_Q, LookupAnswers, is_outline
from assistant.messages import Answer, EmptyQuestionError, Message
from assistant.references import AmbiguousReferenceError, Reference, detect_doc, find_references
from assistant.retrieval import Retriever
from assistant.rule_answers import MONEY_Q, RuleAnswers
from assistant.tools import ToolBox
from assistant.understanding.entities import read_entities
from assistant.understanding.mentions import read_mentions
from assistant.understanding.rule_index import RuleIndex
from assistant.understanding.topic import carried_over
from calculators.catalogue import catalogue
from core.errors import PolicyInputError
from ingest.bm25 import tokenize

# Question-type cues: "the text of …", "that article" (general, not about any one rule).
_TEXT_Q = re.compile(
    r"原文|全文|内容|怎么说|说的是|说了什么|规定了什么|讲的是|讲什么|text of|wording|say", re.IGNORECASE
)
_ANAPHORA = re.compile(
    r"上面那条|上面这条|上面的条款|上一条|刚才那条|刚才的条款|这一条|这条|该条|那条|此条|above article|that article|this article|the same article",
    re.IGNORECASE,
)
# Question-type cue: a demonstrative pointing at what was just discussed ("这个执行多少年", "…里这块是谁牵头的").
_THIS = re.compile(
    r"^\s*(?:这个|这项|这一项|该项|它|这)(?!些)|[这那]一?(?:块|方面|个领域|部分)|\b(?:it|this|that)\b",
    re.IGNORECASE,
)
# Question-type cue: who interprets a document ("由哪个部门负责解释").
_INTERPRETS = re.compile(r"解释|interpret", re.IGNORECASE)
# Question-type cue: which article holds what was discussed ("是第几条", "哪一条").
_WHICH_ARTICLE = re.compile(r"第几条|哪一?条|哪个条款|which article|what article", re.IGNORECASE)
# what a "那…呢" follow-up names: "那金普新区呢" → 金普新区
_SUBJECT = re.compile(
    r"^\s*(?:那么|那|如果是|要是|换成|改成)?\s*([^，,。？?！!呢]+?)(?:那边|这边|那里|这里|方面|这块|那块|这一块|那一块)?"
    r"(?:的[^，,。？?！!呢]{0,4})?呢"
)
_CALC_REQUEST = re.compile(r"算一下|算算|帮我算|帮忙算|计算一下|测算一下|calculate|compute", re.IGNORECASE)


def _follows_on(text: str) -> bool:
    """A short turn shaped as a follow-up: "那…呢", "…呢？" leading the turn ("金普新区呢？两个加起来多少"), or a
    demonstrative first ("这个执行多少年")."""
    first = re.split(r"(?<=[？?])", text.strip())[0]
    short = len(text) <= 20 if language(text) == "zh" else len(text.split()) <= 20
    return (
        is_follow_up(text)
        or (is_follow_up(first) and len(text) <= 40)
        or (bool(_THIS.search(text)) and short)
    )


def _as_messages(messages: list[Any]) -> list[Message]:
    out = []
    for m in messages:
        out.append(m if isinstance(m, Message) else Message.model_validate(m))
    return out


class Assistant(MessageParts, AcrossTurns, RuleAnswers, EligibilityAnswers, LookupAnswers):
    def __init__(
        self, retriever: Retriever, today: date | None = None, rule_index: RuleIndex | None = None
    ) -> None:
        self.retriever = retriever
        self.today = today or date.today()
        self.rule_index = rule_index or RuleIndex(
            catalogue(), retriever.embedder, cache_dir=getattr(retriever, "data_dir", None)
        )

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
        msgs = self._with_replies(msgs, today)
        tools = ToolBox(self.retriever, today or self.today)
        previous = [m.content for m in msgs[:-1] if m.role == "user"]
        history = [(m.role, m.content) for m in msgs[:-1]]
        if TOPIC_CHANGE.search(text):
            previous, history = [], []  # "换个事儿，…": nothing said before is what this turn is about
        answer = (
            self._conversation_total(msgs, text, tools)
            or self._each_question(text, previous, tools, history)
            or self._each_lookup(text, previous, tools, history)
            or self._answer(text, previous, tools, history)
        )
        if INSTRUCTION.search(text):
            # told to approve, promise or play an official: what it can and cannot do is said — first when
            # nothing was computed, else right after the figure (the answer still leads)
            note = (
                "我只能依据四份文件的原文解答和测算，无权审批、批准或承诺任何补贴；能否获得、获得多少，"
                "以主管部门按申报材料审核为准。"
                if language(text) == "zh"
                else "I can only explain the four documents and calculate from their text; I cannot approve, "
                "grant or guarantee any subsidy. Whether and how much is decided by the department "
                "reviewing the application."
            )
            if not tools.results and not answer.answer.startswith(("不对", "不符合", "不适用", "Not ")):
                answer.answer = f"{note}\n\n{answer.answer}"
            else:
                head, sep, rest = answer.answer.partition("\n\n")
                answer.answer = f"{head}\n{note}{sep}{rest}"
        answer.tool_calls = list(tools.calls)
        answer.warnings.extend(w for w in tools.warnings if w not in answer.warnings)
        return answer

    def _described(self, text: str) -> bool:
        """The article "那条" points at is described by its words: the passage they find is plainly it."""
        rest = _ANAPHORA.sub("", text)
        if not tokenize(rest):
            return False  # "那条" alone describes nothing
        hits = self.retriever.search(rest, k=2)
        return bool(hits) and self._relevant(hits[0], text, runner_up=hits[1] if len(hits) > 1 else None)

    # ----------------------------------------------------------------- routing
    def _answer(
        self, text: str, previous: list[str], tools: ToolBox, history: Sequence[tuple[str, str]] | None = None
    ) -> Answer:
        lang = language(text)
        doc_hint = self._previous_doc(previous)
        try:
            refs = find_references(text, doc_hint)
        except AmbiguousReferenceError as exc:
            return Answer(answer=exc.message(lang))
        which = bool(previous) and bool(_WHICH_ARTICLE.search(text))  # "52号政策措施里是第几条？"
        if not refs and (_ANAPHORA.search(text) or which) and not self.clear_rule(text):
            refs = self._previous_units(previous, history or [])  # "上面那条的原文是什么"
            named = detect_doc(text)
            if named and refs and all(r.doc_id != named for r in refs):
                refs = []  # the unit discussed is in another document than the one named
            if not refs and not self._described(text):  # "高新区财力增量返还那条": named by what it says
                return Answer(
                    answer="您指的是哪一条？请说明文件和条款编号（如“第四十七条”），我再引用原文。"
                    if lang == "zh"
                    else "Which article do you mean? Please name it (e.g. Article 47)."
                )
        u = understand(
            text,
            [r.number for r in refs if r.kind == "article"],
            [r.number for r in refs if r.kind == "item"],
            rule_named=bool(asker_elsewhere(text)) and self.clear_rule(text),  # ranked only when it matters
        )
        if u.out_of_scope_reason:
            return self._out_of_scope(u, tools)
        if u.ambiguous:
            return Answer(
                answer="金额有歧义（例如“两三千万”或一个区间），请给出一个确切金额，我再按条款计算。"
                if lang == "zh"
                else "The amount is ambiguous; please give one exact amount."
            )
        state = self.rule_state(previous) if previous else None
        continuing = state is not None and (state.rule is not None or state.asked)
        if (
            not refs
            and not continuing
            and not MONEY_Q.search(text)
            and not read_mentions(text).live_amounts
            and (member := self.term_membership(text, lang, tools)) is not None
        ):
            return member  # "我们算不算科技创新企业": the definition, and where the asker stands
        if not refs and not continuing and not read_mentions(text).live_amounts:
            # "我们是…，能享受哪些…": the list for that type, even when one of its rules is named plainly
            listed = bool(LIST_Q.search(text)) and bool(read_entities(text, self.rule_index.cat).own)
            if (listed or not self.clear_rule(text)) and (
                eligible := self.eligibility_answer(text, lang, tools)
            ) is not None:
                return eligible
        wants_text = bool(refs) and bool(_TEXT_Q.search(text))
        if not wants_text:
            articles = [(r.doc_id, r.number) for r in refs]
            last_reply = next((c for role, c in reversed(history or []) if role == "assistant"), "")
            found = self.rule_answer(
                text, lang, previous, articles, tools, validity_question=u.validity, last_reply=last_reply
            )
            if found is not None:
                return found
        if u.validity:
            return self._validity(u, refs, tools)
        if not refs and (_ALL_DOCS_Q.search(text) or (detect_doc(text) and _DOC_INFO_Q.search(text))):
            return self._documents(u, tools)
        if not refs and (eligible := self.eligibility_answer(text, lang, tools)) is not None:
            return eligible
        if refs:
            return self._lookup(refs, u, tools)
        # A money question no rule fits and no passage answers is asked which benefit it means, when what
        # it says is the rules' own vocabulary (topic words are read in Chinese only)
        vague = lang == "zh" and asks_money(text)
        if _CALC_REQUEST.search(text):  # asked to calculate, and no rule of the catalogue fits
            if vague and (ask := self._ask_which_benefit(text, lang, tools)) is not None:
                return ask
            u.out_of_scope_reason = "no_rule"
            return self._out_of_scope(u, tools)
        if previous and _follows_on(text) and (again := self._follow_up_lookup(u, previous, history, tools)):
            return again
        found = self._search_answer(u, tools)
        if found.out_of_scope and vague and (ask := self._ask_which_benefit(text, lang, tools)) is not None:
            return ask
        return found

    def _follow_up_lookup(
        self, u: Any, previous: list[str], history: Sequence[tuple[str, str]] | None, tools: ToolBox
    ) -> Answer | None:
        """A follow-up to a lookup ("那金普新区呢？要培育几家…", "这个执行多少年"): the question before, about
        what the follow-up names now, with the follow-up's own question; the unit just quoted leads when it
        says what the follow-up names. None when the answer is not about what the follow-up names (北京那边呢,
        那住房补贴呢), or the follow-up names nothing new and points at nothing."""
        text = u.text
        carried = carried_over(previous[-1], text)
        if carried is None and not _THIS.search(text):
            return None
        query, new = carried if carried is not None else (previous[-1], [])
        said = _SUBJECT.match(text)
        if said is not None and 2 <= len(said.group(1)) <= 12:
            new = [said.group(1)]  # what "那金普新区呢" names, whole (its nouns may be cut in pieces)
        if read_mentions(query).live_amounts:
            return None
        # (who interprets is the document's own clause, not a unit's responsible units: 第六十四条)
        if WHO_Q.search(text) and not _INTERPRETS.search(text):
            # "这个是哪些部门负责的" after a unit naming its （责任单位：…）: that unit's responsible units, when the
            # question before named no other document
            units = self._previous_units(previous, history or [])
            asked_doc = detect_doc(previous[-1])
            if units and asked_doc in (None, units[0].doc_id):
                trial = ToolBox(self.retriever, tools.today)
                theirs = self._lookup(units[:1], u, trial)
                if not theirs.out_of_scope and RESPONSIBLE.search(theirs.answer):
                    tools.absorb(trial)
                    return theirs
        if said is None and u.lang == "zh":
            # "它由哪个部门负责解释": a question of its own about what was discussed; its own words first (an
            # English one's are searched with the question before: the documents' words are Chinese)
            trial = ToolBox(self.retriever, tools.today)
            own = self._search_answer(u, trial)
            # (an outline of a document it names is no answer: "三年行动计划里这块是谁牵头的" asks about the topic)
            if not own.out_of_scope and not is_outline(own):
                tools.absorb(trial)
                return own
        units = self._previous_units(previous, history or [])
        trial = ToolBox(self.retriever, tools.today)
        again = self._search_answer(replace(u, text=f"{query} {text}"), trial, prefer=units, naming=new)
        if again.out_of_scope or not all(w in again.answer for w in new):
            return None
        tools.absorb(trial)
        return again

    def _previous_doc(self, previous: list[str]) -> str | None:
        doc_id = None
        for text in previous:
            try:
                refs = find_references(text, doc_id)
            except PolicyInputError:
                continue
            if refs:
                doc_id = refs[-1].doc_id
        return doc_id

    def _previous_units(self, previous: list[str], history: Sequence[tuple[str, str]]) -> list[Reference]:
        """The article or item the conversation was last about: named by the user or cited in the last
        answer, or the rule last answered."""
        for role, content in reversed(history):
            if role != "assistant":
                continue
            try:
                cited = find_references(content, self._previous_doc(previous))
            except PolicyInputError:
                cited = []
            if cited:
                return cited[:1]
            break
        for text in reversed(previous):
            try:
                refs = find_references(text, self._previous_doc(previous))
            except PolicyInputError:
                refs = []
            if refs:
                return refs[-1:]
        state = self.rule_state(previous)
        if state.rule is not None:
            rule = state.rule
            number = rule.article if rule.article is not None else rule.item
            if number is not None:
                kind = "article" if rule.article is not None else "item"
                return [Reference(rule.doc_id, number, kind, rule.where_zh)]
        return []


def check_provenance(answer: Answer, messages: list[Any]) -> list[str]:
    """Numbers in the answer that no tool result, citation quote or user message supports."""
    user_texts = [m["content"] if isinstance(m, dict) else m.content for m in messages]
    sources: list[object] = [c.quote for c in answer.citations]
    sources += [tc.result for tc in answer.tool_calls] + [tc.arguments for tc in answer.tool_calls]
    sources += user_texts
    sources += [compose.SCOPE_ZH, compose.SCOPE_EN]  # document titles and 文号 quoted in the scope note
    return untraceable_numbers(answer.answer, sources)


__all__ = ["Answer", "Assistant", "Message", "check_provenance"]
