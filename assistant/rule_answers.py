"""Answers about the catalogue's rules: compute, show each level, ask which rule or which amount.

The rule comes from the rule index with a margin (assistant/understanding), the numbers are bound to
its inputs by role, and the answer leads with the figure. Every rate, cap and title comes from the
catalogue; every amount from a calculator call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant import compose
from assistant.answers.headlines import calc_headline, fixed_line, parties
from assistant.answers.totals import parts_of
from assistant.citations import unique_citations
from assistant.intent import DIFFERENCE_Q, OTHER_CITIES, TOTAL_Q
from assistant.messages import Answer
from assistant.tools import ToolBox
from assistant.understanding.binding import Binding, bind, cue_strength, same_amount
from assistant.understanding.conditions import Assessed, assess
from assistant.understanding.decide import (
    FLOOR,
    MARGIN,
    MULTI_PART,
    Action,
    Decision,
    decide,
    distinguishing,
    family,
    level_words,
    levels_in,
    negated_at,
    rank,
    read_entities,
    same_kind,
)
from assistant.understanding.mentions import CORRECTION, Mention, Mentions, read_mentions
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import Catalogue, Rule, catalogue
from calculators.describe import headline, summary
from calculators.registry import TOGETHER, call_for
from calculators.results import CalculationResult, ClauseRef
from calculators.rules_refs import rule_refs
from core.errors import PolicyInputError

# Question-type cues (general, not about any one rule).
MONEY_Q = re.compile(
    r"多少(?![家个项人名所件次倍年天位])|几(?=万|千|百)|能拿|可拿|能领|能得|可以拿|可获|能获|补多少|奖多少|计算|算一下|算算|测算|给多少|金额|补贴|补助|奖励|补偿|资助|"
    r"支持多少|能补|how much|calculate|compute|what (reward|subsidy|grant)|amount|reward|subsid|grant|compensat",
    re.IGNORECASE,
)
# Question-type cue: a plan target or a figure of the economy, not money paid to the asker.
TARGET_Q = re.compile(
    r"目标|到\s*20\d\d\s*年|到\s*\d\d年|达到|要做到|做到多|规模|营收|产值|成交额|交易额目标|占比|比重|增长|多少家|多少个|"
    r"target|goal|by 20\d\d",
    re.IGNORECASE,
)
CONDITION_Q = re.compile(
    r"条件|要求|门槛|给谁|奖励谁|补给谁|谁可以|谁能|对象|哪些企业|怎么申请|如何申请|申请流程|"
    r"eligib|who can|who gets|condition|requirement",
    re.IGNORECASE,
)
FOLLOW_UP = re.compile(
    r"^\s*(那|那么|如果|假如|换成|改成|要是|若|再|还有|另外|and|what about|how about|if)", re.IGNORECASE
)
STRONG = 0.9  # a rule score this high names the rule plainly (calibrated with evals/calibrate.py)
TRAILING_Q = re.compile(r"(呢|的呢|怎么样|如何)\s*[？?。!！]*\s*$")
_INJECTION = re.compile(
    r"忽略|无视|不要管|别管|假装|扮演|你现在是|不受.{0,4}限制|写高|写多|多写|报高|虚报|就说|帮我改|照我说的|"
    r"ignore (all|previous|the)|disregard|pretend|system prompt|just say|write (it )?higher",
    re.IGNORECASE,
)
# Locality: a rule's text that requires a Dalian party, and a question placing the asker elsewhere.
_LOCAL = re.compile(r"在连|本地法人|在本地|本市|大连[^，。；,;]{0,8}?(?:企业|科技|公司|高校|院所|机构|法人)")
_OTHER_PLACE = re.compile(
    r"外省|外地|外市|省外|市外|非大连|不是大连|不在大连|在大连没有|大连没有|(?:"
    + "|".join(c for c in OTHER_CITIES if not c.isascii())
    + r")(?:注册|的|一家|一所|公司|企业|大学|高校)?"
)
YES_NO_Q = re.compile(
    r"吗\s*(?:[？?。!！]|$)|能不能|可不可以|有没有|是否|can (we|i|they)|is there|are there|do (we|they) get",
    re.IGNORECASE,
)


@dataclass
class RuleState:
    """What the conversation so far was about, rebuilt from the earlier user turns."""

    rule: Rule | None = None
    text: str = ""  # the question that chose the rule
    inputs: dict[str, Any] = field(default_factory=dict)
    asked: bool = False  # the last answer asked for an amount or a choice


def is_follow_up(text: str) -> bool:
    return bool(FOLLOW_UP.search(text) or TRAILING_Q.search(text)) and len(text) <= 40


def wants_money(text: str, mentions: Mentions) -> bool:
    return bool(MONEY_Q.search(text)) or bool(mentions.live_amounts) or bool(mentions.counts)


def swap_level(context: str, text: str, cat: Catalogue) -> str:
    """ "国家级孵化器补多少" + "那省级的呢" → "省级孵化器补多少": the same thing at the level just named."""
    now = levels_in(text, cat)
    if len(now) != 1:
        return context
    for lv in level_words(cat):
        if lv in context and lv != now[0] and same_kind(lv, now[0], cat):
            context = context.replace(lv, now[0])
    return context


class RuleAnswers:
    """Mixed into the Assistant: needs ``self.docs`` and a ``self.rule_index``."""

    docs: Any
    rule_index: RuleIndex

    # ------------------------------------------------------------------ understanding
    def clear_rule(self, text: str) -> bool:
        """The question plainly names one rule (so "我们是…，能拿…吗" is about that rule, not a list)."""
        mentions = read_mentions(text)
        hits = rank(self.rule_index, text, mentions)
        d = decide(hits, text, mentions, self.rule_index.cat)
        return d.action in ("compute", "ask_input", "levels") and bool(hits) and hits[0].score >= STRONG

    def rule_state(self, previous: list[str]) -> RuleState:
        state = RuleState()
        for text in previous:
            mentions = read_mentions(text)
            d = self._decide(text, mentions, state, [])
            if d is None:
                continue
            decision, followed = d
            if decision.rule is not None and decision.action in (
                "compute",
                "ask_input",
                "levels",
                "ask_amount",
            ):
                if decision.rule is not state.rule:
                    state.inputs = {}
                    # a follow-up that moved to another rule ("省级的呢") keeps the full question it stands for
                    cat = self.rule_index.cat
                    state.text = f"{swap_level(state.text, text, cat)} {text}" if followed else text
                state.rule = decision.rule
                state.inputs.update(decision.binding.inputs)
                state.asked = decision.action in ("ask_input", "ask_amount")
            elif decision.action == "ask_rule":
                state.text, state.asked = text, True
        return state

    def _decide(
        self, text: str, mentions: Mentions, state: RuleState, articles: list[tuple[str, int]]
    ) -> tuple[Decision, bool] | None:
        """The decision for this turn, and whether it continues the previous rule."""
        cat = self.rule_index.cat
        hits = rank(self.rule_index, text, mentions, articles=articles)
        own = decide(hits, text, mentions, cat)
        continues = state.rule is not None or (state.asked and bool(state.text))
        # the rule the conversation is on stays when this turn's words leave it as close as any other
        by_rule = {h.rule.id: h.score for h in hits}
        stays = (
            state.rule is not None
            and own.rule is not None
            and own.rule is not state.rule
            and own.action in ("compute", "ask_rule", "ask_input", "levels", "ask_amount")
            and hits[0].score < STRONG  # this turn's own words are weak
            and by_rule.get(state.rule.id, -1.0) >= hits[0].score - MARGIN
        )
        corrects = bool(CORRECTION.search(text)) and continues
        # "我们是军民融合企业，能多拿点吗" after an answer: the same question, for this kind of asker
        declares = bool(read_entities(text, cat).own) and not mentions.live_amounts and len(text) <= 40
        follow = continues and (
            own.action == "none"
            or (is_follow_up(text) and own.action != "compute")
            or (state.asked and own.action in ("none", "ask_rule"))
            or (declares and (own.rule is None or own.hits[0].score < STRONG))
            or stays
            or corrects
        )
        if not follow and own.action == "ask_rule" and state.text:
            # two close rules: the earlier question may say which ("新三板挂牌…" then "首发上市还能补多少")
            hits = rank(self.rule_index, text, mentions, articles=articles, context=state.text)
            joined = decide(hits, f"{state.text} {text}", mentions, cat)
            if joined.rule in own.rules and joined.action not in ("ask_rule", "none"):
                return joined, True
        if not follow:
            return (own, False) if own.action != "none" else None
        if state.rule is not None and (sibling := self._sibling(state.rule, hits, text)) is not None:
            # "那重点学科的重大课题呢" after 第七条's 应用基础研究: the same clause's other rule, named
            binding = bind(sibling, mentions)
            action: Action = "ask_input" if binding.missing is not None else "compute"
            return Decision(action, sibling, binding=binding, hits=hits), True
        context = swap_level(state.text, text, cat)
        if not mentions.live_amounts and not mentions.counts:
            mentions = read_mentions(f"{context}，{text}")  # "第二十三条呢？" keeps the figure said before
        hits = rank(self.rule_index, text, mentions, articles=articles, context=context)
        joined = decide(hits, f"{context} {text}", mentions, cat)
        if joined.rule is None:
            return None
        if joined.action in ("ask_input", "compute") and joined.rule is state.rule:
            # inputs not restated in this turn keep the values given before
            merged = dict(state.inputs)
            merged.update(joined.binding.inputs)
            joined.binding.inputs = merged
            if joined.binding.missing is not None and joined.binding.missing.name in merged:
                joined.binding.missing = None
            if joined.action == "ask_input" and joined.binding.missing is None:
                joined.action = "compute"
        return joined, True

    def _sibling(self, current: Rule, hits: list[Any], text: str) -> Rule | None:
        """Another rule of the current rule's clause that this turn names by words only it has."""
        cat = self.rule_index.cat
        kin = family(current, cat)
        if len(kin) < 2:
            return None
        marks = distinguishing(kin, text, cat)
        best = max(marks.values())
        named = [r for r in kin if marks[r.id] == best and best > 0]
        if len(named) != 1 or named[0] is current:
            return None
        score = {h.rule.id: h.score for h in hits}
        return named[0] if score.get(named[0].id, 0.0) >= FLOOR else None

    # ------------------------------------------------------------------ answers
    def rule_answer(
        self,
        text: str,
        lang: str,
        previous: list[str],
        articles: list[tuple[str, int]],
        tools: ToolBox,
        *,
        validity_question: bool = False,
        last_reply: str = "",
    ) -> Answer | None:
        """An answer about one of the catalogue's rules, or None when the question is not about one."""
        mentions = read_mentions(text)
        state = self.rule_state(previous)
        if state.rule is None and not state.asked and last_reply and previous:
            # the earlier questions named no rule but the last answer did: it is the context of "那…呢"
            state.text, state.asked = last_reply.split("\n", 1)[0][:160], True
        found = self._decide(text, mentions, state, articles)
        if found is None:
            if mentions.live_amounts and is_follow_up(text) and state.rule is None:
                return self._ask_what_for(mentions, lang)
            if mentions.foreign and wants_money(text, mentions):
                return self._foreign(mentions.foreign[0], lang)
            return None
        decision, followed = found
        about_target = TARGET_Q.search(text) or (followed and previous and TARGET_Q.search(previous[-1]))
        if about_target and not mentions.live_amounts and not articles and not (followed and state.rule):
            return None  # a target of the plans (or a follow-up on one) is read in the text, not computed
        money = wants_money(text, mentions) or followed
        if decision.action == "none":
            return None
        if not money and not articles and not CONDITION_Q.search(text) and decision.rule is not None:
            # a rule named without asking for money, a condition or an article: leave it to the lookup
            if decision.hits and decision.hits[0].score < 1.0:
                return None
        top_main = decision.rule.main_input if decision.rule is not None else None
        if (
            mentions.foreign
            and not mentions.live_amounts
            and top_main is not None
            and top_main.unit == "yuan"
        ):
            candidates = decision.rules or ([decision.rule] if decision.rule else [])
            if not any(t.unit == mentions.foreign[0].unit for r in candidates for t in self._thresholds(r)):
                return self._foreign(mentions.foreign[0], lang)
        if decision.action == "ask_rule":
            by_role = self._by_role(decision, mentions, text, lang, tools)
            if by_role is not None:
                return self._with_total(by_role, text, lang, tools, 0)
            return self._ask_which(decision.rules, lang, tools)
        if decision.action == "levels":
            first = len(tools.results)
            return self._with_total(self._levels(decision.rules, lang, tools), text, lang, tools, first)
        rule = decision.rule
        assert rule is not None
        entities = read_entities(text, self.rule_index.cat)
        if (verdict := self._not_for_you(rule, entities, lang, tools, text)) is not None:
            return verdict
        if (verdict := self._elsewhere(rule, text, lang, tools)) is not None:
            return verdict
        said = assess(rule, text)
        if unmet := [a for a in said if not a.met]:
            return self._unmet(rule, unmet, lang, tools)
        met = [a for a in said if a.met]
        if validity_question and not mentions.live_amounts and (rule.kind != "fixed" or not money):
            return None  # "第四十七条的奖励现在还能申请吗": the validity answer, not an amount
        if CONDITION_Q.search(text) and not mentions.live_amounts and rule.kind != "fixed":
            return self._rule_info(rule, lang, tools, ask=False)
        if decision.action == "ask_amount":
            return self._ask_amount(rule, decision.binding, lang, tools)
        if decision.action == "ask_input":
            if not money:
                return self._rule_info(rule, lang, tools, ask=False)
            return self._rule_info(
                rule, lang, tools, ask=True, claims=decision.binding, yes=bool(YES_NO_Q.search(text)), met=met
            )
        if rule.base_rules and not any(
            i.unit == "choice" and i.name in decision.binding.inputs for i in rule.inputs
        ):
            choice = next((i for i in rule.inputs if i.unit == "choice"), None)
            if choice is not None:
                decision.binding.inputs[choice.name] = self._base_rule(rule, f"{state.text} {text}").id
        # a figure in the currency of a threshold the rule (or the rule it raises) states is that condition
        units = {t.unit for t in self._thresholds(rule, decision.binding.inputs)}
        foreign = [
            m for m in mentions.foreign if m not in decision.binding.met_conditions and m.unit not in units
        ]
        if foreign and rule.kind != "fixed":
            return self._foreign(foreign[0], lang)
        # "能申请吗？补多少" with a condition said to hold: the verdict, then the figure
        tools_verdict = yes_verdict(rule, met, lang) if met and YES_NO_Q.search(text) else ""
        first = len(tools.results)
        if len(decision.binding.items) > 1:
            answer = self._each_item(rule, decision.binding, text, lang, tools)
            return self._with_total(answer, text, lang, tools, first, asked=True)
        answer = self._compute(rule, decision.binding, text, lang, tools)
        extra = self._other_parts(decision, mentions, text, lang, tools)
        if extra:
            answer = self._joined([answer, *extra], lang)
        answer = self._with_total(answer, text, lang, tools, first)
        if tools_verdict:
            answer.answer = tools_verdict + answer.answer
        if validity_question:
            answer = self._with_validity(answer, rule, text, lang, tools)
        return answer

    def _not_for_you(
        self, rule: Rule, entities: Any, lang: str, tools: ToolBox, text: str = ""
    ) -> Answer | None:
        """A verdict when the asker says what they are (or are not) and the rule is for someone else."""
        negated = [b for b in rule.beneficiaries if b in entities.negated]
        own = [e for e in entities.own if e != "企业"]
        if not negated and not (
            own and not set(own) & set(rule.beneficiaries) and "企业" not in rule.beneficiaries
        ):
            return None
        if set(entities.own) & set(rule.beneficiaries) and not negated:
            return None
        who = "、".join(rule.beneficiaries)
        why = f"您不是{'、'.join(negated)}" if negated else f"您是{'、'.join(own)}"
        why_en = f"you are not a {', '.join(negated)}" if negated else f"you are a {', '.join(own)}"
        citations = [tools.cite(ClauseRef(rule.doc_id, rule.article, rule.item, rule.clause))]
        head = (
            f"{'不适用' if negated else '不符合'}：{rule.where_zh}（{rule.title_zh}）面向{who}，{why}，不能申请这一项。"
            if lang == "zh"
            else f"Not applicable: {rule.where_en} ({rule.title_en}) is for {who}; {why_en}, so it does not apply."
        )
        return Answer(
            answer=head + "\n\n" + compose.citation_block(citations, self.docs, lang), citations=citations
        )

    def _elsewhere(self, rule: Rule, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """The rule needs a party in Dalian and the question places it elsewhere: a verdict, not an amount."""
        if not rule.local_zh or any(not negated_at(text, m.start()) for m in _LOCAL.finditer(text)):
            return None
        place = _OTHER_PLACE.search(text)
        if place is None:
            return None
        citations = [tools.cite(ref) for ref in rule_refs(rule)]
        head = (
            f"不符合：{rule.where_zh}（{rule.title_zh}）的条件是{rule.local_zh}；"
            f"您提到“{place.group(0)}”，不在大连的，不能按这一条申请。"
            if lang == "zh"
            else f"Not eligible: {rule.where_en} ({rule.title_en}) has this condition: {rule.local_en or rule.local_zh}. "
            f"You mention '{place.group(0)}', which is outside Dalian."
        )
        return Answer(
            answer=head + "\n\n" + compose.citation_block(citations, self.docs, lang), citations=citations
        )

    def _unmet(self, rule: Rule, unmet: list[Assessed], lang: str, tools: ToolBox) -> Answer:
        """The question says a condition of the rule does not hold: a verdict, with the clause."""
        citations = [tools.cite(ref) for ref in rule_refs(rule)]
        first = unmet[0]
        if lang == "zh":
            head = (
                f"不符合：{rule.where_zh}（{rule.title_zh}）的条件是“{first.condition}”；"
                f"您说“{first.said}”，目前不能申请这一项，满足该条件后才可以。"
            )
        else:
            head = (
                f"Not yet: {rule.where_en} ({rule.title_en}) requires: {condition_en(rule, first.condition)}. "
                "As you describe it, that condition is not met."
            )
        return Answer(
            answer=head + "\n\n" + compose.citation_block(citations, self.docs, lang), citations=citations
        )

    def _thresholds(self, rule: Rule, inputs: dict[str, Any] | None = None) -> list[Any]:
        """The thresholds a rule states, with those of the rule it raises or completes."""
        cat = self.rule_index.cat
        chosen = [v for v in (inputs or {}).values() if isinstance(v, str) and v in rule.base_rules]
        related = chosen or [*rule.base_rules, *([rule.target] if rule.target else [])]
        return [t for r in [rule, *(cat.get(i) for i in related)] for t in r.thresholds]

    def _base_rule(self, rule: Rule, text: str) -> Rule:
        """For a rule raising another one (第五十四条), the base the question is about."""
        bases = [self.rule_index.cat.get(b) for b in rule.base_rules]
        hits = {
            h.rule.id: h.score
            for h in self.rule_index.search(text, k=len(self.rule_index.rules), dense=False)
        }
        return max(bases, key=lambda r: (hits.get(r.id, 0.0), -bases.index(r)))

    def _other_parts(
        self, decision: Decision, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> list[Answer]:
        """Figures the first calculation did not use, each plainly about a rule: "增量4000万…代偿3000万，各多少"."""
        if not (MULTI_PART.search(text) or TOTAL_Q.search(text)):
            return []
        used = {id(m) for m in decision.binding.used} | {id(m) for m in decision.binding.claims}
        left = [m for m in mentions.live_amounts if id(m) not in used and not m.condition]
        out = []
        for m in left:
            best: tuple[float, float, Rule] | None = None
            for h in decision.hits[:8]:
                main = h.rule.main_input
                if main is None or main.unit != "yuan" or h.score < FLOOR:
                    continue
                strength = cue_strength(m, main)
                if strength > 0 and (best is None or (strength, h.score) > best[:2]):
                    best = (strength, h.score, h.rule)
            if best is None:
                continue
            single = Mentions(amounts=[m])
            binding = bind(best[2], single)
            if binding.missing is None and not binding.unclear:
                out.append(self._compute(best[2], binding, text, lang, tools))
        return out

    def _by_role(
        self, decision: Decision, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> Answer | None:
        """Close rules, but each figure plainly belongs to one of them ("活动经费180万；展位费150万"): each
        figure is computed under the rule its words name, instead of asking which."""
        live = [m for m in mentions.live_amounts if not m.condition]
        if len(live) < 2:
            return None
        chosen: list[tuple[Rule, Mention]] = []
        for m in live:
            scored = sorted(
                (
                    (cue_strength(m, r.main_input), r)
                    for r in decision.rules
                    if r.main_input is not None and r.main_input.unit == "yuan"
                ),
                key=lambda x: -x[0],
            )
            if not scored or scored[0][0] <= 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
                return None  # a figure with no role of its own: ask
            chosen.append((scored[0][1], m))
        if len({r.id for r, _ in chosen}) != len(chosen):
            return None
        answers = []
        for rule, m in chosen:
            binding = bind(rule, Mentions(amounts=[m]))
            if binding.missing is not None or binding.unclear:
                return None
            answers.append(self._compute(rule, binding, text, lang, tools))
        return self._joined(answers, lang)

    def _each_item(self, rule: Rule, binding: Binding, text: str, lang: str, tools: ToolBox) -> Answer:
        """Several listed figures for one rule ("三个合同：300万、1500万、800万"): each computed under its
        per-item cap, in order, what earlier items gave counting against an annual or cumulative cap."""
        main = rule.main_input
        assert main is not None
        prior = next((i for i in rule.inputs if i.prior), None)
        received = Decimal(str(binding.inputs.get(prior.name, 0))) if prior else Decimal(0)
        answers = []
        for value in binding.items:
            inputs = {**binding.inputs, main.name: value}
            if prior is not None and received:
                inputs[prior.name] = received
            one = self._compute(rule, Binding(inputs=inputs), text, lang, tools)
            label = compose.money(value) if lang == "zh" else compose.money_en(value)
            one.answer = f"{label} → {one.answer}"
            answers.append(one)
            if tools.results:
                received += tools.results[-1].amount_yuan
        return self._joined(answers, lang)

    def _with_total(
        self, answer: Answer, text: str, lang: str, tools: ToolBox, first: int, *, asked: bool = False
    ) -> Answer:
        """ "加起来一共多少" / "差多少": when the answer computed several amounts, their sum or difference leads."""
        apart = bool(DIFFERENCE_Q.search(text))
        if not (asked or apart or TOTAL_Q.search(text)):
            return answer
        parts = parts_of(tools.results[first:], lang)
        if len(parts) < 2:
            return answer
        if apart and len(parts) == 2:
            gap = tools.difference(parts, lang)
            big, small = sorted(parts, key=lambda p: -p.amount_yuan)
            m = compose.money if lang == "zh" else compose.money_en
            answer.answer = (
                f"相差{m(gap.amount_yuan)}（{big.label}{m(big.amount_yuan)} − {small.label}{m(small.amount_yuan)}）。\n"
                if lang == "zh"
                else f"The difference is {m(gap.amount_yuan)} ({big.label} {m(big.amount_yuan)} − "
                f"{small.label} {m(small.amount_yuan)}).\n"
            ) + answer.answer
            return answer
        result = tools.total(parts, lang)
        word = ("最高" if lang == "zh" else "up to ") if result.is_maximum else ""
        terms = " + ".join(
            compose.money(p.amount_yuan) if lang == "zh" else compose.money_en(p.amount_yuan) for p in parts
        )
        total = compose.money(result.amount_yuan) if lang == "zh" else compose.money_en(result.amount_yuan)
        head = f"合计{word}{total}（{terms}）。" if lang == "zh" else f"In total {word}{total} ({terms})."
        answer.answer = head + "\n" + answer.answer
        return answer

    def _joined(self, answers: list[Answer], lang: str) -> Answer:
        heads = [a.answer.split("\n\n", 1)[0] for a in answers]
        bodies = [a.answer.split("\n\n", 1)[1] if "\n\n" in a.answer else "" for a in answers]
        citations = unique_citations([c for a in answers for c in a.citations])
        warnings = list(dict.fromkeys(w for a in answers for w in a.warnings))
        text = "\n".join(heads) + "\n\n" + "\n\n".join(b for b in bodies if b)
        return Answer(answer=text, citations=citations, warnings=warnings)

    def _with_validity(self, answer: Answer, rule: Rule, text: str, lang: str, tools: ToolBox) -> Answer:
        """Time words with an amount question: the term first (at the year asked about, if any), then the figure."""
        cat = self.rule_index.cat
        start, end = cat.valid_from(rule), cat.valid_to(rule)
        if end is None:
            return answer
        tools.policy_validity(rule.doc_id)
        year = re.search(r"(20\d\d)\s*年", text)
        when = int(year.group(1)) if year else None
        if when is not None and start is not None:
            inside = start.year <= when <= end.year
            line = (
                f"{when}年{'在' if inside else '不在'}该政策的有效期内（{start.isoformat()}至{end.isoformat()}）。"
                if lang == "zh"
                else f"{when} {'falls inside' if inside else 'falls outside'} the term ({start} to {end})."
            )
        else:
            over = tools.today > end
            line = (
                f"有效期：{start.isoformat() if start else ''}至{end.isoformat()}，{'已届满' if over else '仍在有效期内'}。"
                if lang == "zh"
                else f"Validity: {start} to {end}; {'it has ended' if over else 'still in force'}."
            )
        answer.answer = line + "\n" + answer.answer
        return answer

    def _foreign(self, m: Mention, lang: str) -> Answer:
        return Answer(
            answer=f"“{m.text}”是外币金额。这些政策按人民币计算，本系统不做汇率换算，请提供人民币金额后再计算。"
            if lang == "zh"
            else f"'{m.text}' is in a foreign currency. The policies are in yuan and no exchange rate is "
            "applied; please give the amount in yuan."
        )

    def _compute(self, rule: Rule, binding: Binding, text: str, lang: str, tools: ToolBox) -> Answer:
        name, args = call_for(rule, binding.inputs)
        packaged = catalogue()
        try:
            if name == "calculate_rule" or self.rule_index.cat is not packaged:
                result = tools.calculate_rule(rule, binding.inputs, lang, self.rule_index.cat)
            else:
                result = tools.calculate(name, args, lang)
        except PolicyInputError as exc:
            return Answer(answer=exc.message(lang))
        focus = self._focus(result, rule, text)
        return self._compose(result, rule, binding, text, lang, tools, focus)

    def _focus(self, result: CalculationResult, rule: Rule, text: str) -> str | None:
        """When one calculation gives several parties' amounts, the part the question is about."""
        entities = read_entities(text, self.rule_index.cat).present
        for key, _who, _en, _amount, party in parties(result):
            if any(b in entities for b in party.beneficiaries):
                return key
        return None

    def _compose(
        self,
        result: CalculationResult,
        rule: Rule,
        binding: Binding,
        text: str,
        lang: str,
        tools: ToolBox,
        focus: str | None,
    ) -> Answer:
        citations = unique_citations([tools.cite(s.citation) for s in result.steps])
        parts = [calc_headline(result, rule, binding, lang, focus)]
        notes = []
        target = result.breakdown.get(focus, result.amount_yuan) if focus else result.amount_yuan
        for claim in binding.claims:
            if same_amount(claim.value, target):
                notes.append(
                    f"与您提到的“{claim.text}”一致。"
                    if lang == "zh"
                    else f"This matches the '{claim.text}' you mention."
                )
            else:
                notes.append(
                    f"您提到的“{claim.text}”与条款不符：按原文计算应为{compose.money(target)}。"
                    if lang == "zh"
                    else f"The figure '{claim.text}' you mention does not match the policy: the calculation "
                    f"gives {compose.money_en(target)}."
                )
        given = [
            f"{i.role_zh}{compose.money(Decimal(str(binding.inputs[i.name])))}"
            if lang == "zh"
            else f"{i.role_en} {compose.money_en(Decimal(str(binding.inputs[i.name])))}"
            for i in rule.inputs
            if i.name in binding.inputs and i.unit == "yuan" and binding.inputs[i.name]
        ]
        if given:
            notes.append(
                ("按" + "，".join(given) + "计算。") if lang == "zh" else f"Computed from {', '.join(given)}."
            )
        for m in binding.met_conditions:
            notes.append(
                f"“{m.text}”是条款规定的条件（门槛），不是计算基数，无需换算。"
                if lang == "zh"
                else f"'{m.text}' is a condition the rule states (a threshold), not an amount to convert."
            )
        if _INJECTION.search(text):
            notes.append(
                "政策规定的数字不能按指令更改，也不能按其他金额填报；以上金额只来自条款原文和计算器。"
                if lang == "zh"
                else "The policy's figures cannot be changed on request; the amount above comes only from the text."
            )
        if notes:
            parts.append("\n".join(notes))
        parts.append(compose.steps_block(result, lang))
        if result.conditions:
            parts.append(
                compose.list_block("Conditions:" if lang == "en" else "需满足的条件：", result.conditions)
            )
        if result.warnings:
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", result.warnings))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=list(result.warnings))

    def _levels(self, rules: list[Rule], lang: str, tools: ToolBox) -> Answer:
        """Each level (or kind) of one clause, labelled: 首次认定20万元，重新认定10万元."""
        heads, citations, warnings = [], [], []
        for rule in rules:
            name, args = call_for(rule, {})
            try:
                result = tools.calculate(name, args, lang)
            except PolicyInputError:
                heads.append(headline(rule, lang))
                citations.append(tools.cite(ClauseRef(rule.doc_id, rule.article, rule.item, rule.clause)))
                continue
            heads.append(f"- {fixed_line(result, rule, lang)}")
            citations += [tools.cite(s.citation) for s in result.steps]
            warnings += [w for w in result.warnings if w not in warnings]
        citations = unique_citations(citations)
        intro = "分别如下：" if lang == "zh" else "Each one:"
        parts = [intro + "\n" + "\n".join(heads)]
        if warnings:
            parts.append(compose.list_block("提示：" if lang == "zh" else "Notes:", warnings))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _ask_which(self, rules: list[Rule], lang: str, tools: ToolBox) -> Answer:
        options = [
            f"{i}. {r.title(lang)}（{r.where_zh}）：{summary(r, lang)}"
            if lang == "zh"
            else f"{i}. {r.title(lang)} ({r.where_en}): {summary(r, lang)}"
            for i, r in enumerate(rules, 1)
        ]
        head = "您问的是哪一项？以下条款都可能相关：" if lang == "zh" else "Which of these do you mean?"
        tail = (
            "请告诉我是哪一项（以及计算所需的金额），我再按条款计算。"
            if lang == "zh"
            else ("Tell me which one (and the amount it needs) and I will calculate it.")
        )
        citations = unique_citations([tools.cite(ref) for r in rules for ref in rule_refs(r)])
        return Answer(
            answer="\n\n".join(
                [head + "\n" + "\n".join(options), tail, compose.citation_block(citations, self.docs, lang)]
            ),
            citations=citations,
        )

    def _ask_amount(self, rule: Rule, binding: Binding, lang: str, tools: ToolBox) -> Answer:
        role = rule.main_input
        figures = "、".join(m.text for m in binding.unclear)
        if lang == "zh":
            text = f"{headline(rule, lang)}\n\n您提到了{figures}，请问哪一个是“{role.role_zh if role else '计算基数'}”？"
        else:
            text = f"{headline(rule, lang)}\n\nYou mention {figures}; which one is the {role.role_en if role else 'base'}?"
        citations = [tools.cite(ClauseRef(rule.doc_id, rule.article, rule.item, rule.clause))]
        return Answer(
            answer=text + "\n\n" + compose.citation_block(citations, self.docs, lang), citations=citations
        )

    def _ask_what_for(self, mentions: Mentions, lang: str) -> Answer:
        figure = mentions.live_amounts[0].text
        return Answer(
            answer=f"您说的“{figure}”是指哪项政策的金额？例如股权投资额、技术合同交易额、贷款损失或研发费用。请说明一下，我再按条款计算。"
            if lang == "zh"
            else f"What does '{figure}' refer to — an equity investment, a technology contract, a loan loss, R&D "
            "spending? Tell me and I will apply the matching article."
        )

    def _rule_info(
        self,
        rule: Rule,
        lang: str,
        tools: ToolBox,
        *,
        ask: bool,
        claims: Binding | None = None,
        yes: bool = False,
        met: list[Assessed] | None = None,
    ) -> Answer:
        """The rule in one line from the data, what it still needs, its conditions and verbatim clauses."""
        citations = unique_citations([tools.cite(ref) for ref in rule_refs(rule)])
        verdict = ""
        if yes:  # "能申请吗": yes only as far as the text's conditions go, and they are listed below
            verdict = yes_verdict(rule, met or [], lang)
        partners = [
            catalogue().get(i) for ids in TOGETHER.values() if rule.id in ids for i in ids if i != rule.id
        ]
        parts = [verdict + "\n".join(headline(r, lang) for r in [rule, *partners])]
        citations = unique_citations(citations + [tools.cite(ref) for r in partners for ref in rule_refs(r)])
        if claims is not None and claims.claims:
            c = claims.claims[0]
            parts.append(
                f"您提到的“{c.text}”无法核对：还缺计算所需的金额。"
                if lang == "zh"
                else f"The figure '{c.text}' cannot be checked without the base amount."
            )
        if ask and rule.main_input is not None:
            need = claims.missing if claims and claims.missing else rule.main_input
            parts.append(
                f"请提供{need.role_zh}（写成“万元”或“元”均可），我按{rule.where_zh}计算。"
                if lang == "zh"
                else f"Please give the {need.role_en or need.name} (in yuan or 万元) and I will apply {rule.where_en}."
            )
        conditions = list(rule.conditions(lang))
        if conditions:
            parts.append(compose.list_block("Conditions:" if lang == "en" else "需满足的条件：", conditions))
        warnings = []
        from calculators.kinds import validity_note

        note = validity_note(rule, tools.today, lang)
        if note:
            tools.policy_validity(rule.doc_id)
            warnings.append(note)
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", warnings))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)


def condition_en(rule: Rule, condition_zh: str) -> str:
    """The English of one of the rule's conditions (the catalogue keeps them in the same order)."""
    i = rule.conditions_zh.index(condition_zh)
    return rule.conditions_en[i] if i < len(rule.conditions_en) else condition_zh


def yes_verdict(rule: Rule, met: list[Assessed], lang: str) -> str:
    """The answer to "能申请吗" as far as the question tells: the conditions it says hold, and the rest."""
    conditions = list(rule.conditions_zh)
    said = [a.condition for a in met]
    rest = [c for c in conditions if c not in said]
    if lang == "zh":
        if said and not rest:
            return f"可以：您已满足条件（{'；'.join(said)}）。"
        if said:
            return f"可以申请，前提是其余条件也满足：您已满足“{'；'.join(said)}”，其余条件见下。"
        return "需先满足下列条件才可以申请。" if conditions else "可以。"
    if said and not rest:
        return "Yes: you meet its conditions (" + "; ".join(condition_en(rule, c) for c in said) + "). "
    if said:
        return "Yes, provided the remaining conditions below are met. "
    return "Only if the conditions below are met. " if conditions else "Yes. "
