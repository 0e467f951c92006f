"""The further parts of one question beside its first calculation: other figures each under the rule its
words name, a second rule compared on the same figures, other facts that earn a fixed award, the fixed
sums of the clause the question also names, and figures bound by role between close rules."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.answers.calculation import Calculations
from assistant.eligibility import GENERIC, LIST_Q
from assistant.intent import TOTAL_Q, difference_asked
from assistant.messages import Answer
from assistant.tools import ToolBox
from assistant.understanding.binding import bind
from assistant.understanding.counted import Counted
from assistant.understanding.cues import THRESHOLD_NAMED, cue_strength, threshold_strength
from assistant.understanding.decide import MULTI_PART, Decision, decide
from assistant.understanding.entities import Entities, read_entities
from assistant.understanding.family import distinguishing, family
from assistant.understanding.margins import FLOOR, MARGIN, STRONG
from assistant.understanding.mentions import Mention, Mentions, clause_start, read_mentions
from assistant.understanding.parties import party_said
from assistant.understanding.ranking import rank
from calculators.catalogue import Rule
from calculators.combine import Part

# Clause boundaries of a question (punctuation and the words that join two facts).
FACT_SPLIT = re.compile(r"[，。；,;！？!?]|同时|另外|而且|并且")
SIBLING_SHARE = 0.5  # a fixed sibling with half the clause's top distinguishing words is named too
# Question-type cue: each of several parties is asked about ("…和…分别能拿多少", "各能拿多少")
_EACH_PARTY = re.compile(r"分别|各自|各能|各拿|各[给补奖]|respectively|each get", re.IGNORECASE)
# Question-type cue: a figure told as another one of the same kind ("另一次", "又一笔", "第二次")
_SAME_AGAIN = re.compile(r"另[一外]?[次笔个场项]|又一[次笔个场项]|再一[次笔个场项]|第[二三四]次")


def role_strength(m: Mention, rule: Rule, text: str) -> float:
    """How plainly a figure is the rule's amount: its cue words, or else (weakly) a name of the rule in the
    clause just before it, in its sentence ("我们办了一个军民融合论坛，活动花了180万": the forum's rule)."""
    assert rule.main_input is not None
    strength = cue_strength(m, rule.main_input)
    if strength:
        return strength
    clauses = re.split(r"[，,]", re.split(r"[。；;！？!?]", text[: m.start])[-1])
    before = clauses[-2] if len(clauses) > 1 else ""
    return 0.5 if any(a in before for a in rule.aliases if len(a) >= 3) else 0.0


def _states_threshold(rule: Rule | None, m: Mention) -> bool:
    """The figure is plainly the quantity a threshold of the rule is about (项目研发投入一千五百万 beside the
    year's spend): it states a condition, it is not another part to compute."""
    return rule is not None and any(
        t.unit == "yuan" and threshold_strength(m, t) >= THRESHOLD_NAMED for t in rule.thresholds
    )


class Parts(Calculations):
    """Mixed into the Assistant with RuleAnswers, over the single calculations of Calculations."""

    def _other_parts(
        self, decision: Decision, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> list[Answer]:
        """Figures the first calculation did not use, each plainly about a rule: "增量4000万…代偿3000万，各多少"."""
        # the items the question counts ("这两项能补多少")
        items = {int(c.value) for c in mentions.counts if c.text[-1] in "项种笔"}
        if not (MULTI_PART.search(text) or TOTAL_Q.search(text) or items):
            return []
        binding = decision.binding
        used = {id(m) for m in (*binding.used, *binding.claims, *binding.set_aside)}
        left = [
            m
            for m in mentions.live_amounts
            if id(m) not in used and not m.condition and not _states_threshold(decision.rule, m)
        ]
        out = []
        for m in left:
            best: tuple[float, float, Rule] | None = None
            for h in decision.hits[:8]:
                main = h.rule.main_input
                if main is None or main.unit != "yuan" or h.score < FLOOR:
                    continue
                strength = role_strength(m, h.rule, mentions.text)
                if strength > 0 and (best is None or (strength, h.score) > best[:2]):
                    best = (strength, h.score, h.rule)
            if best is None:
                if decision.rule is None:
                    continue
                # "孵化器运营成本320万，众创空间35万": the figure is the same quantity, for the party its
                # clause names, when that party's rule of the clause takes it
                rule = self._party_rule(decision.rule, m, mentions.text)
                if rule is decision.rule:
                    # as many items counted as figures, and the clause has one other rule taking a sum:
                    # the figure the first rule's words did not take is that rule's ("展会摊位费八十万"
                    # beside "对接会花了三百万": 第五十三条's event costs)
                    others = [
                        r
                        for r in family(decision.rule, self.rule_index.cat)
                        if r is not decision.rule and r.main_input is not None and r.main_input.unit == "yuan"
                    ]
                    # not when the figure is told as another of the same ("另一次花了一百五十万")
                    told = mentions.text[clause_start(mentions.text, m.start) : m.start]
                    if len(others) != 1 or len(left) + 1 not in items or _SAME_AGAIN.search(told):
                        continue
                    rule = others[0]
            else:
                rule = self._party_rule(best[2], m, mentions.text)
            single = Mentions(amounts=[m])
            binding = bind(rule, single)
            if binding.complete:
                out.append(self._compute(rule, binding, text, lang, tools))
        return out

    def _askers_rule(
        self, decision: Decision, entities: Entities, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> Answer | None:
        """The rule asked about pays another party of its clause, and the asker says what they are: the
        clause's rule paying the asker leads ("我们公司今年第一次评上高新技术企业…" gets 第十四条's 20万, not the
        incubator's 10万). The other party's sum follows when it is asked too (我们公司和孵化器各自), for the
        asker alone when the asker is the one unit its rule counts."""
        rule = decision.rule
        own = [e for e in entities.own if e != GENERIC]
        if rule is None or not own or set(own) & set(rule.beneficiaries) or entities.negated:
            return None
        cat = self.rule_index.cat
        members = family(rule, cat)
        theirs = [h for h in decision.hits if h.rule in members and set(h.rule.beneficiaries) & set(own)]
        if not theirs or (len(theirs) > 1 and theirs[0].score < theirs[1].score + MARGIN):
            return None  # none, or two the words do not tell apart (首次 or 重新认定): not guessed
        asker = theirs[0].rule
        binding = bind(asker, mentions)
        if not binding.complete:
            return None
        answer = self._compute(asker, binding, text, lang, tools)
        if not (MULTI_PART.search(text) and set(entities.present) & set(rule.beneficiaries)):
            return answer
        other = bind(rule, mentions)
        need = other.missing
        if need is not None and need.unit == "count" and any(o in need.role_zh for o in own):
            other.inputs[need.name], other.missing = 1, None  # the asker is the one unit counted
        if not other.complete:
            return answer
        return self._joined([answer, self._compute(rule, other, text, lang, tools)], lang)

    def _party_rule(self, rule: Rule, m: Mention, text: str) -> Rule:
        """The rule of the clause whose party the figure's own clause names ("孵化器…260万，众创空间运营成本
        60万": the maker space's 30万 cap for the second), when it is not the rule's own party."""
        cat = self.rule_index.cat
        said = party_said(text[: m.start])
        if not said or said & set(rule.beneficiaries) or rule.main_input is None:
            return rule
        for r in family(rule, cat):
            main = r.main_input
            if r is not rule and main is not None and main.role_zh == rule.main_input.role_zh:
                if said & set(r.beneficiaries):
                    return r
        return rule

    def _compared(
        self, decision: Decision, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> list[Answer]:
        """ "同样的投入，算A和算B差多少": a second rule the question names as plainly as the first, computed on
        the same figures, so the difference can lead."""
        if decision.rule is None or not difference_asked(text, (decision.rule.title_zh,)):
            return []
        first = next((h for h in decision.hits if h.rule is decision.rule), None)
        words = first.parts.get("bm25", 0.0) if first is not None else 0.0
        for h in decision.hits[:4]:
            # named as plainly: by an alias, or by more of the question's words than the first rule
            plain = h.aliases or h.parts.get("bm25", 0.0) >= words
            if h.rule is decision.rule or h.score < STRONG or not plain:
                continue
            binding = bind(h.rule, mentions)
            if binding.complete and not binding.items:
                return [self._compute(h.rule, binding, text, lang, tools)]
        return []

    def _each_party(
        self, decision: Decision, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> list[Answer]:
        """ "机构和我们的技术经纪人分别能拿多少": each party the asking clause names, under its own rule on the
        same figures (a party said by its head noun, 机构, is the one of the question ending so)."""
        at = _EACH_PARTY.search(text)
        if decision.rule is None or at is None:
            return []
        cat = self.rule_index.cat
        clause = text[clause_start(text, at.start()) : at.end()]
        entities = read_entities(text, cat)
        named = set(read_entities(clause, cat).present)
        named |= {p for p in entities.present if len(p) > 2 and p[-2:] in clause}
        # the parties the first rule's article pays (第二十三条 computes 企业 and 高校院所 together)
        paid = {b for r in family(decision.rule, cat) for b in r.beneficiaries} | set(
            decision.rule.beneficiaries
        )
        if len(named) < 2 or not named & paid:
            return []  # the parties asked about are not several, or not the first rule's
        out = []
        for h in decision.hits[1:5]:
            # only the asker's own party ("我们是一家技术转移服务机构…机构和我们的技术经纪人"): another party's
            # rule is not told by its rank alone (第四条 is no share of a 第二十二条 university)
            theirs = (set(h.rule.beneficiaries) & named & set(entities.own)) - paid
            same_clause = (h.rule.doc_id, h.rule.article) == (decision.rule.doc_id, decision.rule.article)
            if h.score < FLOOR or not theirs or same_clause:
                continue  # (a party of the first rule's article is that article's to answer: 第二十三条 pays both)
            binding = bind(h.rule, mentions)
            if binding.complete and not binding.items:
                out.append(self._compute(h.rule, binding, text, lang, tools))
                paid |= theirs
        return out

    def _other_facts(self, decision: Decision, text: str, lang: str, tools: ToolBox) -> list[Answer]:
        """ "今年被认定为国家技术创新示范企业，同时也是第一次认定高新技术企业，能享受哪些": with several
        things asked for, a clause of its own that plainly names another fixed award earns it too."""
        rule = decision.rule
        if rule is None or not (MULTI_PART.search(text) or TOTAL_Q.search(text) or LIST_Q.search(text)):
            return []
        cat = self.rule_index.cat
        answered = {r.id for r in family(rule, cat)} | {rule.id}
        out = []
        for clause in FACT_SPLIT.split(text):
            if len(clause) < 4:
                continue
            mentions = read_mentions(clause)
            if mentions.amounts:
                continue  # a figure's clause is the figure's (see _other_parts)
            hits = rank(self.rule_index, clause, mentions, lexical=True)  # named plainly, by its words
            if not hits:
                continue
            top = hits[0].rule
            if mentions.counts:
                # "今年还有7家在孵企业认定了高企": a count of its own, for a rule paying per unit counted, which the
                # clause's words pick by the margin; counted with the rest of its sentence ("…，其中1家是毕业
                # 三年的")
                clear = hits[0].score >= FLOOR and (len(hits) < 2 or hits[0].score >= hits[1].score + MARGIN)
                if not clear or top.id in answered or not any(i.unit == "count" for i in top.inputs):
                    continue
                at = text.find(clause)
                binding = bind(top, read_mentions(re.split(r"[。？?！!；;]", text[at:])[0]))
                if binding.complete:
                    answered |= {r.id for r in family(top, cat)}
                    out.append(self._compute(top, binding, text, lang, tools))
                continue
            if hits[0].score < STRONG or top.kind != "fixed":
                continue
            found = decide(hits, clause, mentions, cat)
            # one fixed award, or levels of two articles named together (国家级专利联盟和省级创新联盟)
            named: list[Rule] = [found.rule] if found.action == "compute" and found.rule is not None else []
            if found.action == "levels" and len({r.doc_id for r in found.rules}) == 1:
                named = found.rules  # not one measure two documents state differently: never added
            for other in named:
                if other.id in answered or other.kind != "fixed":
                    continue
                answered |= {r.id for r in family(other, cat)}
                out.append(self._compute(other, bind(other, Mentions()), text, lang, tools))
        return out

    def _named_siblings(self, decision: Decision, text: str, lang: str, tools: ToolBox) -> list[Answer]:
        """ "刚批了国家级，考评又是优秀…两项加起来": with a total asked, the fixed sums of the clause the
        question also names (by the words that set them apart) are parts of it."""
        rule = decision.rule
        if rule is None or rule.kind == "fixed" or not TOTAL_Q.search(text):
            return []
        cat = self.rule_index.cat
        fam = family(rule, cat)
        if len(fam) < 2:
            return []
        marks = distinguishing(fam, text, cat)
        most = max(marks.values())
        out = []
        for r in fam:
            if r is not rule and r.kind == "fixed" and most and marks[r.id] >= SIBLING_SHARE * most:
                binding = bind(r, Mentions())
                if binding.complete:
                    out.append(self._compute(r, binding, text, lang, tools))
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
                    (role_strength(m, r, mentions.text), r)
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
            if not binding.complete:
                return None
            answers.append(self._compute(rule, binding, text, lang, tools))
        return self._joined(answers, lang)

    def _figure_rule(
        self, decision: Decision, mentions: Mentions, text: str, lang: str, tools: ToolBox
    ) -> Answer | None:
        """Close rules of one article, one taking the figure said and the others fixed sums that take none
        (基地购买外方技术420万 beside 新增国家级基地's 100万): the figure is computed under the rule that takes
        it; the fixed sums follow only when the question asks for more than one part ("…and is there anything
        for the designation itself?")."""
        live = [m for m in mentions.live_amounts if not m.condition]
        places = {(r.doc_id, r.article, r.item) for r in decision.rules}
        takers = [r for r in decision.rules if r.main_input is not None and r.main_input.unit == "yuan"]
        rest = [r for r in decision.rules if r not in takers]
        if len(live) != 1 or len(places) != 1 or len(takers) != 1 or not all(r.kind == "fixed" for r in rest):
            return None
        binding = bind(takers[0], mentions)
        if not binding.complete:
            return None
        more = bool(MULTI_PART.search(text) or TOTAL_Q.search(text))
        if more:
            # of the article's fixed sums (新增基地 100万, 通过评估 30万), the one the question's words name
            cat = self.rule_index.cat
            fixed = [r for r in family(takers[0], cat) if r.kind == "fixed"]
            marks = distinguishing(fixed, text, cat)
            best = max(marks.values(), default=0)
            rest = [r for r in fixed if best > 0 and marks[r.id] == best]
            if len(rest) != 1:
                return None
        first = len(tools.results)
        answer = self._compute(takers[0], binding, text, lang, tools)
        if not more:
            return answer
        joined = self._joined([answer, self._levels(rest, lang, tools)], lang)
        return self._with_total(joined, text, lang, tools, first)

    def _counted(self, counted: list[Counted], text: str, lang: str, tools: ToolBox) -> Answer:
        """Several per-item sums, each with its count ("重大课题2项、应用基础研究5项、软科学3项"): each
        item's sum, their total a year, and (when one is paid for several years) the total over the terms."""
        first = len(tools.results)
        answers = [self._compute(c.rule, bind(c.rule, Mentions()), text, lang, tools) for c in counted]
        results = [r for r in tools.results[first:] if r.steps]
        if len(results) != len(counted):
            return self._joined(answers, lang)
        yearly: list[Part] = []
        whole: list[Part] = []
        for c, result in zip(counted, results, strict=True):
            part = Part(result.title, result.amount_yuan, result.steps[0].citation, result.is_maximum)
            yearly += [part] * c.count
            term = result.breakdown.get("term_total_yuan")
            whole += [
                Part(part.label, Decimal(term), part.citation, part.is_maximum) if term else part
            ] * c.count
        several = any(p.amount_yuan != q.amount_yuan for p, q in zip(yearly, whole, strict=True))
        lines = [
            self._sum_line(
                yearly,
                lang,
                tools,
                "第一年" if several else "",
                "In the first year:" if several else "In total",
            )
        ]
        if several:  # one item is paid for several years: the total over each item's term as the text sets it
            lines.append(self._sum_line(whole, lang, tools, "按各项原文的支持年限", "Over each item's term:"))
        lines = [line + ("。" if lang == "zh" else ".") for line in lines]
        joined = self._joined(answers, lang)
        joined.answer = "\n".join(lines) + "\n" + joined.answer
        return joined
