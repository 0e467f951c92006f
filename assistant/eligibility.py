"""Eligibility: "我们是…，能享受什么" answered with a verdict first, then the rules for that entity type,
each with what it gives and its conditions. Entity types and negation are read against the
catalogue's beneficiary vocabulary; nothing here names a rule."""

from __future__ import annotations

import re
from typing import Any

from assistant import compose
from assistant.citations import unique_citations
from assistant.messages import Answer
from assistant.tools import ToolBox, ToolCall
from assistant.understanding.entities import Entities, levels_in, read_entities, ruled_out, same_kind
from assistant.understanding.margins import STRONG
from assistant.understanding.mentions import read_mentions
from assistant.understanding.ranking import rank
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import Rule
from calculators.describe import summary
from calculators.results import ClauseRef
from calculators.rules_refs import rule_refs
from calculators.validity import validity_note

# Question-type cue: the asker describes who they are and asks what applies.
ELIGIBILITY_Q = re.compile(
    r"我们是|我司是|我们公司是|我们单位是|我是|作为(一家|一个)?|属于|不是|能申请哪些|可以申请哪些|能享受|可以享受|能不能享受|"
    r"能申请什么|可以申请什么|有哪些(政策|支持|补贴|奖励|补助)|哪些支持|适用哪些|符合|有资格|能申请吗|可以申请吗|"
    r"what support|which support|eligible|qualify|we are an?|i am an?|as an?",
    re.IGNORECASE,
)
# Question-type cue: a list of what applies is asked for, not one rule's figure.
LIST_Q = re.compile(
    r"哪些|有什么(?:政策|支持|补贴|奖励|补助|钱|优惠)|什么政策|什么支持|which (?:policies|support|subsidies)|"
    r"what (?:policies|support|subsidies|incentives)",
    re.IGNORECASE,
)
GENERIC = "企业"  # the catch-all enterprise type: named by "公司" in nearly every question
SHOW = 8


# Question-type cue: what is asked is what applies ("能享受什么", "能申请吗"), not a fact about a rule.
ELIGIBILITY_ASK = re.compile(
    r"能申请|可以申请|能享受|可以享受|能不能享受|能不能申请|有哪些|哪些支持|哪些政策|什么政策|什么支持|适用|符合|有资格|"
    r"能拿|可以拿|能领|有什么|有没有|能用|算不算|属不属于|what support|which support|eligible|qualify|apply|"
    r"what (?:can|could) we|which polic",
    re.IGNORECASE,
)


def is_eligibility_question(text: str, entities: Entities) -> bool:
    return (
        bool(ELIGIBILITY_Q.search(text))
        and bool(ELIGIBILITY_ASK.search(text))
        and bool(entities.present or entities.negated)
    )


