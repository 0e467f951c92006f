"""Calculation answers: one rule computed from role-bound inputs, several figures or parts, their total
or difference, each with its steps, conditions and the clauses quoted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from assistant import compose
from assistant.answers.condition_lines import cap_check
from assistant.answers.headlines import calc_headline, fixed_line, other_shares, parties
from assistant.answers.totals import parts_of, rule_titled
from assistant.citations import unique_citations
from assistant.intent import CHANGE_FIGURES, DIFFERENCE_Q, TOTAL_Q, difference_asked
from assistant.messages import Answer
from assistant.tools import ToolBox
from assistant.understanding.binding import Binding, same_amount
from assistant.understanding.entities import levels_in, read_entities
from assistant.understanding.margins import FLOOR, MARGIN
from assistant.understanding.mentions import CAP_SAID, SPAN, Mention, Mentions, clause_start, span_number
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import Rule, catalogue
from calculators.combine import Part, terms_of
from calculators.describe import headline
from calculators.registry import call_for
from calculators.results import CalculationResult, ClauseRef
from core.errors import PolicyInputError


class Calculations:
    """Mixed into the Assistant with RuleAnswers: needs ``self.docs`` and ``self.rule_index``."""

    docs: Any
    rule_index: RuleIndex

    def _thresholds(self, rule: Rule, inputs: dict[str, Any] | None = None) -> list[Any]:
        """The thresholds a rule states, with those of the rule it raises or completes."""
        cat = self.rule_index.cat
        chosen = [v for v in (inputs or {}).values() if isinstance(v, str) and v in rule.base_rules]
        related = chosen or [*rule.base_rules, *([rule.target] if rule.target else [])]
        return [t for r in [rule, *(cat.get(i) for i in related)] for t in r.thresholds]

    def _base_rule(self, rule: Rule, text: str) -> Rule:
        """For a rule raising another one (第五十四条), the base the question is about."""
        bases = [self.rule_index.cat.get(b) for b in rule.base_rules]
        hits = self._base_scores(text)
        return max(bases, key=lambda r: (hits.get(r.id, 0.0), -bases.index(r)))

    def _named_base(self, rule: Rule, text: str) -> Rule | None:
        """The base the words name, ahead of the other bases by the margin; None when they name none."""
        hits = self._base_scores(text)
        scored = sorted((hits.get(b, 0.0), b) for b in rule.base_rules)
        if (
            not scored
            or scored[-1][0] < FLOOR
            or (len(scored) > 1 and scored[-1][0] < scored[-2][0] + MARGIN)
        ):
            return None
        return self.rule_index.cat.get(scored[-1][1])

    def _base_scores(self, text: str) -> dict[str, float]:
        return {
            h.rule.id: h.score
            for h in self.rule_index.search(text, k=len(self.rule_index.rules), dense=False)
        }

    def _each_item(self, rule: Rule, binding: Binding, text: str, lang: str, tools: ToolBox) -> Answer:
        """Several listed figures for one rule ("三个合同：300万、1500万、800万"): each computed under its
        per-item cap, in order, what earlier items gave counting against an annual or cumulative cap."""
        main = rule.main_input
        assert main is not None
        prior = next((i for i in rule.inputs if i.prior), None)
        received = Decimal(str(binding.inputs.get(prior.name, 0))) if prior else Decimal(0)
        # only a cap a year or over the project is shared by the items; one per contract or project is not
        shared = any(c.scope in ("annual", "cumulative") for c in rule.caps)
        answers: list[Answer] = []
        repeats: list[int] = []
        for value in binding.items:
            inputs = {**binding.inputs, main.name: value}
            if prior is not None and received:
                inputs[prior.name] = received
            one = self._compute(rule, Binding(inputs=inputs), text, lang, tools)
            label = compose.money(value) if lang == "zh" else compose.money_en(value)
            one.answer = f"{label} → {one.answer}"
            if answers and one.answer.split("\n", 1)[0] == answers[-1].answer.split("\n", 1)[0]:
                repeats[-1] += 1  # the same item again ("每笔3000万"): counted on its line, not repeated
            else:
                answers.append(one)
                repeats.append(1)
            if tools.results and not binding.separate and shared:  # separate units do not share a cap
                received += tools.results[-1].amount_yuan
        for one, n in zip(answers, repeats, strict=True):
            if n > 1:
                head, _, body = one.answer.partition("\n")
                one.answer = f"{head}（{n}笔/项相同）\n{body}" if lang == "zh" else f"{head} (× {n})\n{body}"
        joined = self._joined(answers, lang)
        if binding.latest and tools.results:
            # one period asked about: its amount leads, after what the earlier periods took of the cap
            m = compose.money if lang == "zh" else compose.money_en
            last = tools.results[-1].amount_yuan
            earlier = received - last
            joined.answer = (
                f"{binding.latest}最高可获{m(last)}（此前各期按条款可得{m(earlier)}，已计入{rule.where_zh}的累计上限）。\n"
                if lang == "zh"
                else f"The {binding.latest}: up to {m(last)} (the earlier periods' {m(earlier)} counts "
                f"against the cumulative cap of {rule.where_en}).\n"
            ) + joined.answer
        return joined

    def _times(
        self, answer: Answer, n: int, text: str, lang: str, tools: ToolBox, first: int, *, years: bool = False
    ) -> Answer:
        """A fixed sum paid per item (or per year), and the number the question states: the total leads."""
        results = [r for r in tools.results[first:] if r.steps]
        parts = parts_of(results, lang)
        if len(parts) != 1 or len(results) != 1:
            return answer
        term = results[0].breakdown.get("term_total_yuan")
        if term is not None and not _A_YEAR.search(text):  # 每年…连续支持3年: an item's total is its term's
            parts = [replace(parts[0], amount_yuan=Decimal(term))]
        result = tools.total(parts * n, lang)
        word = ("最高" if lang == "zh" else "up to ") if result.is_maximum else ""
        terms = terms_of(parts * n, compose.money if lang == "zh" else compose.money_en)
        total = compose.money(result.amount_yuan) if lang == "zh" else compose.money_en(result.amount_yuan)
        head = f"合计{word}{total}（{terms}）。" if lang == "zh" else f"In total {word}{total} ({terms})."
        if years:  # the years are the asker's supposition: the clause pays each year and states no term
            head += (
                "年数按您说的计算，原文未规定支持年限。"
                if lang == "zh"
                else " The years are yours; the clause states no term."
            )
        answer.answer = head + "\n" + answer.answer
        return answer

    def _sum_line(self, parts: list[Part], lang: str, tools: ToolBox, what_zh: str, what_en: str) -> str:
        """ "本次合计最高X（a + b × 2）": the parts added by the total calculator, as one phrase."""
        m = compose.money if lang == "zh" else compose.money_en
        amount = tools.total(parts, lang).amount_yuan if len(parts) > 1 else parts[0].amount_yuan
        word = ("最高" if lang == "zh" else "up to ") if any(p.is_maximum for p in parts) else ""
        terms = terms_of(parts, m)
        return (
            f"{what_zh}合计{word}{m(amount)}（{terms}）"
            if lang == "zh"
            else f"{what_en} {word}{m(amount)} ({terms})"
        )

    def _this_turn_first(
        self, answer: Answer, earlier: int, lang: str, tools: ToolBox, first: int, mentions: Mentions
    ) -> Answer:
        """Items of this turn after one an earlier turn stated ("再投三家，每家5000万，一共还能拿多少"):
        what this turn's items give leads; the total with the earlier one follows."""
        results = [r for r in tools.results[first:] if r.steps and r.calculator != "total"]
        if not earlier or len(results) < earlier + 2 or not answer.answer.startswith(("合计", "In total")):
            return answer  # one new item beside the earlier one ("又投了一笔…两笔加起来"): the total leads
        if any(c.value == len(results) for c in mentions.counts):
            return answer  # "三笔加起来": the count of all the items asks their total
        line = self._sum_line(parts_of(results[earlier:], lang), lang, tools, "本次", "This time:")
        rest = answer.answer[len("合计") :] if lang == "zh" else answer.answer[len("In total") :]
        answer.answer = (
            f"{line}；连同此前的一笔，累计{rest}"
            if lang == "zh"
            else f"{line}; with the earlier one, in total{rest}"
        )
        return answer

    def _with_total(
        self, answer: Answer, text: str, lang: str, tools: ToolBox, first: int, *, asked: bool = False
    ) -> Answer:
        """ "加起来一共多少" / "差多少": when the answer computed several amounts, their sum or difference leads."""
        apart = difference_asked(text, tuple(r.title for r in tools.results[first:]))
        parts = parts_of(tools.results[first:], lang)
        if len(parts) >= 2 and (gaps := self._level_gaps(parts, text, lang, tools)) is not None:
            answer.answer = "\n".join(gaps) + "\n" + answer.answer
            return answer
        if not (asked or apart or TOTAL_Q.search(text)) or len(parts) < 2:
            return answer
        if apart and any(r is not None and r.kind == "difference" for r in map(self._rule_of, parts)):
            return answer  # "能多拿多少" of a difference subsidy: its own sum is how much more
        computed = [r for r in tools.results[first:] if r.calculator != "total" and r.steps]
        if apart and len(computed) < 2:
            return answer  # two parties of one result (企业 and 高校): no one difference is asked of them
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
        results = [r for r in tools.results[first:] if r.calculator != "total" and r.steps]
        groups: dict[str, list[Part]] = {}
        if len(results) > 1 and all(len(parties(r)) > 1 for r in results):
            # items of a rule paying several parties (第二十三条's 企业 and 高校院所): a total for each party
            names = [who if lang == "zh" else who_en for _k, who, who_en, _a, _r in parties(results[0])]
            for i, p in enumerate(parts):
                groups.setdefault(names[i % len(names)], []).append(p)
        else:
            groups[""] = parts
        heads = []
        for label, group in groups.items():
            result = tools.total(group, lang)
            word = ("最高" if lang == "zh" else "up to ") if result.is_maximum else ""
            terms = terms_of(group, compose.money if lang == "zh" else compose.money_en)
            total = (
                compose.money(result.amount_yuan) if lang == "zh" else compose.money_en(result.amount_yuan)
            )
            heads.append(
                f"{label}合计{word}{total}（{terms}）"
                if lang == "zh"
                else f"{label}{': ' if label else ''}in total {word}{total} ({terms})"
            )
        answer.answer = (
            ("；".join(heads) + "。" if lang == "zh" else "; ".join(heads) + ".") + "\n" + answer.answer
        )
        if lang == "en":
            answer.answer = answer.answer[0].upper() + answer.answer[1:]
        return answer

    def _rule_of(self, part: Part) -> Rule | None:
        """The rule a computed part is the sum of: a result's title is the rule's, with its place after it
        ("…创新平台（第九条）")."""
        return rule_titled(part.label, self.rule_index.cat)

    def _level_gaps(self, parts: list[Part], text: str, lang: str, tools: ToolBox) -> list[str] | None:
        """Several differences asked between levels of one clause ("国家级的比省级的多拿多少？要是跟市级的比又
        差多少"): each, the level a part names alone compared with the first level named. None unless every
        part is one level's and every difference asked names its levels."""
        cat = self.rule_index.cat
        pieces = [p for p in re.split(r"(?<=[？?])", text) if DIFFERENCE_Q.search(p)]
        if len(pieces) < 2:
            return None
        by_level: dict[str, Part] = {}
        for part in parts:
            rule = self._rule_of(part)
            if rule is None or not rule.level or rule.level in by_level:
                return None
            by_level[rule.level] = part
        subject = None
        m = compose.money if lang == "zh" else compose.money_en
        out = []
        pairs: list[tuple[str, str]] = []
        for piece in pieces:
            named = levels_in(piece, cat)
            if any(lv not in by_level for lv in named):
                return None  # a level asked about that was not computed here (another article's)
            subject = subject or (named[0] if named else None)
            if len(named) >= 2:
                pair = (named[0], named[1])
            elif named and subject is not None and subject != named[0]:
                pair = (subject, named[0])
            else:
                return None
            if pair in pairs:
                return None  # two differences asked alike are about different things ("…设计中心…科技园")
            pairs.append(pair)
            two = [by_level[lv] for lv in pair]
            gap = tools.difference(two, lang)
            big, small = sorted(two, key=lambda p: -p.amount_yuan)
            out.append(
                f"相差{m(gap.amount_yuan)}（{big.label}{m(big.amount_yuan)} − {small.label}{m(small.amount_yuan)}）。"
                if lang == "zh"
                else f"The difference is {m(gap.amount_yuan)} ({big.label} {m(big.amount_yuan)} − "
                f"{small.label} {m(small.amount_yuan)})."
            )
        return out

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
        focus = self._focus(result, rule, text, binding)
        return self._compose(result, rule, binding, text, lang, tools, focus)

    def _focus(
        self, result: CalculationResult, rule: Rule, text: str, binding: Binding | None = None
    ) -> str | None:
        """When one calculation gives several parties' amounts, the part the question is about: the party
        named where the user states a result ("学校能拿60万吧"), else the first party the question names."""
        cat = self.rule_index.cat
        places = [text[clause_start(text, c.start) : c.end] for c in (binding.claims if binding else [])]
        paying = parties(result)
        for words in [*places, text]:
            for entity in read_entities(words, cat).present:  # in the order the question names them
                for key, _who, _en, _amount, party in paying:
                    if entity in party.beneficiaries:
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
        given_values = [
            Decimal(str(v)) for v in binding.inputs.values() if isinstance(v, int | float | Decimal)
        ]
        for claim in binding.claims:
            if CAP_SAID.search(claim.before[-20:]) and rule.caps:  # "第十一条最高补2000万": a cap stated
                notes.append(cap_check(rule, claim, lang, tools.today))
                continue
            if any(same_amount(claim.value, v) for v in given_values) and not same_amount(
                claim.value, target
            ):
                continue  # the same figure as an input ("支出也是800万"): a restatement, not a result claimed
            if _fits(claim, target):
                notes.append(
                    f"与您提到的“{claim.text}”一致。"
                    if lang == "zh"
                    else f"This matches the '{claim.text}' you mention."
                )
            else:
                notes.append(
                    f"您提到的“{claim.text}”与条款不符：按原文计算应为{compose.money(target)}，不是{claim.text}。"
                    if lang == "zh"
                    else f"The figure '{claim.text}' you mention does not match the policy: the calculation "
                    f"gives {compose.money_en(target)}."
                )
        grown = binding.increase  # a balance's growth shows the two balances it is taken from
        given = []
        for i in rule.inputs:
            if i.name not in binding.inputs or i.unit != "yuan" or not binding.inputs[i.name]:
                continue
            value = Decimal(str(binding.inputs[i.name]))
            from_to = f"{grown[2].text} − {grown[1].text}" if grown and grown[0] == i.name else ""
            if binding.summed and binding.summed[0] == i.name:
                from_to = " + ".join(m.text for m in binding.summed[1])
            if lang == "zh":
                given.append(f"{i.role_zh}{compose.money(value)}" + (f"（{from_to}）" if from_to else ""))
            else:
                given.append(f"{i.role_en} {compose.money_en(value)}" + (f" ({from_to})" if from_to else ""))
        if given:
            notes.append(
                ("按" + "，".join(given) + "计算。") if lang == "zh" else f"Computed from {', '.join(given)}."
            )
        if binding.full_prior is not None and binding.prior_from_turn:
            source = binding.full_prior
            notes.append(
                f"已获金额按上一问的{source.where_zh}（{source.title_zh}）全额计；实际拿到的少于此数时，差额相应增加，"
                "请告诉我实际金额，我再重算。"
                if lang == "zh"
                else f"What was received is taken as the whole sum of {source.where_en} ({source.title_en}) asked "
                "about before; if less was received, the difference is larger: tell me the actual figure and I will "
                "recompute."
            )
        elif binding.full_prior is not None:
            source = binding.full_prior
            notes.append(
                f"您说此前的补贴已拿满：已获金额按{source.where_zh}（{source.title_zh}）的全额计。"
                if lang == "zh"
                else f"You say the earlier subsidy was received in full: taken as the whole sum of "
                f"{source.where_en} ({source.title_en})."
            )
        if binding.counted:
            added = " + ".join(c.text for c in binding.counted)
            total = f"{int(sum(c.value for c in binding.counted))}{binding.counted[-1].text[-1]}"
            notes.append(f"按{added}，共{total}计算。" if lang == "zh" else f"Counted: {added} = {total}.")
        for m in binding.elsewhere:
            notes.append(
                f"“{m.text}”说的是大连以外的，不适用这几份文件，未计入。"
                if lang == "zh"
                else f"'{m.text}' is said of a place outside Dalian: these documents do not cover it, so it is left out."
            )
        for c, span in binding.left_out:
            limit = next((t for t in rule.thresholds if t.unit == "year"), None)
            side = "不超过" if limit is not None and limit.op == "max" else "不少于"
            bound = f"（条件：{limit.role_zh}{side}{limit.amount.value.normalize()}年）" if limit else ""
            notes.append(
                f"“{c.text}…{span}”不计入{bound}。"
                if lang == "zh"
                else f"Not counted: '{c.text} … {span}' (the rule's time limit is not met)."
            )
        for m in binding.met_conditions:
            foreign = m.unit != "yuan"
            notes.append(
                f"“{m.text}”是条款规定的条件（门槛），不是计算基数{'，无需换算' if foreign else ''}。"
                if lang == "zh"
                else f"'{m.text}' is a condition the rule states (a threshold), not "
                + ("an amount to convert." if foreign else "the amount computed from.")
            )
        if CHANGE_FIGURES.search(text):
            notes.append(
                "政策规定的数字不能按指令更改，也不能按其他金额填报；以上金额只来自条款原文和计算器。"
                if lang == "zh"
                else "The policy's figures cannot be changed on request; the amount above comes only from the text."
            )
        if focus and binding.claims and len(parties(result)) >= 2:
            notes.append(other_shares(result, focus, lang))
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

    def _levels(
        self,
        rules: list[Rule],
        lang: str,
        tools: ToolBox,
        missing: Sequence[str] = (),
        *,
        unnamed: bool = False,
    ) -> Answer:
        """Each level (or kind) of one clause, labelled: 首次认定20万元，重新认定10万元. ``missing``: levels
        asked about that none of them pays, said first. ``unnamed``: the question named no level."""
        heads, citations, warnings = [], [], []
        for rule in rules:
            name, args = call_for(rule, {})
            try:
                result = tools.calculate(name, args, lang)
            except PolicyInputError:
                heads.append(headline(rule, lang))
                citations.append(tools.cite(ClauseRef.of(rule.doc_id, rule)))
                continue
            heads.append(f"- {fixed_line(result, rule, lang)}")
            citations += [tools.cite(s.citation) for s in result.steps]
            warnings += [w for w in result.warnings if w not in warnings]
        citations = unique_citations(citations)
        intro = "分别如下：" if lang == "zh" else "Each one:"
        if unnamed and len({r.level for r in rules if r.level}) == len(rules) > 1:
            # "刚获批了一个重点实验室，给多少钱": the sum depends on the level, which the question does not say
            intro = (
                "您没有说明级别，各级别分别如下（以实际获批的级别为准）："
                if lang == "zh"
                else "You do not say which level; each level:"
            )
        if len(rules) == 1:  # one more sum beside a computed one
            intro = "另外：" if lang == "zh" else "Also:"
        if missing:
            where = "、".join(dict.fromkeys(r.where_zh for r in rules))
            intro = (
                f"没有：{where}没有给{'、'.join(missing)}的这一项，只规定了以下几种："
                if lang == "zh"
                else f"No: {', '.join(dict.fromkeys(r.where_en for r in rules))} sets nothing for "
                f"{', '.join(missing)}; it sets only these:"
            )
        parts = [intro + "\n" + "\n".join(heads)]
        if warnings:
            parts.append(compose.list_block("提示：" if lang == "zh" else "Notes:", warnings))
        parts.append(compose.citation_block(citations, self.docs, lang))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)


