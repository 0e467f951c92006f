"""Questions back and what a rule says before an amount is known: which rule, which amount, which case of
one article, a foreign currency, an article cited for another's rule."""

from __future__ import annotations

import re
from typing import Any

from assistant import compose
from assistant.answers.condition_lines import (
    cap_check,
    threshold_lead,
    yes_verdict,
)
from assistant.citations import Citation, unique_citations
from assistant.messages import Answer
from assistant.tools import ToolBox
from assistant.understanding.binding import Binding
from assistant.understanding.conditions import Assessed
from assistant.understanding.family import at_article
from assistant.understanding.margins import MARGIN, STRONG
from assistant.understanding.mentions import CAP_SAID, Mention, Mentions, clause_start, span_number
from assistant.understanding.ranking import rank
from assistant.understanding.rule_index import RuleIndex
from assistant.understanding.topic import beyond_the_rules, outside, rarest, topic
from calculators.amounts import format_wan
from calculators.catalogue import Rule, catalogue
from calculators.describe import headline, summary
from calculators.registry import TOGETHER
from calculators.results import ClauseRef
from calculators.rules_refs import rule_refs
from core.errors import PolicyInputError

# Question-type cue: a figure said of one item ("每笔", "其中一笔", "第一笔"), not of several together.
_TIMES = re.compile(r"(?<!第)(\d+|[两三四五六七八九十]+)\s*次(?!方)")  # "两次", not 次方
_ONE_ITEM = re.compile(r"每|各|其中|[一单第][一二三]?[笔次项]")
ASK_OPTIONS = 4  # input roles named when asking what an amount is
BENEFIT_OPTIONS = 5  # rules named when asking which benefit a vague money question means