class EligibilityAnswers:
    docs: Any
    rule_index: RuleIndex

    def eligibility_answer(self, text: str, lang: str, tools: ToolBox) -> Answer | None:
        cat = self.rule_index.cat
        entities = read_entities(text, cat)
        if not is_eligibility_question(text, entities):
            return None
        # what the asker says they are wins over other parties named in passing (the bank that lends)
        present = [e for e in (entities.own or entities.present) if e not in entities.negated]
        specific = [e for e in present if e != GENERIC]
        negated = [e for e in entities.negated if e != GENERIC]
        wanted = specific or present
        # Relevance to the question orders the rules (an incubator asking about 高企 sees 第十四条 first).
        hits = rank(self.rule_index, text, read_mentions(text))
        order = {h.rule.id: -h.score for h in hits}
        named_out = {h.rule.id for h in hits if ruled_out(h, text)}  # "不做投贷联动"
        applicable = [
            r
            for r in cat
            if set(r.beneficiaries) & set(wanted)
            and not set(r.beneficiaries) <= set(negated)
            and r.id not in named_out
        ]
        # a rule the question names plainly ("刚获批了国家重点实验室") leads, whoever its beneficiary type is
        plain = [
            h.rule
            for h in hits[:1]
            if h.score >= STRONG and h.rule.id not in named_out and h.rule not in applicable
        ]
        applicable = plain + applicable
        named = levels_in(text, cat)
        if named:  # "我们是国家级孵化器": not the 省级 one of the same clause

            def other_level(r: Rule) -> bool:
                own = set(levels_in(" ".join([r.title_zh, r.level or ""]), cat))
                # of each kind named (国家级 / 孵化器), the rule carries another of that kind (省级)
                return any(n not in own and any(same_kind(a, n, cat) for a in own) for n in named)

            applicable = [r for r in applicable if not other_level(r)]
        applicable.sort(
            key=lambda r: (r not in plain, order.get(r.id, 0.0), r.doc_id, r.article or 0, r.item or 0)
        )
        excluded = [
            r
            for r in cat
            if (negated and set(r.beneficiaries) & set(negated) and not set(r.beneficiaries) & set(wanted))
            or r.id in named_out
        ]
        zh = lang == "zh"
        parts: list[str] = []
        if negated:
            names = "、".join(negated) if zh else ", ".join(cat.beneficiary_en(w) for w in negated)
            where = "、".join(dict.fromkeys(r.where_zh if zh else r.where_en for r in excluded[:4]))
            parts.append(
                f"不适用：您不是{names}，{where}等面向{names}的政策不适用于您。"
                if zh
                else f"Not applicable: you are not a {names}, so the provisions for it ({where}) do not apply."
            )
        if applicable:
            who = "、".join(wanted) if zh else ", ".join(cat.beneficiary_en(w) for w in wanted)
            head = (
                f"可以申请（须满足各项条件）：作为{who}，以下{len(applicable)}项政策与您相关"
                + (f"，先列最相关的{SHOW}项：" if len(applicable) > SHOW else "：")
                if zh
                else f"You may apply (subject to each one's conditions): as a {who}, {len(applicable)} provisions "
                "concern you" + (f"; the {SHOW} most relevant first:" if len(applicable) > SHOW else ":")
            )
            lines = [head]
            for r in applicable[:SHOW]:
                lines.append(_line(r, lang))
            parts.append("\n".join(lines))
        elif not negated:
            return None
        if named_out and not negated:  # after the answer: what the asker ruled out themselves
            where = "、".join(dict.fromkeys(r.where_zh if zh else r.where_en for r in excluded[:4]))
            titles = "、".join(r.title(lang) for r in excluded[:4])
            parts.append(
                f"按您所说，{where}（{titles}）不适用。"
                if zh
                else f"As you describe it, {where} ({titles}) does not apply."
            )
        shown = applicable[:SHOW]
        citations = [tools.cite(ref) for r in shown for ref in rule_refs(r)]
        citations += [tools.cite(ClauseRef.of(r.doc_id, r)) for r in excluded[:2]]
        citations = unique_citations(citations)
        tools.calls.append(
            ToolCall(
                name="match_policies",
                arguments={"beneficiaries": wanted, "not": negated},
                result={
                    "count": len(applicable),
                    "shown": min(len(applicable), SHOW),
                    "rules": [r.id for r in applicable],
                    "excluded": [r.id for r in excluded],
                },
            )
        )
        notes = list(dict.fromkeys(n for r in shown if (n := validity_note(r, tools.today, lang))))
        for doc_id in dict.fromkeys(r.doc_id for r in shown):
            tools.policy_validity(doc_id)
        if notes:
            parts.append(compose.list_block("提示：" if zh else "Notes:", notes))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=notes)


def _line(rule: Rule, lang: str) -> str:
    conditions = rule.conditions(lang)
    cond = (
        ("；条件：" + "；".join(conditions[:2]))
        if conditions and lang == "zh"
        else (f" Conditions: {'; '.join(conditions[:2])}" if conditions else "")
    )
    if lang == "zh":
        return f"- {rule.title_zh}（{rule.where_zh}）：{summary(rule, lang)}{cond}"
    return f"- {rule.title(lang)} ({rule.where_en}): {summary(rule, lang)}.{cond}"