def _fits(claim: Mention, target: Decimal) -> bool:
    """The result is what the user said: the same sum, or for "七十多万" more than 70万 and under 80万
    (the place of the last digit said: 一百多万 is under 200万, 一百二十多万 under 130万)."""
    if not claim.approx:
        return same_amount(claim.value, target)
    low_ok = target >= claim.value if "来" in claim.text else target > claim.value
    digits = str(int(claim.value))
    place = Decimal(10) ** (len(digits) - len(digits.rstrip("0")))  # 一百二十多万: the 10万 place
    return low_ok and target < claim.value + place


# Question-type cue: one year's sum is asked, not a term's ("每年总共", "第一年").
_A_YEAR = re.compile(r"每年|一年|第一年|头一年|当年|年度|per year|a year|each year|first year", re.IGNORECASE)
# A fixed sum paid per item ("每年每项支持…", "每认定一家…"): the clause's counter word after 每
_PER_ITEM = re.compile(r"每(?:认定)?(?:一)?([项个家所])")


def per_item_count(rule: Rule, mentions: Mentions) -> int:
    """How many items the question counts for a fixed sum the clause pays per item (0 when none)."""
    per = _PER_ITEM.search(rule.clause)
    several = [c for c in mentions.counts if c.value > 1]  # "一个课题" names the item, not a count
    if rule.kind != "fixed" or per is None or len(several) != 1:
        return 0
    said = several[0]
    alike = {"项": "项个", "个": "个项", "家": "家个", "所": "所个"}[per.group(1)]
    if said.text[-1] not in alike:
        return 0
    # the noun counted, if one follows, is what the clause pays per ("两个课题"; not "5个人", "2个实验室")
    noun = re.match(r"[\u4e00-\u9fff]{1,3}", said.after)
    words = rule.clause + rule.title_zh
    if noun and not any(noun.group(0)[:k] in words for k in (3, 2) if len(noun.group(0)) >= k):
        return 0
    return int(said.value)


_SUPPOSED_YEARS = re.compile(r"(?:连续|一共|总共|累计|支持|给|拿)\s*" + SPAN)


def per_year_count(rule: Rule, text: str) -> int:
    """The years the question supposes for a fixed sum the clause pays each year and for no stated term
    ("每年每个研究院最高3000万" and "连续支持三年，一共多少"): 0 when it supposes none."""
    if rule.kind != "fixed" or rule.duration_years or "每年" not in rule.clause:
        return 0
    said = _SUPPOSED_YEARS.search(text)
    if said is None or said.group(2) != "年":
        return 0
    n = span_number(said.group(1))
    return int(n) if n is not None and n == int(n) and 1 < n <= 10 else 0
