"""What a turn takes from the turns before it as a whole: the replies a client left out, rebuilt, and a
total asked over the sums the earlier turns computed."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.answers.headlines import parties
from assistant.answers.turn_answers import TurnAnswers
from assistant.intent import DIFFERENCE_Q, TOTAL_Q, VALIDITY_Q, difference_asked, language
from assistant.messages import Answer, Message
from assistant.rule_answers import MONEY_Q
from assistant.tools import ToolBox
from assistant.understanding.margins import FLOOR
from assistant.understanding.mentions import CORRECTION, read_mentions
from assistant.understanding.rule_index import RuleIndex
from core.errors import PolicyInputError
from core.numerals import chinese_to_int

REBUILT_REPLIES = 6  # of the earlier user turns sent without the reply between them, the last this many
TOTAL_FOLLOW_UP = 30  # a turn this short asking for a total, with no figure, adds up the turns before it
# a turn putting a case in place of the one before ("那要是新建重点项目呢", "不好意思，是省级孵化器")
# Question-type cue: a turn denying it has an item ("我们没有备案众创空间", "申请过但没批下来").
_DENIES = re.compile(r"没|未|不是|不在|尚未|落选|不算")
_REPLACES = re.compile(
    r"^\s*(?:那么?|那)?\s*(?:如果|假如|假设|要是|若是?|换成|改成|what if|if|suppose)|"
    r"^\s*(?:不好意思|抱歉|对不起|sorry)[，,\s]*(?:是|应该是|其实是)",
    re.IGNORECASE,
)
# a turn adding an item to the ones before ("另外我们还办了一场路演")
_ANOTHER = re.compile(
    r"另外|此外|还(?:有|办|做|搞|投|批|拿|获|评|认定)|又|再|also|another|in addition", re.IGNORECASE
)
BARE_TOTAL = 2  # characters a total question may have besides its total, count and filler words
_FILLER = re.compile(
    r"[\s，,。？?！!呢吗啊吧的了那这些几个项笔条和与及]|一共|总共|多少|是|钱|all|total|\W", re.IGNORECASE
)
# which earlier sums are meant: 第一项和第三项, 前两项 (else the count said, else all)
_ORDINAL = re.compile(r"第\s*([一二两三四五六七八九\d])\s*[项笔个条]")
_FIRST_N = re.compile(r"前\s*([一二两三四五六七八九\d])\s*[项笔个条]")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else chinese_to_int(word)


class AcrossTurns(TurnAnswers):
    """Mixed into the Assistant, before the single-turn answers it relies on."""

    rule_index: RuleIndex

    if TYPE_CHECKING:  # provided by the Assistant and the answers it mixes in

        def answer(self, messages: list[Any], today: date | None = None) -> Answer: ...

    def _with_replies(self, msgs: list[Message], today: date | None) -> list[Message]:
        """The conversation with the replies it leaves out: a client sending the earlier user turns alone
        (one user message after another) gets the answer it would get in the chat, where each earlier
        question was answered and the next one may lean on that answer ("第三十四条讲的是啥？" then "设备加技术
        投了2600万，能补多少？"). Each missing reply is this assistant's own, for the turns up to it; only the
        last few are rebuilt, which is all a follow-up leans on."""
        gaps = [
            i
            for i in range(len(msgs) - 1)
            if msgs[i].role == "user" and msgs[i + 1].role == "user" and msgs[i].content.strip()
        ]
        if not gaps:
            return msgs
        rebuilt = set(gaps[-REBUILT_REPLIES:])
        out: list[Message] = []
        for i, m in enumerate(msgs[:-1]):
            out.append(m)
            if i in rebuilt:
                try:
                    reply = self.answer(out, today).answer
                except PolicyInputError:
                    continue  # an earlier turn with nothing to answer (empty) stays without a reply
                out.append(Message(role="assistant", content=reply))
        out.append(msgs[-1])
        return out

    def _own_item(self, text: str, mentions: Any) -> str | None:
        """A turn bringing items of its own and asking the total with the earlier ones ("另外…活动经费80万，两项
        加起来能拿多少"): the turn without its total clause, as a question of its own."""
        counts = [int(c.value) for c in mentions.counts]
        # an item with a figure of its own, or items named one by one ("一个省级…，一个市级…")
        if not (
            (mentions.amounts or len(counts) >= 3)
            and counts
            and counts[-1] >= 2
            and TOTAL_Q.search(text)
            and _ANOTHER.search(text)
        ):
            return None
        clauses = [c for c in re.split(r"(?<=[，,。；;？?！!])", text) if c.strip()]
        kept = [c for c in clauses if not TOTAL_Q.search(c)]
        if len(kept) == len(clauses) or not kept:
            return None
        return "".join(kept).rstrip("，,。；;？?！! ") + "，能拿多少？"

    def _conversation_total(self, msgs: list[Message], text: str, tools: ToolBox) -> Answer | None:
        """ "那两项加起来呢" after turns that each computed a sum under a rule of its own: the earlier turns,
        each answered again as it was in the chat, and their total first. Only for a turn that names no rule
        of its own (国家级孵化器一共能拿多少 asks about that rule) and asks for money; not when the turns are
        items of one rule (their caps are shared: the rule answers that), and not over a correction or a
        what-if, which replaces the turn before it rather than adding to it."""
        mentions = read_mentions(text)
        said = [int(c.value) for c in mentions.counts]
        own_item = self._own_item(text, mentions)
        # "两者差多少钱" after two turns that each computed a sum: their difference
        apart = own_item is None and not TOTAL_Q.search(text) and difference_asked(text)
        if own_item is None and (
            not (TOTAL_Q.search(text) or apart)
            or mentions.amounts
            or len(text) > TOTAL_FOLLOW_UP
            or VALIDITY_Q.search(text)
        ):
            return None
        named = self.rule_index.search(_ORDINAL.sub("", text), k=1, dense=False)
        if own_item is None and named and named[0].score >= FLOOR:
            return None
        # it asks for money, or only for the total ("那两项加起来呢", "合计多少")
        bare = _FILLER.sub(
            "", _FIRST_N.sub("", _ORDINAL.sub("", TOTAL_Q.sub("", DIFFERENCE_Q.sub("", text))))
        )
        if not (MONEY_Q.search(text) or len(bare) <= BARE_TOTAL):
            return None
        users = [i for i, m in enumerate(msgs[:-1]) if m.role == "user"]
        computed: list[tuple[str, Answer, ToolBox]] = []
        for n, i in enumerate(users):
            box = ToolBox(self.retriever, tools.today)
            earlier = [msgs[j].content for j in users[:n]]
            turns = [(m.role, m.content) for m in msgs[:i]]
            answer = self._answer(msgs[i].content, earlier, box, turns)
            told = msgs[i].content.strip()
            statement = not re.search(r"[？?吗呢]", told) and not MONEY_Q.search(told)
            if statement and _DENIES.search(told):
                continue  # "我们没有备案众创空间。": an item the asker does not have adds nothing
            if not box.results and statement:
                # a turn that only told of another item ("我们同时还有个省级的备案众创空间也是今年新批的"):
                # what that item earns, asked after the turns before it
                box = ToolBox(self.retriever, tools.today)
                answer = self._answer(told.rstrip("。.！! ") + "，能拿多少？", earlier, box, turns)
            if any(r.steps and r.calculator != "total" for r in box.results):
                computed.append((msgs[i].content, answer, box))
        if any(CORRECTION.search(t) or (_REPLACES.search(t) and not apart) for t, _a, _b in computed[1:]):
            # a correction replaces the turn before it (a what-if too, for a total): which to add or compare
            # is unclear; a what-if is what a difference is taken against
            return None
        if apart:
            # a what-if is what the difference is taken against ("如果是市级呢？两者差多少"); each turn one sum
            computed = computed[-2:]
            if any(
                sum(1 for r in b.results if r.steps and r.calculator != "total") != 1
                for _t, _a, b in computed
            ):
                return None
        if own_item is not None:
            # "另外我们还办了一场路演，活动经费80万，两项加起来能拿多少": this turn's item, and as many of the
            # turns before it as the count leaves
            box = ToolBox(self.retriever, tools.today)
            earlier = [msgs[j].content for j in users]
            answer = self._answer(own_item, earlier, box, [(m.role, m.content) for m in msgs[:-1]])
            # the items this turn brings ("还批了一个省级…，一个市级…，三项一共"): the rest are the earlier turns'
            mine_n = sum(1 for r in box.results if r.steps and r.calculator != "total")
            earlier_n = said[-1] - mine_n
            if not mine_n or earlier_n < 1 or earlier_n > len(computed):
                return None
            places = {
                (s.citation.doc_id, s.citation.article, s.citation.item)
                for b in computed
                for r in b[2].results
                for s in r.steps[:1]
            }
            mine = {
                (s.citation.doc_id, s.citation.article, s.citation.item)
                for r in box.results
                for s in r.steps[:1]
            }
            plain = self.rule_index.search(own_item, k=1, dense=False)
            if not (mine & places or (plain and plain[0].score >= FLOOR)):
                return None  # its rule is neither the earlier one's clause nor named plainly: the earlier rule's item
            computed = [*computed[len(computed) - earlier_n :], (own_item, answer, box)]
            said = []
        ordinals = [_number(w) for w in _ORDINAL.findall(text)]
        first_n = _FIRST_N.search(text)
        if ordinals:
            if max(ordinals) > len(computed) or min(ordinals) < 1:
                return None
            computed = [computed[k - 1] for k in dict.fromkeys(ordinals)]
        elif first_n:
            computed = computed[: _number(first_n.group(1))]
        elif said:
            computed = computed[-said[-1] :] if said[-1] <= len(computed) else []
        if len(computed) == 1 and not (ordinals or first_n or said):
            # "总共能补多少？" right after a turn that computed several items and their total: that total again
            asked, answer, box = computed[0]
            if any(r.calculator == "total" for r in box.results) and msgs[users[-1]].content == asked:
                tools.absorb(box)
                return answer
        if len(computed) < 2:
            return None
        if any(len(parties(r)) >= 2 for _t, _a, b in computed for r in b.results):
            return (
                None  # a turn that computed two parties' sums (企业 and 高校): which one adds up is unclear
            )
        rules = [
            {(r.calculator, r.title) for r in b.results if r.calculator != "total"} for _t, _a, b in computed
        ]
        if not apart and any(a & b for i, a in enumerate(rules) for b in rules[i + 1 :]):
            return (
                None  # items of one rule share its caps: the rule answers their total (a difference has none)
            )
        first = len(tools.results)
        for _t, _a, box in computed:
            tools.absorb(box)
        lang = language(text)
        joined = self._joined([a for _t, a, _b in computed], lang)
        return self._with_total(joined, text, lang, tools, first, asked=True)
