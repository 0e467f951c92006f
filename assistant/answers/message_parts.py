"""One message asking several things: each amount question answered part by part (with the facts and
the asker told before it), or each question of another kind looked up on its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.answers.conversation import is_follow_up
from assistant.answers.totals import rule_titled
from assistant.answers.turn_answers import TurnAnswers
from assistant.intent import DIFFERENCE_Q, TOTAL_Q, asks_money, language
from assistant.messages import Answer
from assistant.rule_answers import MONEY_Q
from assistant.tools import ToolBox
from assistant.understanding.entities import read_entities
from assistant.understanding.mentions import read_mentions
from calculators.catalogue import catalogue

if TYPE_CHECKING:
    from assistant.retrieval import Retriever

# Question-type cue: a sentence asks something (a question word), with or without a question mark.
_ASKS_SOMETHING = re.compile(
    r"谁|什么|哪|多少|几[个年月天项家]|吗|怎么|如何|是否|\b(?:what|who|when|which|how)\b", re.I
)
# a question leaning on the one before it: it starts with a joining word or a pointer ("和…", "那…", "它…")
_LEANS_ON = re.compile(r"\s*(?:和|与|跟|同|那|它|这|该|其|and\b|is it|are they)", re.IGNORECASE)


class MessageParts(TurnAnswers):
    """Mixed into the Assistant, before the single-turn answers it relies on."""

    retriever: Retriever

    def _each_question(
        self, text: str, previous: list[str], tools: ToolBox, history: Sequence[tuple[str, str]]
    ) -> Answer | None:
        """Several amount questions in one message ("…我们机构能拿多少？参与的技术经纪人又能拿多少？"): each
        is answered with the facts stated before the first, part by part. Only when every part is computed
        under a rule of its own; otherwise the message is answered whole."""
        # a question mark ends a question; so does a space or comma before 另外/此外 starting the next one
        # ("…单位 给多少钱啊 另外推进核心专利产业化的 上限多少")
        pieces = [p for p in re.split(r"(?<=[？?])|(?<=[\s，,。])(?=另外|此外)", text) if p and p.strip()]
        # "…加起来一共多少？" with no figure of its own asks about the parts before it, it is not one
        pieces = [
            p
            for p in pieces
            if not ((TOTAL_Q.search(p) or DIFFERENCE_Q.search(p)) and not read_mentions(p).amounts)
        ]
        if len(pieces) < 2 or not MONEY_Q.search(pieces[0]):
            return None
        for piece in pieces[1:]:
            # each later piece asks about money too, or follows up on the one before ("科技惠民那种呢？");
            # the last may end without a question mark ("…，又给多少")
            if not (MONEY_Q.search(piece) or is_follow_up(piece.strip())):
                return None
        clauses = [c for c in re.split(r"(?<=[，,。；;！!])", pieces[0]) if c.strip()]
        facts = "".join(clauses[:-1])  # the first piece less its asking clause
        cat = catalogue()
        # what the asker says they are ("我们是搞军工配套的民企，…") holds for every part that names no party
        who = "".join(
            c for c in clauses[:-1] if read_entities(c, cat).own and not read_mentions(c).amounts
        ).rstrip("，,")
        answers: list[Answer] = []
        boxes: list[ToolBox] = []
        for i, question in enumerate(pieces):
            box = ToolBox(self.retriever, tools.today)
            if i and not MONEY_Q.search(question):  # a follow-up: asked after the question before it
                turns = [*history, ("user", pieces[i - 1]), ("assistant", answers[-1].answer)]
                answers.append(self._answer(question, [*previous, pieces[i - 1]], box, turns))
            else:
                answer = self._answer(question, previous, box, history)
                if i and who and not read_entities(question, cat).present:
                    # the part again, for the asker the message said they are: kept when it raises the sum
                    # computed for anyone (第五十四条's uplift on the listing asked), never another rule
                    own_box = ToolBox(self.retriever, tools.today)
                    theirs = self._answer(f"{who}。{question.strip()}", previous, own_box, history)
                    plain = {r.id for r in _rules_of(box, cat)}
                    raised = _rules_of(own_box, cat)
                    if any(set(r.base_rules) & plain for r in raised):
                        answer, box = theirs, own_box
                if i and facts and not box.results:
                    # the part needs the facts stated before it ("…成交额500万，…？参与的技术经纪人又能拿多少？")
                    box = ToolBox(self.retriever, tools.today)
                    answer = self._answer(facts.rstrip("，,") + "。" + question, previous, box, history)
                answers.append(answer)
            boxes.append(box)
        computed = [{(r.calculator, r.title) for r in b.results} for b in boxes]
        if not all(computed) or any(a & b for i, a in enumerate(computed) for b in computed[i + 1 :]):
            # a part not computed, or two parts under one rule (第一年…？第二年又…呢？): the parts depend on
            # each other, and the whole message is answered at once
            return None
        for box in boxes:
            tools.absorb(box)
        lang = language(text)
        return self._with_total(self._joined(answers, lang), text, lang, tools, 0)

    def _each_lookup(
        self, text: str, previous: list[str], tools: ToolBox, history: Sequence[tuple[str, str]]
    ) -> Answer | None:
        """Several questions of other kinds than money in one message ("52号文由哪个部门负责解释？配套的实施
        细则又是谁来定"): each looked up on its own, when each finds a passage of its own; else None."""
        pieces = [p.strip() for p in re.split(r"(?<=[？?])", text) if len(p.strip()) >= 4]
        # questions, not a remark after them ("行动计划里有个说法"); the last may end without a question mark
        pieces = [p for p in pieces if p[-1] in "？?" or _ASKS_SOMETHING.search(p)]
        if any(is_follow_up(p) or _LEANS_ON.match(p) for p in pieces[1:]):
            return None  # a part that leans on the one before ("和正式施行是同一天吗"): answered whole
        if len(pieces) < 2 or asks_money(text) or read_mentions(text).live_amounts:
            return None
        answers: list[Answer] = []
        boxes: list[ToolBox] = []
        for piece in pieces:
            box = ToolBox(self.retriever, tools.today)
            answer = self._answer(piece, previous, box, history)
            if answer.out_of_scope or not answer.citations or box.results:
                return None  # a part declined or computed: the message is answered whole
            answers.append(answer)
            boxes.append(box)
        firsts = [(a.citations[0].doc_id, a.citations[0].article, a.citations[0].item) for a in answers]
        if len(set(firsts)) < len(firsts):
            return None  # the parts found the same passage: one answer says it
        for box in boxes:
            tools.absorb(box)
        return self._joined(answers, language(text))


def _rules_of(box: ToolBox, cat: Any) -> list[Any]:
    """The catalogue rules a box's results computed."""
    return [r for x in box.results if (r := rule_titled(x.title, cat)) is not None]
