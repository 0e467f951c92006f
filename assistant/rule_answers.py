"""Answers about the catalogue's rules: compute, show each level, ask which rule or which amount.

The rule comes from the rule index with a margin (assistant/understanding), the numbers are bound to
its inputs by role, and the answer leads with the figure. Every rate, cap and title comes from the
catalogue; every amount from a calculator call.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answers.asks import QuestionsBack
from assistant.answers.calculation import per_item_count, per_year_count
from assistant.answers.condition_lines import threshold_lead, yes_verdict
from assistant.answers.conversation import Conversation, is_follow_up
from assistant.answers.parts import Parts
from assistant.answers.verdicts import Verdicts
from assistant.citations import unique_citations
from assistant.compose import RESPONSIBLE, WHO_Q
from assistant.eligibility import GENERIC
from assistant.intent import (
    CONDITION_Q,
    COUNT_Q,
    MONEY_Q,
    OTHER_Q,
    TARGET_Q,
    THRESHOLD_Q,
    TOTAL_Q,
    YES_NO_Q,
    asks_money,
    event_date,
    wants_money,
)
from assistant.messages import Answer
from assistant.query_rewrite import rewrite_query
from assistant.references import find_references
from assistant.tools import ToolBox
from assistant.understanding.binding import bind
from assistant.understanding.conditions import affirmed_members, assess, short_of_term
from assistant.understanding.counted import counted_in_clauses, counted_items
from assistant.understanding.cues import meets, threshold_strength
from assistant.understanding.decide import MULTI_PART, Decision, decide, levels_not_paid
from assistant.understanding.entities import levels_in, read_entities
from assistant.understanding.family import at_article, family
from assistant.understanding.margins import FLOOR, MARGIN, STRONG
from assistant.understanding.mentions import Mentions, read_mentions, received_in_full
from assistant.understanding.ranking import rank
from assistant.understanding.rule_index import RuleIndex
from assistant.understanding.topic import beyond_the_rules
from calculators.catalogue import Rule
from calculators.results import ClauseRef
from calculators.validity import validity_ref, zh_date
from core.errors import PolicyInputError
from ingest.bm25 import tokenize


class RuleAnswers(Conversation, Parts, Verdicts, QuestionsBack):
    """Mixed into the Assistant: needs ``self.docs`` and a ``self.rule_index``."""

    docs: Any
    rule_index: RuleIndex
    _input_vocabulary: frozenset[str] | None = None  # the words of the catalogue's input roles and cues

    def _carried(self, decision: Decision, state: Any) -> None:
        """Another rule of the clause talked about, asked after its sibling's sum ("那我们学校这边呢？" after
        企业's): the inputs said before that mean the same here (技术合同实际发生技术交易额) carry over."""
        rule, missing = decision.rule, decision.binding.missing
        if rule is None or missing is None:
            return
        if (
            missing.prior
            and rule.source is not None
            and state.rule is not None
            and state.rule.id == rule.source
        ):
            # "新三板挂牌一共能拿多少" then "又首发上市了，还能再拿多少": what was received is taken as the earlier
            # stage's whole sum, as the turn before computed it, and the answer says so
            paid = state.rule.amount_max or state.rule.amount
            if paid is not None:
                decision.binding.inputs[missing.name] = paid.value
                decision.binding.full_prior = state.rule
                decision.binding.prior_from_turn = True
                decision.binding.missing = None
                decision.action = "compute"
            return
        if state.rule not in family(rule, self.rule_index.cat):
            return
        for name, value in state.inputs.items():
            if name not in decision.binding.inputs and _same_role(rule, state.rule, name):
                decision.binding.inputs[name] = value
        if missing.name in decision.binding.inputs:
            decision.binding.missing = None
            decision.action = "compute"

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

    def _beyond_the_rules(self, text: str, previous: list[str]) -> bool:
        """Right after a rule, the turn asks the quantity of something no rule uses and that is no sum of
        money ("…要交多少个人所得税？帮我算一下"), and names no rule plainly: the topic changed, it is not the
        rule's question again."""
        if not previous or "多少" not in text:
            return False
        return bool(beyond_the_rules(text, self.rule_index.bm25.idf)) and not self.clear_rule(text)

    def _counts_asked(self, text: str) -> bool:
        """Right after a rule, the turn asks how many of something (目标是多少件, 要培育几家) and asks no money,
        states no figure, and names no rule plainly: a question of its own, not the rule's again."""
        mentions = read_mentions(text)
        return (
            bool(COUNT_Q.search(text))
            and not asks_money(text)
            and not mentions.live_amounts
            and not mentions.counts
            and not self.clear_rule(text)
        )

    def clear_rule(self, text: str) -> bool:
        """The question plainly names one rule (so "我们是…，能拿…吗" is about that rule, not a list)."""
        mentions = read_mentions(text)
        hits = rank(self.rule_index, text, mentions)
        d = decide(hits, text, mentions, self.rule_index.cat)
        return d.action in ("compute", "ask_input", "levels") and bool(hits) and hits[0].score >= STRONG

    def rule_answer(
        self,
        text: str,
        lang: str,
        previous: list[str],
        articles: list[tuple[str, int]],
        tools: ToolBox,
        **options: Any,
    ) -> Answer | None:
        """An answer about one of the catalogue's rules, or None when the question is not about one."""
        if not articles and self._beyond_the_rules(text, previous):
            return None
        if not articles and previous and self._counts_asked(text):
            return None
        misplaced = self._misplaced_article(text, read_mentions(text), articles)
        # a rule described under another article's number is found by its words, and the note says where
        answer = self._rule_answer(text, lang, previous, [] if misplaced else articles, tools, **options)
        answer = self._with_misplaced(answer, misplaced, lang, tools)
        answer = self._with_event_date(self._with_term_member(answer, text, lang, tools), text, lang, tools)
        return self._with_responsible(answer, text, lang)

    def _with_own_sum(self, verdict: Answer, rule: Rule, text: str, lang: str, tools: ToolBox) -> Answer:
        """A verdict on the rule asked about, when the question asks too what the asker gets ("孵化器说能拿奖励，
        是真的吗？我们自己能拿啥？"): the sum of the clause's rule for the kind the question says the asker is
        (首次认定 高企's 20万), joined after the verdict."""
        if len(re.findall(r"[？?]", text)) < 2 and not MULTI_PART.search(text):
            return verdict
        cat = self.rule_index.cat
        present = set(read_entities(text, cat).present)
        hits = rank(self.rule_index, text, read_mentions(text))
        theirs = [
            h
            for h in hits
            if h.score >= FLOOR
            and h.rule is not rule
            and h.rule in family(rule, cat)
            and set(h.rule.beneficiaries) & present
        ]
        if not theirs or (len(theirs) > 1 and theirs[1].score > theirs[0].score - MARGIN):
            return verdict  # none, or two the words do not tell apart (首次 or 重新认定): not guessed
        binding = bind(theirs[0].rule, Mentions())
        if not binding.complete:
            return verdict
        return self._joined([verdict, self._compute(theirs[0].rule, binding, text, lang, tools)], lang)

    def _with_responsible(self, answer: Answer | None, text: str, lang: str) -> Answer | None:
        """A question that also asks who is in charge ("…最多能给多少？这事归哪些部门管"): the responsible units
        its document names for the clause relied on (the （责任单位：…） of its paragraph), quoted and cited."""
        if answer is None or answer.out_of_scope or not answer.citations or not WHO_Q.search(text):
            return answer
        if "？" in answer.answer.split("\n", 1)[0] or "?" in answer.answer.split("\n", 1)[0]:
            return answer  # a question back: no one clause is answered yet
        c = answer.citations[0]
        doc = self.docs[c.doc_id].text
        end = doc.find("\n", c.end)
        found = RESPONSIBLE.search(doc, c.end, end if end >= 0 else len(doc))
        if found is None:
            return answer
        start = max(doc.rfind(p, 0, found.start()) for p in "（(。；\n") + 1
        close = [i for i in (doc.find(p, found.end()) for p in "）)。\n") if i >= 0]
        quote = doc[start : min(close) if close else len(doc)].strip()
        if not quote or quote in answer.answer:
            return answer
        at = doc.find(quote, start)
        cited = c.model_copy(update={"quote": quote, "start": at, "end": at + len(quote)})
        head, sep, rest = answer.answer.partition("\n")
        line = f"“{quote}”" if lang == "zh" else f"Responsible units (quoted in Chinese): “{quote}”"
        answer.answer = f"{head}\n{line}{sep}{rest}"
        answer.citations = [*answer.citations, cited]
        return answer

    def _with_event_date(self, answer: Answer | None, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """The question dates what it asks about (2023年3月新认定的, 2017年11月投的) outside the term of the
        rule the answer relies on: that leads, with the clause that sets the term."""
        if answer is None or answer.out_of_scope:
            return answer
        cat = self.rule_index.cat
        cited = [(c.doc_id, c.article, c.item) for c in answer.citations]
        rule = next((r for place in cited for r in cat if (r.doc_id, r.article, r.item) == place), None)
        if rule is None:
            return answer
        start, end = cat.valid_from(rule), cat.valid_to(rule)
        said = event_date(text)
        if said is None or start is None or end is None:
            return answer
        year, month = said
        before = (year, month or 12) < (start.year, start.month)
        after = (year, month or 1) > (end.year, end.month)
        if not (before or after):
            return answer
        when = (
            f"{year}年{f'{month}月' if month else ''}"
            if lang == "zh"
            else f"{year}{f'-{month:02d}' if month else ''}"
        )
        line = (
            f"注意：您说的{when}{'早于' if before else '晚于'}{rule.where_zh}所依据文件的"
            f"{'施行日期' if before else '有效期截止日'}（有效期{zh_date(start)}至{zh_date(end)}），"
            "按原文不在该政策的适用期间内，以下金额仅按条文测算。"
            if lang == "zh"
            else f"Note: {when} is {'before' if before else 'after'} the term of {rule.where_en} ({start} to {end}); "
            "by the text it falls outside the policy's period. The figures below are the text's only."
        )
        tools.policy_validity(rule.doc_id)
        ref = validity_ref(rule, cat)
        answer.answer = line + "\n" + answer.answer
        if ref is not None:
            answer.citations = unique_citations([*answer.citations, tools.cite(ref)])
        return answer

    def _with_term_member(self, answer: Answer | None, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """The answer relies on a rule whose condition names a term its document defines, and the question
        says the party is one of the term's members ("在市级备案众创空间里孵化的") or asks what qualifies: the
        definition, cited."""
        if answer is None or answer.out_of_scope or answer.answer.startswith(("不适用", "不符合", "Not ")):
            return answer
        cat = self.rule_index.cat
        cited = {(c.doc_id, c.article, c.item) for c in answer.citations}
        rules = [r for r in cat if (r.doc_id, r.article, r.item) in cited]
        if len({(r.doc_id, r.article, r.item) for r in rules}) > 1 and answer.answer.startswith(
            ("您问的是哪", "Which")
        ):
            return answer  # a question back names several rules: no one rule's condition is relied on
        for doc in {r.doc_id for r in rules}:
            for term in cat.documents[doc].terms:
                if (doc, term.article, term.item) in cited:
                    continue
                if not any(term.term in t for r in rules if r.doc_id == doc for t in r.texts_zh):
                    continue
                members = affirmed_members(term, text, cat.beneficiary_words)
                if not members and not CONDITION_Q.search(text):
                    continue  # neither a member named nor what qualifies asked ("什么样的被投企业才算")
                # the definition itself, whole: whether the party meets its qualifiers (市级以上…认定) is
                # the reader's to check, not asserted from the words that matched
                line = (
                    f"{term.term}的范围（{term.where_zh}）：“{term.clause}”"
                    if lang == "zh"
                    else f"{term.where_en} defines {term.term} (quoted in Chinese): “{term.clause}”"
                )
                head, _, rest = answer.answer.partition("\n")
                answer.answer = f"{head}\n{line}" + (f"\n{rest}" if rest else "")
                answer.citations = unique_citations([*answer.citations, tools.cite(ClauseRef.of(doc, term))])
                return answer
        return answer

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
        head = last_reply.split("\n", 1)[0]
        if (
            state.rule is None
            and not state.asked
            and previous
            and (
                asks_money(text) or bool(mentions.live_amounts) or is_follow_up(text)
            )  # not "那一项提到哪些技术"
            and _references(head)
        ):
            # the earlier questions named no rule but the last answer did: it is the context of "那…呢"
            # (not a question back naming none: its words are the assistant's, not the asker's)
            state.text, state.asked = head[:160], True
        replied = [(r.doc_id, r.number) for r in _references(last_reply)] if last_reply else []
        found = self._later_stage(self._decide(text, mentions, state, articles, replied), state, mentions)
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
        cat = self.rule_index.cat
        if (counted := counted_items(text, mentions, cat)) or (
            decision.rule is not None
            and asks_money(text)
            and (counted := counted_in_clauses(text, mentions, family(decision.rule, cat), cat))
            # the rule asked about is one of those counted ("孵化器能拿多少" asks the incubator's own award)
            and decision.rule in [c.rule for c in counted]
        ):
            return self._counted(counted, text, lang, tools)
        self._earlier_periods(decision, state, text)
        self._earlier_item(decision, state, text, mentions)
        about_target = TARGET_Q.search(text) or (followed and previous and TARGET_Q.search(previous[-1]))
        if (
            about_target
            and (
                not mentions.live_amounts
                # no money asked, and the rule takes no figure at all
                or (not MONEY_Q.search(text) and (decision.rule is None or decision.rule.main_input is None))
            )
            and not articles
            and not (followed and state.rule)
        ):
            # a target of the plans (or a follow-up on one) is read in the text, not computed; so is a
            # target's figure said to be checked, with no money asked and no rule taking it as its input
            # (a target's figure "…要到240亿，对吧？"; not a contract's "达到两千万…10%就是两百万吧")
            return None
        # "科技惠民那种呢？" after "…一项给多少钱？": the follow-up asks what the question before it asked
        asked_before = bool(previous) and is_follow_up(text) and bool(MONEY_Q.search(previous[-1]))
        # a follow-up asking something else about it ("它由哪个部门负责解释？") is not the sum asked again
        money = (
            wants_money(text, mentions)
            or (followed and (is_follow_up(text) or not OTHER_Q.search(text)))
            or asked_before
        )
        if decision.action == "none":
            return None
        named = decision.rule is not None or decision.action == "ask_rule"
        if decision.rule is not None and decision.action != "ask_rule":
            # a kind the clause itself leaves out is a verdict, whatever else is asked about the rule
            entities = read_entities(text, self.rule_index.cat)
            if (verdict := self._excluded(decision.rule, entities, text, lang, tools)) is not None:
                return verdict
        if not money and not articles and not CONDITION_Q.search(text) and named:
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
            if (taken := self._figure_rule(decision, mentions, text, lang, tools)) is not None:
                return taken
            own_types = set(read_entities(text, self.rule_index.cat).own) - {GENERIC}
            askers = [r for r in decision.rules if own_types & set(r.beneficiaries)]
            if len(askers) == 1 and (binding := bind(askers[0], mentions)).complete:
                # of close rules, the one paying what the asker says they are ("我们…被认定为高新技术企业")
                return self._compute(askers[0], binding, text, lang, tools)
            places = {(r.doc_id, r.article, r.item) for r in decision.rules}
            if len(places) == 1 and not mentions.live_amounts:
                # close rules of one article or item, and no amount to compute: what it says of each
                return self._one_place(decision.rules, lang, tools)
            return self._ask_which(decision.rules, lang, tools)
        if decision.action == "levels":
            entities = read_entities(text, self.rule_index.cat)
            if all(set(r.beneficiaries) & set(entities.negated) for r in decision.rules):
                # "我们没有备案众创空间": each level is of a kind the asker says they do not have
                verdict = self._not_for_you(decision.rules[0], entities, lang, tools, text)
                if verdict is not None:
                    return verdict
            first = len(tools.results)
            shown = self._levels(
                decision.rules,
                lang,
                tools,
                levels_not_paid(text, decision.rules, self.rule_index.cat),
                unnamed=not levels_in(rewrite_query(text), self.rule_index.cat),
            )
            if len({r.doc_id for r in decision.rules}) > 1:
                # one measure stated by two documents with different sums: alternatives, never added
                rest = shown.answer.split("\n", 1)[1]
                shown.answer = (
                    (
                        "两份文件对同一事项的表述不同，分别如下（以实际申报通知为准）："
                        if lang == "zh"
                        else "Two documents state this measure differently (check the call for applications):"
                    )
                    + "\n"
                    + rest
                )
                return shown
            return self._with_total(shown, text, lang, tools, first)
        rule = decision.rule
        assert rule is not None
        entities = read_entities(text, self.rule_index.cat)
        if (own := self._askers_rule(decision, entities, mentions, text, lang, tools)) is not None:
            return own
        if (verdict := self._not_for_you(rule, entities, lang, tools, text)) is not None:
            return verdict
        if (verdict := self._elsewhere(rule, text, lang, tools)) is not None:
            return verdict
        if (verdict := self._other_level(rule, text, lang, tools)) is not None:
            return verdict
        cat = self.rule_index.cat
        said = assess(
            rule, text, tuple(w for b in rule.beneficiaries for w in cat.beneficiary_words.get(b, ()))
        )
        # a denial of the kinds a defined term covers is answered by the term's definition, cited
        short = short_of_term(rule, text, cat.documents[rule.doc_id].terms, cat.beneficiary_words)
        if short is not None:
            return self._short_of_term(rule, short, lang, tools)
        if unmet := [a for a in said if not a.met]:
            return self._unmet(rule, unmet, lang, tools)
        spans = (
            [] if decision.binding.left_out or decision.binding.unclear else mentions.durations
        )  # else each count (or the question back) decides
        for m in spans:  # a span of time the rule bounds (毕业2年之内, 完成转化一年后), not met
            late = next(
                (
                    t
                    for t in rule.thresholds
                    if t.unit == "year" and threshold_strength(m, t) > 0 and not meets(m.value, t)
                ),
                None,
            )
            if late is not None:
                return self._with_own_sum(
                    self._below_threshold(rule, m, late, lang, tools), rule, text, lang, tools
                )
        met = [a for a in said if a.met]
        if validity_question and not mentions.live_amounts and (rule.kind != "fixed" or not money):
            return None  # "第四十七条的奖励现在还能申请吗": the validity answer, not an amount
        if CONDITION_Q.search(text) and not mentions.live_amounts and rule.kind != "fixed":
            base = None
            if rule.base_rules:
                # the base the last answer computed on ("1) 第四十四条基础补贴 300万"), else the one the words name
                worked = [
                    (r.doc_id, r.number)
                    for r in _references(re.split(r"依据原文|Sources", last_reply)[0], whole=True)
                ]
                used = [b for b in map(cat.get, rule.base_rules) if at_article(b, worked)]
                base = used[0] if len(used) == 1 else self._named_base(rule, f"{state.text} {text}")
            return self._rule_info(rule, lang, tools, ask=False, base=base)
        if decision.action == "ask_amount":
            return self._ask_amount(rule, decision.binding, lang, tools)
        if (
            decision.action == "compute"
            and (split := self._split_untold(rule, mentions, lang, tools)) is not None
        ):
            return split
        if decision.action == "ask_input" and followed and state.rule is not None and rule is not state.rule:
            self._carried(decision, state)
        if decision.action == "ask_input":
            if THRESHOLD_Q.search(text) and rule.thresholds and not mentions.live_amounts:
                # "研发投入至少要多少才能申请": the threshold, and what the rule gives, without asking a figure
                info = self._rule_info(rule, lang, tools, ask=False)
                info.answer = threshold_lead(rule, lang, tools.today) + info.answer
                return info
            if not money:
                return self._rule_info(rule, lang, tools, ask=False)
            return self._rule_info(
                rule, lang, tools, ask=True, claims=decision.binding, yes=bool(YES_NO_Q.search(text)), met=met
            )
        base_input = next((i for i in rule.inputs if i.unit == "yuan" and not i.prior), None)
        if (
            rule.kind == "uplift"
            and base_input is not None
            and base_input.name not in decision.binding.inputs
            and (mentions.priors or received_in_full(text))
            and money
        ):
            # a base of which part was received before (新三板挂牌…拿满了，今年首发上市): the raise is on the
            # top-up actually paid, which the asker is asked for, not on a base rule's whole sum
            decision.binding.missing = base_input
            return self._rule_info(rule, lang, tools, ask=True, claims=decision.binding, met=met)
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
        for m in mentions.amounts:  # a sum in yuan for a threshold the rule states in another currency
            other = next(
                (t for t in thresholds if t.unit not in ("yuan", "year") and threshold_strength(m, t) >= 2),
                None,
            )
            if other is not None and not (m.prior or m.claim or m.corrected or m.condition):
                return self._other_currency(rule, m, other, lang, tools)
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
                verdict = self._below_threshold(rule, m, short, lang, tools)
                lower = self._lower_tier(rule, m, short)
                if lower is None:
                    return verdict
                # the tier the figure does reach (第四条 1000万以上 → 第五条 200万以上): computed, after the verdict
                binding = bind(lower, mentions)
                if not binding.complete:
                    return verdict
                answer = self._compute(lower, binding, text, lang, tools)
                answer.answer = verdict.answer.split("\n\n", 1)[0] + "\n" + answer.answer
                answer.citations = unique_citations([*verdict.citations, *answer.citations])
                return answer
        # "能申请吗？补多少": the verdict (as far as the question tells), then the figure
        # (not when the yes/no is about a figure the user states: "听说能拿90万，是吗" is answered by the check)
        asks_yes = YES_NO_Q.search(text) and not decision.binding.claims and not mentions.claims
        tools_verdict = yes_verdict(rule, met, lang) if asks_yes else ""
        first = len(tools.results)
        if len(decision.binding.items) > 1:
            answer = self._each_item(rule, decision.binding, text, lang, tools)
            if decision.binding.latest:
                return answer  # one period asked about, not the total
            answer = self._with_total(answer, text, lang, tools, first, asked=True)
            return self._this_turn_first(answer, decision.binding.earlier, lang, tools, first, mentions)
        answer = self._compute(rule, decision.binding, text, lang, tools)
        items, years = per_item_count(rule, mentions), per_year_count(rule, text)
        if max(items, years) > 1 and TOTAL_Q.search(text):
            # "我们学院报了两个，都批的话总共多少": a fixed sum paid per item (or per year), times them
            return self._times(answer, items or years, text, lang, tools, first, years=not items)
        extra = (
            self._other_parts(decision, mentions, text, lang, tools)
            or self._compared(decision, mentions, text, lang, tools)
            or self._each_party(decision, mentions, text, lang, tools)
            or self._named_siblings(decision, text, lang, tools)
            or self._other_facts(decision, text, lang, tools)
        )
        if extra:
            answer = self._joined([answer, *extra], lang)
        answer = self._with_total(answer, text, lang, tools, first)
        if tools_verdict:
            answer.answer = tools_verdict + answer.answer
        if THRESHOLD_Q.search(text) and not decision.binding.met_conditions:
            # "融资规模要达到多少才能拿": the threshold is the answer, the sum it gives follows
            answer.answer = threshold_lead(rule, lang, tools.today) + answer.answer
        if validity_question:
            answer = self._with_validity(answer, rule, text, lang, tools)
        return answer


def _same_role(rule: Rule, other: Rule, name: str) -> bool:
    mine = next((i for i in rule.inputs if i.name == name), None)
    theirs = next((i for i in other.inputs if i.name == name), None)
    return mine is not None and theirs is not None and mine.role_zh == theirs.role_zh


def _references(reply: str, whole: bool = False) -> list[Any]:
    """The articles an earlier answer quoted (its first lines name the article it relies on)."""
    try:
        return find_references(reply if whole else reply.split("\n\n", 1)[0])
    except PolicyInputError:
        return []