class QuestionsBack:
    """Mixed into the Assistant with Verdicts: needs ``self.docs`` and ``self.rule_index``."""

    docs: Any
    retriever: Any
    rule_index: RuleIndex

    def _numbered(
        self, head: str, lines: list[str], tail: str, citations: list[Citation], lang: str
    ) -> Answer:
        """A numbered list of rules under its head, what to say next, and the clauses, verbatim."""
        block = compose.citation_block(citations, self.docs, lang)
        return Answer(answer="\n\n".join([head + "\n" + "\n".join(lines), tail, block]), citations=citations)

    def _foreign(self, m: Mention, lang: str) -> Answer:
        return Answer(
            answer=f"“{m.text}”是外币金额。这些政策按人民币计算，本系统不做汇率换算，请提供人民币金额后再计算。"
            if lang == "zh"
            else f"'{m.text}' is in a foreign currency. The policies are in yuan and no exchange rate is "
            "applied; please give the amount in yuan."
        )

    def _one_place(self, rules: list[Rule], lang: str, tools: ToolBox) -> Answer:
        """Close rules of one article or item, no amount given: each case the text sets out, with its
        conditions, so the one meant is among them; computing still waits for the case and the amount."""
        where = rules[0].where_zh if lang == "zh" else rules[0].where_en
        lines = []
        for i, r in enumerate(rules, 1):
            conditions = "；".join(r.conditions(lang))
            lines.append(
                f"{i}. {r.title(lang)}：{summary(r, lang, tools.today)}"
                + (f"（{conditions}）" if conditions else "")
                if lang == "zh"
                else f"{i}. {r.title(lang)}: {summary(r, lang, tools.today)}"
                + (f" ({conditions})" if conditions else "")
            )
        head = f"{where}分几种情形规定：" if lang == "zh" else f"{where} sets out several cases:"
        tail = (
            "如需计算，请告诉我是哪一种情形和金额。"
            if lang == "zh"
            else "To calculate, tell me which case and the amount."
        )
        # each case's whole sentence: its conditions (连续3至5年) are read out with it
        citations = unique_citations(
            [tools.cite(_sentence(ref, self.docs)) for r in rules for ref in rule_refs(r)[:1]]
            + [tools.cite(ref) for r in rules for ref in rule_refs(r)[1:]]
        )
        return self._numbered(head, lines, tail, citations, lang)

    def _ask_which(self, rules: list[Rule], lang: str, tools: ToolBox, head: str | None = None) -> Answer:
        options = [
            f"{i}. {r.title(lang)}（{r.where_zh}）：{summary(r, lang)}"
            if lang == "zh"
            else f"{i}. {r.title(lang)} ({r.where_en}): {summary(r, lang)}"
            for i, r in enumerate(rules, 1)
        ]
        head = head or (
            "您问的是哪一项？以下条款都可能相关：" if lang == "zh" else "Which of these do you mean?"
        )
        tail = (
            "请告诉我是哪一项（以及计算所需的金额），我再按条款计算。"
            if lang == "zh"
            else ("Tell me which one (and the amount it needs) and I will calculate it.")
        )
        citations = unique_citations([tools.cite(ref) for r in rules for ref in rule_refs(r)])
        return self._numbered(head, options, tail, citations, lang)

    def _ask_which_benefit(self, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """A money question that names no rule ("那个补贴最多给多少", "我们单位刚拿到认定了，能补多少钱"): asked
        which, naming the rules its words fit, or the measures' chapters when it says nothing more. None when
        it is about something no rule uses (个人所得税, 买房): that is declined, not asked about."""
        vocabulary = self.rule_index.bm25.idf
        said = topic(text, vocabulary)
        if outside(said, vocabulary) or beyond_the_rules(text, vocabulary):
            return None
        word = rarest(said, vocabulary)
        if word is None:
            return self._ask_chapter(lang)
        ranked = self.rule_index.search(text, k=len(self.rule_index.rules))
        # rules named by the word (their titles and aliases) before rules whose clause only mentions it
        fitting = sorted(
            (h.rule for h in ranked if self.rule_index.uses(h.rule, word)),
            key=lambda r: not any(word in n for n in (r.title_zh, *r.aliases)),
        )
        options: list[Rule] = []
        for r in fitting:
            if all(o.where_zh != r.where_zh for o in options):  # one option per article or item
                options.append(r)
            if len(options) == BENEFIT_OPTIONS:
                break
        if not options:
            return self._ask_chapter(lang)
        head = (
            f"您说的“{word}”涉及多项补助或奖励，请问是哪一项？例如："
            if lang == "zh"
            else f"'{word}' comes up in several subsidies and rewards; which one do you mean? For example:"
        )
        return self._ask_which(options, lang, tools, head=head)

    def _ask_chapter(self, lang: str) -> Answer:
        """Which benefit, with nothing to narrow it: the measures' chapters that pay them, as a map."""
        first_article: dict[str, int] = {}  # each chapter paying a rule, by its first article
        doc_id = ""
        for r in catalogue():
            if r.article is None:
                continue  # the measures number articles; the other documents' items sit under no chapter
            try:
                passage = self.retriever.lookup.get(r.doc_id, r.article)
            except PolicyInputError:
                continue
            doc_id = r.doc_id
            if chapter := passage.section.split(" > ")[0]:
                first_article[chapter] = min(first_article.get(chapter, r.article), r.article)
        lines = "\n".join(f"- {c}" for c in sorted(first_article, key=first_article.__getitem__))
        title = self.docs[doc_id].meta["title"] if doc_id else ""
        if lang == "zh":
            text = (
                "您问的是哪一项补助或奖励？四份文件规定的补助、奖励有很多项，金额各不相同。"
                "请说明是哪一类事项（例如哪一种认定、什么项目或投资）以及相关金额，我再按条款计算。\n\n"
                f"《{title}》按章规定：\n{lines}"
            )
        else:
            text = (
                "Which subsidy or reward do you mean? The four documents set out many, each with its own amount. "
                "Tell me what it is for (which recognition, what project or investment) and the amount, and I "
                f"will apply the matching article.\n\nThe chapters of the measures (《{title}》):\n{lines}"
            )
        return Answer(answer=text)

    def _split_untold(self, rule: Rule, mentions: Mentions, lang: str, tools: ToolBox) -> Answer | None:
        """One figure told as the sum of several items ("一共投了3000万，分了两笔") under a rule computed item by
        item (单笔 tiers and caps): how it splits changes the sum, so each item's figure is asked."""
        main = rule.main_input
        live = [m for m in mentions.live_amounts if not m.condition]
        if (
            main is None
            or main.unit != "yuan"
            or len(live) != 1
            or not any(c.scope == "single" for c in rule.caps)
        ):
            return None
        figure = live[0]
        cap = next(c for c in rule.caps if c.scope == "single")
        per = f"{cap.scope_zh} {main.role_zh}"  # what the cap is per (单笔, 单项), not 单个企业
        # times said of the item (分两次投资, 两次研讨会) count items too: 次 of an investment is a 笔
        times = [
            (value, t.start(), "次")
            for t in _TIMES.finditer(mentions.text)
            if (value := span_number(t.group(1))) is not None
        ]
        counted = [(c.value, c.start, c.text[-1]) for c in mentions.counts] + times
        items = [
            (value, start, "笔" if unit == "次" and "次" not in per else unit)
            for value, start, unit in counted
            if unit in "笔次项" and value >= 2 and abs(start - figure.start) <= 15
        ]
        items = [i for i in items if i[2] in per]
        told = mentions.text[clause_start(mentions.text, figure.start) : figure.start]
        if not items or _ONE_ITEM.search(told):
            return None  # "每笔1500万", "其中一笔3000万": the figure is one item's
        said = mentions.text[clause_start(mentions.text, items[0][1]) :]
        if "多少" in re.split(r"[，,。；;？?！!]", said)[0]:
            return None  # "两笔加起来一共多少": the count is of the items asked about, told one by one
        n, unit = int(items[0][0]), items[0][2]
        citations = unique_citations([tools.cite(ref) for ref in rule_refs(rule)])
        text = (
            f"您说的{figure.text}是{n}{unit}的合计；{rule.where_zh}按{main.role_zh}逐{unit}计算（{cap.scope_zh or '单笔'}"
            f"上限{format_wan(cap.amount.at(tools.today))}），各{unit}金额不同，结果也不同。请告诉我每一{unit}各是多少。"
            if lang == "zh"
            else f"You give {figure.text} as the total of {n} items; {rule.where_en} computes on each item's "
            f"{main.role_en} separately (cap per item), so the split changes the result. Please give each "
            "item's amount."
        )
        return Answer(
            answer=f"{text}\n\n{headline(rule, lang)}\n\n"
            + compose.citation_block(citations, self.docs, lang),
            citations=citations,
        )

    def _ask_amount(self, rule: Rule, binding: Binding, lang: str, tools: ToolBox) -> Answer:
        role = rule.main_input
        figures = "、".join(m.text for m in binding.unclear)
        if lang == "zh":
            text = f"{headline(rule, lang)}\n\n您提到了{figures}，请问哪一个是“{role.role_zh if role else '计算基数'}”？"
        else:
            text = f"{headline(rule, lang)}\n\nYou mention {figures}; which one is the {role.role_en if role else 'base'}?"
        # the rule's rates and caps are quoted from every clause stating them, so each figure is traced
        citations = unique_citations([tools.cite(ref) for ref in rule_refs(rule)])
        return Answer(
            answer=text + "\n\n" + compose.citation_block(citations, self.docs, lang), citations=citations
        )

    def _misplaced_article(
        self, text: str, mentions: Mentions, articles: list[tuple[str, int]]
    ) -> tuple[tuple[str, int], Rule] | None:
        """ "第十条说引进的重点研发机构…": the question cites one article but plainly describes a rule of
        another article of the same document — the article cited, and the rule described."""
        if len(articles) != 1:
            return None
        free = rank(self.rule_index, text, mentions)
        if not free or free[0].score < STRONG or at_article(free[0].rule, articles):
            return None
        cited = max((h.score for h in free if at_article(h.rule, articles)), default=0.0)
        if free[0].rule.doc_id != articles[0][0] or cited >= free[0].score - MARGIN:
            return None
        return articles[0], free[0].rule

    def _with_misplaced(
        self,
        answer: Answer | None,
        misplaced: tuple[tuple[str, int], Rule] | None,
        lang: str,
        tools: ToolBox,
    ) -> Answer | None:
        """The answer for the rule described, led by where it really is and what the cited article says."""
        if answer is None or misplaced is None:
            return answer
        (doc_id, number), described = misplaced
        cited = [r for r in self.rule_index.cat if at_article(r, [(doc_id, number)])]
        if not cited:
            return answer
        zh = lang == "zh"
        said = "、".join(r.title_zh if zh else r.title_en for r in cited[:2])
        answer.answer = (
            f"注意：{cited[0].where_zh}规定的是{said}，不是您描述的内容；您说的应是{described.where_zh}"
            f"（{described.title_zh}）。\n"
            if zh
            else f"Note: {cited[0].where_en} is about {said}, not what you describe; that is {described.where_en} "
            f"({described.title_en}).\n"
        ) + answer.answer
        ref = ClauseRef.of(cited[0].doc_id, cited[0])
        answer.citations = unique_citations([*answer.citations, tools.cite(ref)])
        return answer

    def _ask_what_for(self, mentions: Mentions, lang: str, ranked: list[Rule] | None = None) -> Answer:
        """An amount with no rule plainly meant: ask what it is, naming the likeliest rules' own input roles."""
        figure = mentions.live_amounts[0].text
        options: list[Rule] = []
        for r in ranked or []:
            main = r.main_input
            known = {o.main_input.role_zh for o in options if o.main_input}
            if main is not None and main.unit == "yuan" and main.role_zh not in known:
                options.append(r)
            if len(options) == ASK_OPTIONS:
                break
        if not options:
            return Answer(
                answer=f"您说的“{figure}”是指哪项政策的金额？请说明它是什么费用或投入、属于哪类项目，我再按条款计算。"
                if lang == "zh"
                else f"What does '{figure}' refer to? Tell me what the amount is (which cost or investment, what kind "
                "of project) and I will apply the matching article."
            )
        zh = lang == "zh"
        lines = "\n".join(
            f"- {r.main_input.role_zh}（{r.where_zh} {r.title_zh}）"
            if zh
            else f"- {r.main_input.role_en} ({r.where_en}, {r.title_en})"
            for r in options
            if r.main_input
        )
        text = (
            f"您说的“{figure}”是指哪一项？例如：\n{lines}\n请说明金额的性质和项目类别，我再按对应条款计算。"
            if zh
            else f"What does '{figure}' refer to? For example:\n{lines}\nTell me which, and I will apply that article."
        )
        return Answer(answer=text)

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
        base: Rule | None = None,
    ) -> Answer:
        """The rule in one line from the data, what it still needs, its conditions and verbatim clauses.
        ``base``: for a rule raising another one's sum (第五十四条), the base the conversation is about: its
        threshold leads and its conditions come first (they must be met for there to be a sum to raise)."""
        citations = unique_citations([tools.cite(ref) for ref in rule_refs(rule)])
        verdict = ""
        if yes:  # "能申请吗": yes only as far as the text's conditions go, and they are listed below
            verdict = yes_verdict(rule, met or [], lang)
        partners = [
            catalogue().get(i) for ids in TOGETHER.values() if rule.id in ids for i in ids if i != rule.id
        ]
        parts = [verdict + "\n".join(headline(r, lang) for r in [rule, *partners])]
        citations = unique_citations(citations + [tools.cite(ref) for r in partners for ref in rule_refs(r)])
        stated_cap = (
            next((c for c in claims.claims if CAP_SAID.search(c.before[-20:])), None) if claims else None
        )
        if stated_cap is not None and rule.caps:
            parts.insert(0, cap_check(rule, stated_cap, lang, tools.today))  # "单笔奖励上限是500万，对吧"
        elif claims is not None and claims.claims:
            c = claims.claims[0]
            parts.append(
                f"您提到的“{c.text}”无法核对：还缺计算所需的金额。"
                if lang == "zh"
                else f"The figure '{c.text}' cannot be checked without the base amount."
            )
        need = claims.missing if claims and claims.missing else rule.main_input
        if ask and need is not None:
            if claims is not None and claims.rough and need.unit == "yuan":
                rough = claims.rough[0].text
                parts.append(
                    f"您说的“{rough}”不是确切金额，按它计算会得出不准确的数字。"
                    if lang == "zh"
                    else f"'{rough}' is not an exact amount; a figure computed from it would not be accurate."
                )
            money = need.unit == "yuan"
            how_zh = "（写成“万元”或“元”均可）" if money else ""
            how_en = " (in yuan or 万元)" if money else ""
            parts.append(
                f"请提供{need.role_zh}{how_zh}，我按{rule.where_zh}计算。"
                if lang == "zh"
                else f"Please give the {need.role_en or need.name}{how_en} and I will apply {rule.where_en}."
            )
        conditions = list(rule.conditions(lang))
        if base is not None:
            parts.insert(0, threshold_lead(base, lang, tools.today) + headline(base, lang))
            conditions = [*base.conditions(lang), *(c for c in conditions if c not in base.conditions(lang))]
        if conditions:
            parts.append(compose.list_block("Conditions:" if lang == "en" else "需满足的条件：", conditions))
        warnings = []
        from calculators.validity import validity_note

        note = validity_note(rule, tools.today, lang)
        if note:
            tools.policy_validity(rule.doc_id)
            warnings.append(note)
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", warnings))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)


def _sentence(ref: ClauseRef, docs: Any) -> ClauseRef:
    """The whole sentence of the document that holds the clause."""
    text = docs[ref.doc_id].text
    at = text.find(ref.quote)
    if at < 0:
        return ref
    start = max(text.rfind(p, 0, at) for p in "。；\n") + 1
    ends = [e for e in (text.find(p, at + len(ref.quote)) for p in "。；\n") if e >= 0]
    quote = text[start : min(ends) if ends else len(text)].strip()
    return ClauseRef(ref.doc_id, ref.article, ref.item, quote)
