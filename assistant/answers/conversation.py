"""The conversation so far: which rule it is on, with which figures, and how this turn continues it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.intent import (
    CONDITION_Q,
    DIFFERENCE_Q,
    LATER_Q,
    TARGET_Q,
    THEN_Q,
    TOTAL_Q,
    asks_money,
    wants_money,
)
from assistant.query_rewrite import rewrite_query
from assistant.references import detect_doc
from assistant.understanding.cues import cue_strength
from assistant.understanding.decide import Decision, bound, decide
from assistant.understanding.entities import level_words, levels_in, read_entities, ruled_out, same_kind
from assistant.understanding.family import at_article, distinguishing, family
from assistant.understanding.margins import FLOOR, MARGIN, STRONG
from assistant.understanding.mentions import CORRECTION, Mentions, read_mentions
from assistant.understanding.ranking import level_names, rank
from assistant.understanding.rule_index import RuleHit, RuleIndex
from calculators.catalogue import Catalogue, Rule
from calculators.kinds import calculate
from core.errors import PolicyInputError

FOLLOW_UP = re.compile(
    r"^\s*(那|那么|如果|假如|换成|改成|要是|若|再|还有|另外|and|what about|how about|if)", re.IGNORECASE
)
TRAILING_Q = re.compile(r"(呢|的呢|怎么样|如何)\s*[？?。!！]*\s*$")


@dataclass
class RuleState:
    """What the conversation so far was about, rebuilt from the earlier user turns."""

    rule: Rule | None = None
    text: str = ""  # the question that chose the rule
    inputs: dict[str, Any] = field(default_factory=dict)
    asked: bool = False  # the last answer asked for an amount or a choice


# Question-type cue: the turn asks something (not a statement such as "不好意思，是省级孵化器").
_ASKS = re.compile(
    r"[？?]|哪|什么|怎么|如何|吗|是否|几|\b(?:what|which|how|when|who|is|are|does|do|can)\b", re.IGNORECASE
)
# a count of the items asked about ("三个级别加一起", "两项一共"), not of units ("两个省级众创空间")
_ITEMS = re.compile(r"^\s*(?:个)?\s*(?:级别|层级|档|项|种|者|样)")


def items_counted(mentions: Mentions) -> list[Decimal]:
    return [c.value for c in mentions.counts if _ITEMS.match(c.after) or c.text[-1] in "项种"]


def is_follow_up(text: str) -> bool:
    short = len(text) <= 40 or (text.isascii() and len(text.split()) <= 12)  # English takes more letters
    return bool(FOLLOW_UP.search(text) or TRAILING_Q.search(text)) and short


def swap_level(context: str, text: str, cat: Catalogue) -> str:
    """ "国家级孵化器补多少" + "那省级的呢" → "省级孵化器补多少": the same thing at the level (or levels)
    just named."""
    now = levels_in(text, cat)
    if not now:
        return context
    for lv in level_words(cat):
        if lv in context and lv not in now and same_kind(lv, now[0], cat):
            # "市级比省级少多少" after 国家级: the levels this turn names, not the one before
            context = context.replace(lv, now[0] if len(now) == 1 else "")
    return context


def rules_out(rule: Rule, text: str, cat: Catalogue) -> bool:
    """The turn rules the rule out: it denies the rule's party (不是军民融合的) or names the rule only to
    deny it (不做投贷联动)."""
    if any(b in read_entities(text, cat).negated for b in rule.beneficiaries):
        return True
    return ruled_out(RuleHit(rule, 0.0, aliases=list(rule.aliases)), text)  # judged on the aliases said


class Conversation:
    """Mixed into the Assistant: reads the earlier turns and decides how this one continues them."""

    rule_index: RuleIndex

    def rule_state(self, previous: list[str]) -> RuleState:
        state = RuleState()
        for text in previous:
            mentions = read_mentions(text)
            d = self._later_stage(self._decide(text, mentions, state, []), state, mentions)
            if d is None:
                if mentions.live_amounts and asks_money(text):
                    # a figure no rule was picked for: the answer asked what it is, and the next turn says
                    state.text, state.asked = text, True
                continue
            decision, followed = d
            if (
                _ASKS.search(text)
                and not (wants_money(text, mentions) or CONDITION_Q.search(text))
                and not (followed and state.rule)
            ):
                continue  # a question about something else ("清洁能源包括哪些方向") was looked up, not computed
            if (
                TARGET_Q.search(text)
                and not mentions.live_amounts
                and not CONDITION_Q.search(text)  # "首次认定高新技术企业要达到什么条件": the rule's condition
                and not (followed and state.rule)
            ):
                # a plan target looked up ("高新区2019年交易额目标是多少", "国家级孵化器目标是几家"): the answer
                # read it in the text (as rule_answer does), so no rule is being talked about
                continue
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

    def _later_stage(
        self, found: tuple[Decision, bool] | None, state: RuleState, mentions: Mentions
    ) -> tuple[Decision, bool] | None:
        """ "新三板挂牌能拿多少" then "后来又在A股首发上市了，还能再拿多少": the later stage, told as what happened
        after the earlier one the conversation was on, is the difference rule between them (the catalogue's
        source and target). Not without such words ("另一家子公司准备在A股首发上市": that stage's own sum)."""
        if found is None or state.rule is None or found[0].rule is None or not THEN_Q.search(mentions.text):
            return found
        earlier, now = state.rule.id, found[0].rule.id
        later = [
            r
            for r in self.rule_index.cat
            if r.kind == "difference" and (r.source, r.target) == (earlier, now)
        ]
        if len(later) == 1:
            return bound(later[0], mentions, found[0].hits), True
        return found

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
                return bound(quoted[0], mentions, hits), True
        if (
            state.rule is not None
            and own.action == "compute"
            and own.rule is not None
            and own.rule is not state.rule
            and own.rule.kind == state.rule.kind == "fixed"
            and own.rule in family(state.rule, cat)
            and (
                len(DIFFERENCE_Q.findall(text)) == 1
                or (TOTAL_Q.search(text) and 2 in items_counted(mentions))
            )
        ):
            # "那科技惠民项目呢？两种差多少" after 应用基础研究项目: this turn's item against the one before
            return Decision("levels", state.rule, [state.rule, own.rule], hits=hits), True
        if own.action == "ask_rule" and state.rule is not None and not read_entities(text, cat).present:
            # close rules for different parties, and this turn names none ("我们今年年度考评还拿了优秀" after
            # 国家级孵化器): the party the conversation is about is the asker still
            party = set(state.rule.beneficiaries) | set(read_entities(state.text, cat).present)
            theirs = [
                h.rule
                for h in hits
                if h.score >= hits[0].score - MARGIN and set(h.rule.beneficiaries) & party
            ]
            if len(theirs) == 1:
                return bound(theirs[0], mentions, hits), True
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
        # "如果设备投了8000万呢" after 第十一条: a follow-up whose figure the conversation's rule has words for,
        # against a weak pick of this turn's own, is that rule's figure
        main = state.rule.main_input if state.rule is not None else None
        cued_here = (
            main is not None
            and own.rule is not state.rule
            and is_follow_up(text)
            and bool(hits)
            # a weak pick: not when the turn names another rule by words of its own ("那军民融合项目投了8000万呢")
            and hits[0].score < FLOOR + MARGIN
            and not any(len(a) >= 3 for a in hits[0].aliases)
            and any(cue_strength(m, main) > 0 for m in mentions.live_amounts)
        )
        stays = stays or cued_here
        # "如果不是军民融合的，就是普通重点行业新建项目呢" after 第五十二条: the turn rules out the rule the
        # conversation is on and names another; the figures said before are that rule's
        if (
            state.rule is not None
            and own.rule is not None
            and own.rule is not state.rule
            and own.action in ("compute", "ask_input")
            and rules_out(state.rule, text, cat)
        ):
            earlier = read_mentions(f"{state.text}，{text}")
            main = own.rule.main_input
            if (
                not mentions.live_amounts
                and not mentions.counts
                and main is not None
                and any(cue_strength(m, main) > 0 for m in earlier.live_amounts)
            ):
                mentions = earlier  # a figure said before whose words name this rule's input (设备和技术投入)
            return bound(own.rule, mentions, hits), True
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
        if (
            not follow
            and own.action == "ask_input"
            and state.asked
            and state.text
            and own.rule is not None
            and not mentions.live_amounts
        ):
            # "是单笔股权投资，我们是股权投资企业" after being asked what "投了1500万" was: that figure, for this rule
            told = bound(own.rule, read_mentions(f"{state.text}，{text}"), hits)
            if told.action == "compute":
                return told, True
        if not follow and own.action == "ask_rule" and state.text:
            # two close rules: the earlier question may say which ("新三板挂牌…" then "首发上市还能补多少")
            hits = rank(self.rule_index, text, mentions, articles=articles, context=state.text)
            joined = decide(hits, f"{state.text} {text}", mentions, cat)
            # one of the close candidates, whether among the rules asked between or as close as they
            # ("我们还是军民融合企业，一共多少" after a listing: the uplift, close to 第五十三条's two)
            close = {h.rule.id for h in own.hits if h.score >= own.hits[0].score - MARGIN}
            settled = joined.rule is not None and (joined.rule in own.rules or joined.rule.id in close)
            if settled and joined.action not in ("ask_rule", "none"):
                return joined, True
        if not follow:
            return (own, False) if own.action != "none" else None

        if (
            own.action == "levels"
            and state.rule is not None
            and all(r in family(state.rule, cat) for r in own.rules)
        ):
            return own, True  # "那国家级的比市级的多多少": the levels of the clause talked about
        if state.rule is not None and (levels := self._other_levels(state.rule, text, mentions)):
            # "那国家级、市级分别多少？" after 省级: the levels this turn names, each (and with a total over
            # as many levels as it counts, "三个级别加一起", the one asked before too)
            return Decision("levels", levels[0], levels, hits=hits), True
        if state.rule is not None and (sibling := self._sibling(state.rule, hits, text)) is not None:
            # "那重点学科的重大课题呢" after 第七条's 应用基础研究: the same clause's other rule, named
            return bound(sibling, mentions, hits), True
        context = swap_level(state.text, text, cat)
        if not mentions.live_amounts and not mentions.counts:
            mentions = read_mentions(f"{context}，{text}")  # "第二十三条呢？" keeps the figure said before
        hits = rank(self.rule_index, text, mentions, articles=articles, context=context)
        joined = decide(hits, f"{context} {text}", mentions, cat)
        if joined.rule is None:
            return None
        kept = next((h for h in hits if h.rule is state.rule), None)
        named = detect_doc(text)  # "那自创区三年行动计划里是怎么写的": that document's statement of it
        elsewhere = named is not None and state.rule is not None and named != state.rule.doc_id
        if (
            state.rule is not None
            and joined.rule is not state.rule
            and not (elsewhere and joined.rule.doc_id == named)
            and kept is not None
            and (kept.score >= hits[0].score - MARGIN or self._says_nothing(own, text, state))
        ):
            # a follow-up whose words leave the conversation's rule as close as any other stays on it
            joined = bound(state.rule, mentions, hits)
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

    def _says_nothing(self, own: Decision, text: str, state: RuleState) -> bool:
        """A turn whose own words pick nothing and say nothing that could move the rule (no figure, party,
        level, nor a "那…呢" of its own: "拿这笔补贴有什么门槛条件？") is about the rule the conversation is on;
        not one naming another document ("可是三年行动计划里写的…")."""
        cat = self.rule_index.cat
        said = read_mentions(text)
        return (
            own.action == "none"
            and not said.live_amounts
            and not said.counts
            and not read_entities(text, cat).present
            and not levels_in(rewrite_query(text), cat)  # 省里批的: 省级
            and not is_follow_up(text)
            and detect_doc(text) in (None, state.rule.doc_id if state.rule else None)
        )

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
        decision.binding.earlier = 1

    def _other_levels(self, current: Rule, text: str, mentions: Mentions) -> list[Rule]:
        """The fixed rules of the current rule's clause at the levels this turn names, when it names two or
        more, or compares one with the level asked before ("那市级的比它少多少")."""
        cat = self.rule_index.cat
        said = set(levels_in(text, cat))
        counted = items_counted(mentions)
        # "国家级的比它多多少，市级的比它少多少" asks two differences: not one comparison
        compared = bool(len(DIFFERENCE_Q.findall(text)) == 1 or (TOTAL_Q.search(text) and 2 in counted))
        if (
            current.kind != "fixed"
            or not said
            or (len(said) < 2 and not compared)
            or len(DIFFERENCE_Q.findall(text)) > 1
        ):
            return []

        def unlevelled(r: Rule) -> str:
            return re.sub("|".join(map(re.escape, level_words(cat))), "", r.title_zh)

        # the same thing at other levels (新获批省级科技企业孵化器 for 国家级's, not 省级备案众创空间)
        kin = family(current, cat)
        named = [
            r
            for r in kin
            if r.kind == "fixed" and level_names(r, cat) & said and unlevelled(r) == unlevelled(current)
        ]
        if {lv for r in named for lv in level_names(r, cat)} & said != said:
            return []  # a level the clause does not give (国家级 of 第九条's labs is 第八条's): asked as before
        if current in named:
            return named if len(said) > 1 else []
        if (compared and len(said) == 1) or (TOTAL_Q.search(text) and len(named) + 1 in counted):
            # compared with, or added to, the level asked before ("三个级别加一起" after two more)
            return [r for r in kin if r is current or r in named]
        return named if len(said) > 1 else []

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
        # named by its ranking, or by a word of its own the current rule lacks ("那这7家企业本身呢？都是头一回
        # 认定" after the incubator's award: 首次认定的高新技术企业)
        ahead = marks[named[0].id] - marks[current.id] >= 2
        return named[0] if score.get(named[0].id, 0.0) >= FLOOR or ahead else None

    # ------------------------------------------------------------------ answers
