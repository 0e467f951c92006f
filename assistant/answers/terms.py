"""Terms a document defines by what they cover (第三十七条: 本章所述科技创新企业为…): what a term covers,
and whether the asker is one of it."""

from __future__ import annotations

import re
from typing import Any

from assistant import compose
from assistant.intent import Understanding
from assistant.messages import Answer
from assistant.tools import ToolBox
from assistant.understanding.conditions import affirmed_members, denied_members
from calculators.catalogue import catalogue
from calculators.results import ClauseRef

# Question-type cue: whether the asker is one of what a term covers.
_MEMBER_Q = re.compile(
    r"算不算|算是|(?:算|是|属于)[^，。？?！!]{0,12}吗|是不是|属不属于|属于|能不能算|可以算|符合.{0,8}(?:定义|范围|标准)|"
    r"count as|qualify as|considered (?:an?|as)|are we an?|is (?:it|that) an?",
    re.IGNORECASE,
)
# Question-type cue: what a term covers is asked.
_DEFINITION_Q = re.compile(
    r"具体(?:指|是|包括)|是指|指的是|指什么|指哪|包括哪|包含哪|哪几类|哪几种|哪些(?:企业|类|单位)|什么是|定义|"
    r"是什么意思|what (?:is|are|counts as)|defin|which (?:companies|enterprises|firms)",
    re.IGNORECASE,
)


class TermAnswers:
    """Mixed into the lookups: the definition of a term, quoted whole."""

    docs: Any

    def _defined_term(self, u: Understanding, tools: ToolBox) -> Answer | None:
        """ "本章说的科技创新企业具体指哪几类": a term a document defines, answered by its definition."""
        if not _DEFINITION_Q.search(u.text):
            return None
        for doc in catalogue().documents.values():
            for t in doc.terms:
                if t.term not in u.text:
                    continue
                citation = tools.cite(ClauseRef.of(doc.doc_id, t))
                head = (
                    f"按{t.where_zh}，{t.term}是指：{'、'.join(t.members)}。"
                    if u.lang == "zh"
                    else f"{t.where_en} defines {t.term} as: {'; '.join(t.members)}."
                )
                return Answer(
                    answer=head + "\n\n" + compose.citation_block([citation], self.docs, u.lang),
                    citations=[citation],
                )
        return None

    def term_membership(self, text: str, lang: str, tools: ToolBox) -> Answer | None:
        """ "我们在市级备案的众创空间里孵化，算不算科技创新企业？": whether the asker is one of a defined term's
        members, by what they say they are, with the definition whole (its qualifiers, 市级以上…认定或备案,
        are the reader's to check against it)."""
        if not _MEMBER_Q.search(text):
            return None
        cat = catalogue()
        for doc in cat.documents.values():
            for t in doc.terms:
                if t.term not in text:
                    continue
                affirmed = affirmed_members(t, text, cat.beneficiary_words)
                denied = [m for m in denied_members(t, text, cat.beneficiary_words) if m not in affirmed]
                rest = [m for m in t.members if m not in denied]
                if lang == "zh":
                    if affirmed:
                        head = f"属于：按{t.where_zh}，{t.term}包括“{'”“'.join(affirmed)}”，您说的情况是这一类（以定义原文的限定为准）。"
                    elif denied:
                        head = (
                            ("需对照：" if rest else "不属于：")
                            + f"按{t.where_zh}，{t.term}是指{'、'.join(t.members)}；您说不是{'、'.join(denied)}"
                            + (f"，若也不是{'、'.join(rest)}，则不属于。" if rest else "。")
                        )
                    else:
                        head = f"按{t.where_zh}，{t.term}是指：{'、'.join(t.members)}；是其中之一即属于。"
                    line = f"原文：“{t.clause}”"
                else:
                    if affirmed:
                        head = f"Yes: {t.where_en} counts {'; '.join(affirmed)} as {t.term}, which is what you describe (subject to the definition's own qualifiers)."
                    elif denied:
                        head = (
                            ("It depends: " if rest else "No: ")
                            + f"{t.where_en} defines {t.term} as {'; '.join(t.members)}; you are not {'; '.join(denied)}"
                            + (f"; unless you are {'; '.join(rest)}, you are not one." if rest else ".")
                        )
                    else:
                        head = f"{t.where_en} defines {t.term} as: {'; '.join(t.members)}; being one of them is enough."
                    line = f"Text (quoted in Chinese): “{t.clause}”"
                citation = tools.cite(ClauseRef.of(doc.doc_id, t))
                return Answer(
                    answer=f"{head}\n{line}\n\n" + compose.citation_block([citation], self.docs, lang),
                    citations=[citation],
                )
        return None
