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

from assistant.answers.calculation import Calculations
from assistant.answers.verdicts import Verdicts, yes_verdict
from assistant.intent import LATER_Q, TOTAL_Q
from assistant.messages import Answer
from assistant.references import find_references
from assistant.tools import ToolBox
from assistant.understanding.binding import bind, meets, threshold_strength
from assistant.understanding.conditions import assess
from assistant.understanding.decide import (
    FLOOR,
    MARGIN,
    STRONG,
    Action,
    Decision,
    at_article,
    decide,
    distinguishing,
    family,
    level_words,
    levels_in,
    rank,
    read_entities,
    same_kind,
)
from assistant.understanding.mentions import CORRECTION, Mentions, read_mentions
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import Catalogue, Rule
from calculators.kinds import calculate
from core.errors import PolicyInputError
from ingest.bm25 import tokenize

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
TRAILING_Q = re.compile(r"(呢|的呢|怎么样|如何)\s*[？?。!！]*\s*$")
# Locality: a rule's text that requires a Dalian party, and a question placing the asker elsewhere.
# Question-type cue: something other than an amount is asked (how, when, why, what it is).
OTHER_Q = re.compile(
    r"怎么|如何|怎样|为什么|多久|多长时间|什么时候|哪个部门|how (?:do|does|to|is)|when|why", re.IGNORECASE
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


class RuleAnswers(Calculations, Verdicts):
    """Mixed into the Assistant: needs ``self.docs`` and a ``self.rule_index``."""

    docs: Any
    rule_index: RuleIndex
    _input_vocabulary: frozenset[str] | None = None  # the words of the catalogue's input roles and cues

    # ------------------------------------------------------------------ understanding
    def _input_words(self, words: str) -> bool:
        """Some word said before a figure is one the catalogue's input roles and cues are written in."""
        if self._input_vocabulary is None:
            vocabulary = {
                t
                for r in self.rule_index.cat
                for i in r.inputs
                for phrase in (i.role_zh, *i.cues)
                for t in tokenize(phrase)
                if len(t) >= 2
            }
            self._input_vocabulary = frozenset(vocabulary)
        return any(t in self._input_vocabulary for t in tokenize(words))

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
        self,
        text: str,
        mentions: Mentions,
        state: RuleState,
        articles: list[tuple[str, int]],
        replied: list[tuple[str, int]] | None = None,
    ) -> tuple[Decision, bool] | None:
        """The decision for this turn, and whether it continues the previous rule."""
        cat = self.rule_index.cat
        hits = rank(self.rule_index, text, mentions, articles=articles)
        own = decide(hits, text, mentions, cat)
        if own.action == "ask_rule" and replied:
            # two close rules, and the last answer quoted one of their articles: that one is meant
            quoted = [h.rule for h in hits[:5] if h.score >= FLOOR and at_article(h.rule, replied)]
            if len(quoted) == 1:
                binding = bind(quoted[0], mentions)
                action: Action = "ask_input" if binding.missing is not None else "compute"
                return Decision(action, quoted[0], binding=binding, hits=hits), True
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
        # "另外还有一个项目投了1.2亿，两个加一起多少": another item for the rule talked about, and the total
        adds = (
            state.rule is not None
            and bool(TOTAL_Q.search(text))
            and bool(mentions.live_amounts)
            and (not hits or hits[0].score < STRONG)
        )
        # "我们是军民融合企业，能多拿点吗" after an answer: the same question, for this kind of asker
        declares = bool(read_entities(text, cat).own) and not mentions.live_amounts and len(text) <= 40
        follow = continues and (
            own.action == "none"
            or (is_follow_up(text) and own.action != "compute")
            or (state.asked and own.action in ("none", "ask_rule"))
            or (declares and (own.rule is None or own.hits[0].score < STRONG))
            or stays
            or corrects
            or adds
        )
        if not follow and own.action == "ask_rule" and state.text:
            # two close rules: the earlier question may say which ("新三板挂牌…" then "首发上市还能补多少")
            hits = rank(self.rule_index, text, mentions, articles=articles, context=state.text)
            joined = decide(hits, f"{state.text} {text}", mentions, cat)
            if joined.rule in own.rules and joined.action not in ("ask_rule", "none"):
                return joined, True
        if not follow:
            return (own, False) if own.action != "none" else None

        if (
            own.action == "levels"
            and state.rule is not None
            and all(r in family(state.rule, cat) for r in own.rules)
        ):
            return own, True  # "那国家级的比市级的多多少": the levels of the clause talked about
        if state.rule is not None and (sibling := self._sibling(state.rule, hits, text)) is not None:
            # "那重点学科的重大课题呢" after 第七条's 应用基础研究: the same clause's other rule, named
            binding = bind(sibling, mentions)
            then: Action = "ask_input" if binding.missing is not None else "compute"
            return Decision(then, sibling, binding=binding, hits=hits), True
        context = swap_level(state.text, text, cat)
        if not mentions.live_amounts and not mentions.counts:
            mentions = read_mentions(f"{context}，{text}")  # "第二十三条呢？" keeps the figure said before
        hits = rank(self.rule_index, text, mentions, articles=articles, context=context)
        joined = decide(hits, f"{context} {text}", mentions, cat)
        if joined.rule is None:
            return None
        kept = next((h for h in hits if h.rule is state.rule), None)
        if (
            state.rule is not None
            and joined.rule is not state.rule
            and kept is not None
            and kept.score >= hits[0].score - MARGIN
        ):
            # a follow-up whose words leave the conversation's rule as close as any other stays on it
            binding = bind(state.rule, mentions)
            kept_action: Action = (
                "ask_amount" if binding.unclear else "ask_input" if binding.missing is not None else "compute"
            )
            joined = Decision(kept_action, state.rule, binding=binding, hits=hits)
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

    def _earlier_periods(self, decision: Decision, state: RuleState, text: str) -> None:
        """ "第二年又到位了3500万": under a cap over the project period, what the conversation's earlier
        period gave counts as already received."""
        rule = decision.rule
        if rule is None or rule is not state.rule or not LATER_Q.search(text) or not state.inputs:
            return
        prior = next((i for i in rule.inputs if i.prior), None)
        if (
            prior is None
            or prior.name in decision.binding.inputs
            or not any(c.scope == "cumulative" for c in rule.caps)
        ):
            return
        try:
            earlier = calculate(rule, state.inputs, cat=self.rule_index.cat).amount_yuan
        except PolicyInputError:
            return
        before = Decimal(str(state.inputs.get(prior.name, 0) or 0))
        decision.binding.inputs[prior.name] = before + earlier

    def _earlier_item(self, decision: Decision, state: RuleState, text: str, mentions: Mentions) -> None:
        """ "两笔加起来一共多少": the figure of the earlier turn and this turn's are items of one rule, computed
        in turn (what the first gives counting against the caps) and added."""
        rule = decision.rule
        main = rule.main_input if rule is not None else None
        if (
            rule is None
            or main is None
            or rule is not state.rule
            or decision.action != "compute"
            or not TOTAL_Q.search(text)
            or CORRECTION.search(text)
            or main.name not in state.inputs
            or not mentions.live_amounts
        ):
            return
        given = decision.binding.inputs.get(main.name)
        if given is None:
            return
        now = decision.binding.items or [Decimal(str(given))]
        decision.binding.items = [Decimal(str(state.inputs[main.name])), *now]

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
        misplaced = self._misplaced_article(text, read_mentions(text), articles)
        answer = self._rule_answer(
            text,
            lang,
            previous,
            [] if misplaced else articles,  # the rule described is found by its words
            tools,
            validity_question=validity_question,
            last_reply=last_reply,
        )
        return self._with_misplaced(answer, misplaced, lang, tools)

    def _rule_answer(
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
        """The rule answer, for the articles the question is taken to be about."""
        mentions = read_mentions(text)
        state = self.rule_state(previous)
        if state.rule is None and not state.asked and last_reply and previous:
            # the earlier questions named no rule but the last answer did: it is the context of "那…呢"
            state.text, state.asked = last_reply.split("\n", 1)[0][:160], True
        replied = [(r.doc_id, r.number) for r in _references(last_reply)] if last_reply else []
        found = self._decide(text, mentions, state, articles, replied)
        weak = found is None or found[0].action == "none"
        if weak and mentions.live_amounts and state.rule is None and not mentions.foreign:
            if is_follow_up(text) or (
                MONEY_Q.search(text) and self._input_words(mentions.live_amounts[0].before)
            ):
                # an amount and a money question, but no rule plainly meant: ask what the figure is
                # (when its own words are the kind the rules' inputs use: 项目, 投入, 合同 — not 月薪, 房款)
                hits = rank(self.rule_index, text, mentions, articles=articles)
                return self._ask_what_for(mentions, lang, [h.rule for h in hits])
        if found is None:
            if mentions.foreign and wants_money(text, mentions):
                return self._foreign(mentions.foreign[0], lang)
            return None
        decision, followed = found
        self._earlier_periods(decision, state, text)
        self._earlier_item(decision, state, text, mentions)
        about_target = TARGET_Q.search(text) or (followed and previous and TARGET_Q.search(previous[-1]))
        if about_target and not mentions.live_amounts and not articles and not (followed and state.rule):
            return None  # a target of the plans (or a follow-up on one) is read in the text, not computed
        money = wants_money(text, mentions) or followed
        if decision.action == "none":
            return None
        if not money and not articles and not CONDITION_Q.search(text) and decision.rule is not None:
            # a rule named without asking for money, a condition or an article: leave it to the lookup,
            # and so when something else is asked about it ("重新认定期间所得税怎么交")
            if (decision.hits and decision.hits[0].score < 1.0) or OTHER_Q.search(text):
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
        cat = self.rule_index.cat
        said = assess(
            rule, text, tuple(w for b in rule.beneficiaries for w in cat.beneficiary_words.get(b, ()))
        )
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
        # a figure in the currency of a threshold the rule (or the rule it raises) states is that condition,
        # met or not ("融资800万美元" against 1000万美元以上)
        thresholds = self._thresholds(rule, decision.binding.inputs)
        for m in mentions.foreign:
            short = next((t for t in thresholds if t.unit == m.unit and not meets(m.value, t)), None)
            if short is not None:
                return self._below_threshold(rule, m, short, lang, tools)
        units = {t.unit for t in thresholds}
        foreign = [
            m for m in mentions.foreign if m not in decision.binding.met_conditions and m.unit not in units
        ]
        if foreign and rule.kind != "fixed":
            return self._foreign(foreign[0], lang)
        for m in mentions.amounts:  # a figure plainly about a threshold of the rule, short of it
            short = next(
                (
                    t
                    for t in thresholds
                    if t.unit == "yuan" and threshold_strength(m, t) >= 2 and not meets(m.value, t)
                ),
                None,
            )
            if short is not None and not (m.prior or m.claim or m.corrected):
                return self._below_threshold(rule, m, short, lang, tools)
        # "能申请吗？补多少": the verdict (as far as the question tells), then the figure
        # (not when the yes/no is about a figure the user states: "听说能拿90万，是吗" is answered by the check)
        asks_yes = YES_NO_Q.search(text) and not decision.binding.claims and not mentions.claims
        tools_verdict = yes_verdict(rule, met, lang) if asks_yes else ""
        first = len(tools.results)
        if len(decision.binding.items) > 1:
            answer = self._each_item(rule, decision.binding, text, lang, tools)
            return self._with_total(answer, text, lang, tools, first, asked=True)
        answer = self._compute(rule, decision.binding, text, lang, tools)
        extra = self._other_parts(decision, mentions, text, lang, tools) or self._compared(
            decision, mentions, text, lang, tools
        )
        if extra:
            answer = self._joined([answer, *extra], lang)
        answer = self._with_total(answer, text, lang, tools, first)
        if tools_verdict:
            answer.answer = tools_verdict + answer.answer
        if validity_question:
            answer = self._with_validity(answer, rule, text, lang, tools)
        return answer


def _references(reply: str) -> list[Any]:
    """The articles an earlier answer quoted (its first lines name the article it relies on)."""
    try:
        return find_references(reply.split("\n\n", 1)[0])
    except PolicyInputError:
        return []
