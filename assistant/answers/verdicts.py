"""Verdicts: the rule is for someone else or for a party in Dalian, a condition or threshold is not met, a
defined term's kinds are denied, a sum in another currency than the threshold's."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from assistant import compose
from assistant.answers.condition_lines import condition_en, threshold_shown
from assistant.answers.locality import OTHER_PLACE, Locality
from assistant.citations import Citation, unique_citations
from assistant.intent import MONEY_Q
from assistant.messages import Answer
from assistant.query_rewrite import GLOSSARY, rewrite_query
from assistant.tools import ToolBox
from assistant.understanding.conditions import Assessed, ShortOfTerm
from assistant.understanding.cues import meets
from assistant.understanding.decide import levels_not_paid
from assistant.understanding.entities import levels_in, read_entities, same_kind
from assistant.understanding.margins import FLOOR, MARGIN
from assistant.understanding.mentions import Mention, read_mentions
from assistant.understanding.ranking import level_names, rank
from assistant.understanding.rule_index import RuleIndex
from calculators.amounts import format_wan
from calculators.catalogue import Rule, Threshold
from calculators.describe import summary
from calculators.results import ClauseRef
from calculators.rules_refs import rule_refs


class Verdicts(Locality):
    """Mixed into the Assistant with RuleAnswers: needs ``self.docs`` and ``self.rule_index``."""

    docs: Any
    rule_index: RuleIndex

    def _cited(self, head: str, citations: list[Citation], lang: str) -> Answer:
        """A verdict: its first line, then the clauses it rests on, verbatim."""
        return Answer(
            answer=head + "\n\n" + compose.citation_block(citations, self.docs, lang), citations=citations
        )

    def _not_for_you(
        self, rule: Rule, entities: Any, lang: str, tools: ToolBox, text: str = ""
    ) -> Answer | None:
        """A verdict when the asker says what they are (or are not) and the rule is for someone else."""
        negated = [b for b in rule.beneficiaries if b in entities.negated]
        own = [e for e in entities.own if e != "企业"]
        named = set(entities.present) & set(rule.beneficiaries)  # a party the rule pays is in the question
        if not negated and not own and not named and "企业" not in rule.beneficiaries:
            # "我们是融资租赁公司": a kind of party none of the rule's beneficiaries covers
            declared = _DECLARED.search(text)
            if declared and not set(read_entities(declared.group(1), self.rule_index.cat).present) - {"企业"}:
                if not _third_party_asked(rule, text, self.rule_index.cat):
                    return self._not_listed(rule, declared.group(1), lang, tools)
        if not negated and not (
            own and not set(own) & set(rule.beneficiaries) and "企业" not in rule.beneficiaries
        ):
            return None
        if set(entities.own) & set(rule.beneficiaries) and not negated:
            return None
        if not negated and _third_party_asked(rule, text, self.rule_index.cat):
            return (
                None  # "…我们机构能拿多少？参与的技术经纪人又能拿多少": the broker's share is asked, not ours
            )
        who = "、".join(rule.beneficiaries)
        why = f"您不是{'、'.join(negated)}" if negated else f"您是{'、'.join(own)}"
        en = self.rule_index.cat.beneficiary_en
        why_en = (
            f"you are not {_a(', '.join(map(en, negated)))}"
            if negated
            else f"you are {_a(', '.join(map(en, own)))}"
        )
        citations = [tools.cite(ClauseRef.of(rule.doc_id, rule))]
        head = (
            f"{'不适用' if negated else '不符合'}：{rule.where_zh}（{rule.title_zh}）面向{who}，{why}，不能申请这一项。"
            if lang == "zh"
            else f"Not applicable: {rule.where_en} ({rule.title_en}) is for "
            f"{', '.join(map(en, rule.beneficiaries))}; {why_en}, so it does not apply."
        )
        return self._cited(head, citations, lang)

    def _excluded(self, rule: Rule, entities: Any, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """The asker is of a kind the clause itself leaves out (技术转移服务机构（不含大连高校院所）): a
        verdict quoting those words, and the rule that does pay the asker's kind, if the question names one."""
        kinds = [b for b in rule.excludes if b in entities.own]
        if not kinds or not rule.excludes_zh:
            return None
        if rule.excludes_local and OTHER_PLACE.search(_askers_clause(text) or text):
            # the clause leaves out Dalian's own; one from elsewhere is not among them (the asker's own
            # clause tells where they are: "帮外地高校…" places a partner, not the asker)
            return None
        if _third_party_asked(rule, text, self.rule_index.cat):
            return None  # "…这家技术转移机构能拿多少补助": the agency's sum is asked, not the asker's
        quote = next(t for t in rule.texts_zh if rule.excludes_zh in t)
        citations = [tools.cite(ClauseRef(rule.doc_id, rule.article, rule.item, quote))]
        head = (
            f"不适用：{rule.where_zh}（{rule.title_zh}）写明“{rule.excludes_zh}”，您是{'、'.join(kinds)}，"
            "不能按这一条申请。"
            if lang == "zh"
            else f"Not applicable: {rule.where_en} ({rule.title_en}) leaves out "
            f"{'; '.join(map(self.rule_index.cat.beneficiary_en, kinds))} "
            f"(“{rule.excludes_zh}”), which you are."
        )
        # the rule paying the asker's kind for what the left-out rule is about: ranked on the question
        # with that rule's conditions, a clear first among the rules that pay the kind
        about = f"{text} {' '.join(rule.conditions_zh)}"
        paying = [
            h
            for h in rank(self.rule_index, about, read_mentions(about))
            if h.rule is not rule and set(h.rule.beneficiaries) & set(kinds)
        ]
        clear = paying and paying[0].score >= FLOOR
        if clear and len(paying) > 1 and paying[0].score - paying[1].score < MARGIN:
            clear = False
        instead = paying[0].rule if clear else None
        if instead is not None:
            head += (
                f"\n可改按{instead.where_zh}（{instead.title_zh}）：{summary(instead, lang, tools.today)}。"
                if lang == "zh"
                else f"\nUnder {instead.where_en} ({instead.title_en}): {summary(instead, lang, tools.today)}."
            )
            citations.append(tools.cite(ClauseRef.of(instead.doc_id, instead)))
        return self._cited(head, citations, lang)

    def _not_listed(self, rule: Rule, party: str, lang: str, tools: ToolBox) -> Answer:
        citations = [tools.cite(ClauseRef.of(rule.doc_id, rule))]
        who = "、".join(rule.beneficiaries)
        head = (
            f"不符合：{rule.where_zh}（{rule.title_zh}）面向{who}；您说的“{party}”不在所列对象中，不能申请这一项。"
            if lang == "zh"
            else f"Not eligible: {rule.where_en} ({rule.title_en}) is for "
            f"{', '.join(map(self.rule_index.cat.beneficiary_en, rule.beneficiaries))}; '{party}' is not among them."
        )
        return self._cited(head, citations, lang)

    def _other_level(self, rule: Rule, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """The asker's designation is at a level the rule does not pay, and at none it does ("我们只是省级
        技术创新示范企业，不是国家级的": 第三十条 pays the national one only): a verdict, not the sum."""
        cat = self.rule_index.cat
        lacking = levels_not_paid(text, [rule], cat)
        # the rule's levels of the kind the asker's is (国家级 against 省级; not 示范, a word of its title)
        own = {lv for lv in level_names(rule, cat) if any(same_kind(lv, x, cat) for x in lacking)}
        if not own or set(levels_in(rewrite_query(text), cat)) & own:
            return None
        names = [a for a in (rule.title_zh, *rule.aliases) if len(a) >= 3 and not a.isascii()]
        leveled = [n for n in names if any(lv.removesuffix("级") in n for lv in own)]  # 国家技术创新示范企业
        if any(f"{lv}以上" in rule.clause for lv in own) or any(n in text for n in leveled):
            return (
                None  # 省级以上 pays the higher levels too; the rule's name with its level said is that level
            )
        # the level is said of the rule's designation itself ("省级技术创新示范企业"), not of something else
        bare = {re.sub("|".join(map(re.escape, own)), "", n).lstrip("级的") for n in names}
        # in English, the level word within a few words before the designation's last two words
        tails = {
            " ".join(a.lower().split()[-2:]) for a in rule.aliases if a.isascii() and len(a.split()) >= 2
        }
        low = text.lower()
        lacking = [
            lv
            for lv in lacking
            if any(b and f"{lv}{b}" in text for b in bare)
            or any(
                re.search(rf"\b{re.escape(_level_en([lv]))}\b(?:\W+\w+){{0,3}}?\W+{re.escape(t)}", low)
                for t in tails
            )
        ]
        if not lacking:
            return None
        citations = [tools.cite(ClauseRef.of(rule.doc_id, rule))]
        head = (
            f"不符合：{rule.where_zh}（{rule.title_zh}）只适用于{'、'.join(sorted(own))}；"
            f"您说的是{'、'.join(lacking)}，不能申请这一项。"
            if lang == "zh"
            else f"Not eligible: {rule.where_en} ({rule.title_en}) is for the {_level_en(own)} level only; "
            f"you describe the {_level_en(lacking)} level, so it does not apply."
        )
        return self._cited(head, citations, lang)

    def _below_threshold(self, rule: Rule, m: Mention, t: Threshold, lang: str, tools: ToolBox) -> Answer:
        """A figure the question gives for a rule's threshold falls short of it: a verdict, no amount."""
        citations = [tools.cite(ref) for ref in rule_refs(rule)]
        shown = threshold_shown(t, t.amount.at(tools.today), lang)
        word = "以上" if t.op == "min" else "以内"
        missed = "未达到" if t.op == "min" else "已超出"
        head = (
            f"不符合：{rule.where_zh}（{rule.title_zh}）要求{t.role_zh}在{shown}{word}，您说的“{m.text}”{missed}，"
            "不能按这一条申请。"
            if lang == "zh"
            else f"Not eligible: {rule.where_en} ({rule.title_en}) requires {t.role_en or t.role_zh} of "
            f"{'at least' if t.op == 'min' else 'at most'} {shown}; the '{m.text}' you mention does not meet it."
        )
        return self._cited(head, citations, lang)

    def _other_currency(self, rule: Rule, m: Mention, t: Threshold, lang: str, tools: ToolBox) -> Answer:
        """A sum in yuan for a threshold the rule states in another currency: no rate is assumed, so the
        threshold is named in its own currency and what the rule gives either way (融资2000万人民币 against
        1000万美元以上)."""
        citations = [tools.cite(ref) for ref in rule_refs(rule)]
        limit = t.amount.at(tools.today)
        currency = {"usd": ("美元", "USD")}.get(t.unit, (t.unit.upper(), t.unit.upper()))
        gives = summary(rule, lang, tools.today)
        if lang == "zh":
            head = (
                f"需先确认：{rule.where_zh}（{rule.title_zh}）要求{t.role_zh}在"
                f"{format_wan(limit).removesuffix('元')}{currency[0]}以上，按{currency[0]}计；"
                f"您说的“{m.text}”是人民币金额，不能直接对照。请按融资时的汇率折算成{currency[0]}："
                f"达到的，可获{gives}；达不到的，不能按这一条申请。"
            )
        else:
            head = (
                f"First check: {rule.where_en} ({rule.title_en}) requires {t.role_en or t.role_zh} of at least "
                f"{currency[1]} {limit:,.0f}; the '{m.text}' you mention is in yuan and cannot be compared "
                f"directly. Convert it at the rate of the day: if it reaches the threshold, it gives {gives}; "
                "if not, this rule does not apply."
            )
        return self._cited(head, citations, lang)

    def _lower_tier(self, rule: Rule, m: Mention, short: Threshold) -> Rule | None:
        """The rule of the same kind, on the same input, whose threshold for the same quantity the figure
        meets — the highest such tier (重大项目 1000万以上 → 重点项目 200万以上)."""
        main = rule.main_input
        if main is None:
            return None
        best: tuple[Decimal, Rule] | None = None
        for r in self.rule_index.cat:
            if (
                r is rule
                or r.kind != rule.kind
                or r.main_input is None
                or r.main_input.role_zh != main.role_zh
            ):
                continue
            for t in r.thresholds:
                if (
                    t.role_zh == short.role_zh
                    and t.unit == short.unit
                    and t.op == short.op
                    and meets(m.value, t)
                ):
                    level = t.amount.at(None)
                    if best is None or level > best[0]:
                        best = (level, r)
        return best[1] if best else None

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
        return self._cited(head, citations, lang)

    def _short_of_term(self, rule: Rule, short: ShortOfTerm, lang: str, tools: ToolBox) -> Answer:
        """The rule needs a party of a defined kind (科技创新企业, 第三十七条) and the question denies the kinds
        it covers: the verdict, the definition and what would still qualify."""
        term = short.term
        citations = unique_citations(
            [
                *(tools.cite(ref) for ref in rule_refs(rule)),
                tools.cite(ClauseRef.of(rule.doc_id, term)),
            ]
        )
        members = "、".join(term.members)
        denied = "、".join(short.denied)
        if lang == "zh":
            head = (
                f"不符合：{rule.where_zh}（{rule.title_zh}）针对的是{term.term}；按{term.where_zh}，"
                f"{term.term}是指{members}。您说不是{denied}，不能按这一条申请。"
                if not short.rest
                else f"需先满足：{rule.where_zh}（{rule.title_zh}）针对的是{term.term}；按{term.where_zh}，"
                f"{term.term}是指{members}。您说不是{denied}；若也不是{'、'.join(short.rest)}，则不能按这一条申请。"
            )
        else:
            unless = f" If it is not a {', '.join(short.rest)} either, " if short.rest else " So "
            head = (
                f"{'Not applicable' if not short.rest else 'First check'}: {rule.where_en} ({rule.title_en}) "
                f"is for a {term.term}, which {term.where_en} defines as: {members}. You say it is not a "
                f"{', '.join(short.denied)}.{unless}this rule does not apply."
            )
        return self._cited(head, citations, lang)


# The asker naming their own kind of party ("我们是融资租赁公司", "我司是一家会计师事务所").
_DECLARED = re.compile(
    r"(?:我们|我司|本公司|我们公司|我们单位|咱们)(?:就|也|都)?是(?:一家|一个|一所|家|个)?"
    r"([\u4e00-\u9fff]{2,10}?(?:公司|机构|企业|中心|协会|银行|大学|学院|医院|事务所))"
)
# Question-type cue: the asker speaks of themselves.
_FIRST_PERSON = re.compile(r"我|本公司|本单位|咱|\b(?:we|us|our|i|me|my)\b", re.IGNORECASE)


_SUBJECT = re.compile(r"能|可以|可|拿|获|领|有|会|按|是")  # a Chinese clause's subject ends at its first verb


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _third_party_asked(rule: Rule, text: str, cat: Any) -> bool:
    """The sentence that asks names the rule's own beneficiary and not the asker: the amount asked is that
    party's ("How much reward does the university get?"), whoever the asker is."""
    sentences = [s for s in re.split(r"[。？?！!；;]|\.\s", text) if s.strip()]
    if not sentences:
        return False
    # the asker's own party named as theirs ("我们备了案的技术经纪人", "our brokers") is still a third party
    words = [re.escape(w) for b in rule.beneficiaries for w in (b, *cat.beneficiary_words.get(b, ()))]
    theirs = re.compile(
        r"(?:我们|我司|咱们|our|my)(?:[^，,。]{0,6}?(?:的|\s)|那个|这个|那位|这位|那些|这些)"
        r"(?=[^，,。]{0,4}?(?:" + "|".join(words) + "))",
        re.IGNORECASE,
    )

    def about_them(asked: str) -> bool:
        return bool(
            set(read_entities(asked, cat).present) & set(rule.beneficiaries)
        ) and not _FIRST_PERSON.search(theirs.sub("", asked))

    last = sentences[-1]
    if about_them(last):
        return True
    own = theirs.sub("", re.split(r"[，,]", last.strip())[-1])
    if _FIRST_PERSON.search(own) and MONEY_Q.search(own):
        return False  # the last question asks the asker's own sum ("我们企业自己能拿多少补偿")
    # the subject of the asking clause of a question ("银行给我们放的贷款坏账了，银行能拿到补偿吗？我们算…吗"),
    # not a party named after the verb ("能按技术转移机构那条拿3%吗" is still the asker's)
    asked = [m.group(1) for m in re.finditer(r"([^。？?！!；;]+)[？?]", text)]
    return any(about_them(_SUBJECT.split(re.split(r"[，,]", s.strip())[-1], maxsplit=1)[0]) for s in asked)


_ASKER = re.compile(r"我们|我司|本单位|本公司|咱们|作为|we are|we're|our ", re.IGNORECASE)


def _askers_clause(text: str) -> str:
    """The clause in which the asker says who they are ("我们是大连本地一所高校的技术转移办公室"), or ""."""
    m = _ASKER.search(text)
    if m is None:
        return ""
    start = max(text.rfind(p, 0, m.start()) for p in "，。；,;！？!?") + 1
    end = min((i for i in (text.find(p, m.end()) for p in "，。；,;！？!?") if i >= 0), default=len(text))
    return text[start:end]


def _level_en(levels: Any) -> str:
    """Level words in English, from the glossary's English terms for them (国家级 → national-level)."""
    english: dict[str, str] = {}
    for en, zh in GLOSSARY:
        if en.isascii():
            english.setdefault(zh, en)  # the glossary's first English term for it
    return " / ".join(english.get(lv, lv).removesuffix("-level") for lv in sorted(levels))
