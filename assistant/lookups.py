"""Answers that quote the documents: articles, validity, eligibility, document facts, search, declines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant import compose
from assistant.answers.terms import TermAnswers
from assistant.citations import Citation, passage_citation
from assistant.intent import Understanding
from assistant.messages import Answer
from assistant.query_rewrite import GLOSSARY, policy_terms
from assistant.references import DOC_ALIASES, Reference, detect_doc, detect_docs
from assistant.retrieval import FIGURE_Q, Retriever
from assistant.tools import ToolBox, ToolCall
from assistant.understanding.topic import nouns
from calculators.catalogue import catalogue
from calculators.validity import short_note, statement, term, zh_date
from core.errors import PolicyInputError
from ingest.bm25 import tokenize
from ingest.structure import Passage

MEASURES = "measures-2017-52"
# Question-type cue: when a document was issued.
_ISSUED_Q = re.compile(
    r"(哪天|哪一天|什么时候|啥时候|何时|日期|哪年).{0,4}(印发|发布|出台|发文|下发|发的|发出)|同一天印发|(印发|发布|出台|下发)(于|的)?(日期|时间)|when was it (issued|published)|issue date",
    re.IGNORECASE,
)
MIN_MATCH_IDF = 4.0  # summed IDF of the question words found in the best passage; below it we decline
MIN_MATCH_IDF_WITH_UNKNOWN = 6.0  # stricter when the question has words the documents never use (护照, 房价)
WHOLE_PASSAGE_CHARS = 300
CLEAR_WINNER = 2.0  # a best passage this many times the runner-up's score is the one meant
CLOSE_FIGURE = 0.9  # a runner-up passage this close to the first, stating the figure asked for, is shown too
DOC_ORDER = ("opinions-2017-31", "measures-2017-52", "guide-2017-118", "plan-2017-119")
_ALL_DOCS_Q = re.compile(
    r"(四|4|几)(个|份|部)(文件|政策|文档)|哪些文件|哪几份|文件清单|文件列表|which documents|what documents|"
    r"four documents",
    re.IGNORECASE,
)
_DOC_INFO_Q = re.compile(
    r"什么时候(发布|印发|出台|发的|下发)|哪天(发布|印发)|同一天(印发|发布|发的|出台)|发布(时间|日期)|印发(时间|日期)|哪个(部门|单位)(发布|印发|制定)|"
    r"发文(单位|机关)|文号|全称|标题|when was .* (issued|published)|who issued",
    re.IGNORECASE,
)
# A figure question's answer is the clause stating the figure: clauses of a passage, and a figure in one
_CLAUSES = re.compile(r"[，,；;。]")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:亿|万|家|个|项|件|人|%|％|倍|平方米|名)")
_WHICH = re.compile(r"哪几|哪些")  # "哪几家企业": which ones are named, not how many
FIGURE_POOL = 3  # passages whose figure clauses are compared
FIGURE_LEAD = 1.2  # a figure clause this much better than the first passage's best moves its passage first
FIGURE_GAP = 2.0  # and by at least this much IDF
_QUESTION_WORDS = {
    "上限",
    "最高",
    "最多",
    "分别",
    "怎么",
    "如何",
    "什么",
    "哪些",
    "多少",
    "可以",
    "是否",
    "请问",
    "怎样",
    "为什么",
    "哪个",
    "哪里",
    "有没有",
}


def _own_words(question: str) -> str:
    """The question without the names of the documents (52号文) and without the words the glossary
    already translates into the documents' wording (买卖 -> 交易): what is left are the asker's own
    words, the ones that may lie outside the documents."""
    low = question.lower()
    for word in _NOT_OWN_WORDS:
        low = low.replace(word, " ")
    return low


# the documents' names and the glossary's colloquial words, longest first (sorted once, not per question)
_NOT_OWN_WORDS = tuple(
    w
    for w in sorted(
        [*(a.lower() for aliases in DOC_ALIASES.values() for a in aliases), *(t for t, _ in GLOSSARY)],
        key=len,
        reverse=True,
    )
    if not w.isascii()
)

OUTLINE_ZH = "的结构（各部分标题）："
_ITEM_NUMBER = re.compile(r"(^|> )\d+[.．、]")
OUTLINE_EN = "Outline of "


def is_outline(answer: Answer) -> bool:
    """The answer lists a document's headings (what a question naming a document and nothing in it gets)."""
    head = answer.answer.split("\n", 1)[0]
    return head.endswith(OUTLINE_ZH) or head.startswith(OUTLINE_EN)


class LookupAnswers(TermAnswers):
    """Mixin for the engine: everything answered by quoting rather than calculating."""

    retriever: Retriever

    @property
    def docs(self):
        return self.retriever.docs

    def _lookup(self, refs: list[Reference], u: Understanding, tools: ToolBox) -> Answer:
        lang = u.lang
        parts: list[str] = []
        citations: list[Citation] = []
        warnings: list[str] = []
        for ref in refs[:3]:
            try:
                tools.get_article(ref.doc_id, ref.number)
                passage = self.retriever.lookup.get(ref.doc_id, ref.number)
            except PolicyInputError as exc:
                tools.calls.append(
                    ToolCall(
                        name="get_article",
                        arguments={"doc_id": ref.doc_id, "number": ref.number},
                        result={"error": exc.message_zh, "detail": exc.detail},
                    )
                )
                return Answer(answer=exc.message(lang))
            c = passage_citation(passage)
            citations.append(c)
            head = compose.label(c, self.docs, lang)
            parts.append(
                f"{head}{'（' + c.section + '）' if lang == 'zh' else ' (' + c.section + ')'}：\n“{c.quote}”"
            )
        warnings += self._validity_notes(citations, tools, lang)
        if warnings:
            parts.append(compose.list_block("Notes:" if lang == "en" else "提示：", warnings))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _validity_notes(self, citations: list[Citation], tools: ToolBox, lang: str = "zh") -> list[str]:
        notes = []
        for doc_id in dict.fromkeys(c.doc_id for c in citations):
            note = short_note(doc_id, tools.today, lang)
            if note:
                tools.policy_validity(doc_id)  # the dates of the note, on record for the number guard
                notes.append(note)
        return notes

    def _validity(self, u: Understanding, refs: list[Reference], tools: ToolBox) -> Answer:
        lang = u.lang
        doc_ids = list(dict.fromkeys(r.doc_id for r in refs))
        if not doc_ids and (named := detect_docs(u.text)):
            doc_ids = named  # "指南和三年行动计划，是不是同一天印发的": each
        hits = tools.search_policy(u.text, k=3) if not doc_ids else []
        if not doc_ids:
            found = [h["citation"]["doc_id"] for h in hits]
            termed = [d for d in found[:2] if term(d).valid_to is not None or term(d).own_terms]
            doc_ids = termed[:1] or [d for d in catalogue().documents if term(d).refs][:1]
        lines: list[str] = []
        citations: list[Citation] = []
        for doc_id in doc_ids:
            facts = tools.policy_validity(doc_id)
            line = statement(doc_id, tools.today, lang)
            if _ISSUED_Q.search(u.text) and facts.get("issued"):
                # "是哪天印发的": the date the notice carries, beside the term
                line += (
                    f"印发日期：{zh_date(date.fromisoformat(facts['issued']))}。"
                    if lang == "zh"
                    else f" Issued on {facts['issued']}."
                )
            lines.append(line)
            citations += [tools.cite(ref) for ref in term(doc_id).refs]
        return Answer(
            answer="\n\n".join([*lines, compose.citation_block(citations, self.docs, lang)]),
            citations=citations,
            warnings=[line for line in lines if "届满" in line or "ended" in line],
        )

    def _search_answer(
        self, u: Understanding, tools: ToolBox, prefer: Sequence[Reference] = (), naming: Sequence[str] = ()
    ) -> Answer:
        """``prefer``: the units the conversation was just about; one of them that says every word of
        ``naming`` leads, when the search finds it ("那金普新区呢" after 第1项: 第1项's own 金普新区 sentence)."""
        if (defined := self._defined_term(u, tools)) is not None:
            return defined
        hits = tools.search(u.text, k=4)  # through the toolbox: the call and its warnings go with the answer
        relevant = bool(hits) and self._relevant(
            hits[0], u.text, runner_up=hits[1] if len(hits) > 1 else None
        )
        wanted = {(r.doc_id, r.number) for r in prefer}
        earlier = [
            h
            for h in hits
            if (h.citation.doc_id, h.citation.article or h.citation.item) in wanted
            and all(w in self._unit_text(h) for w in naming)
        ]
        relevant = relevant or bool(earlier)
        if not relevant and not FIGURE_Q.search(u.text) and (named := detect_doc(u.text)):
            return self._outline(named, u)  # "指南里提到的重点产业有哪些": the document's own headings
        if not relevant:
            u.out_of_scope_reason = "no_match"
            return self._out_of_scope(u, tools, hits=[])
        if FIGURE_Q.search(u.text) and not _WHICH.search(u.text) and u.lang == "zh":
            self._figure_first(hits, u.text)
        if earlier:
            hits.insert(0, hits.pop(hits.index(earlier[0])))
        top = hits[0]
        passage = (
            self.retriever.lookup.get(top.citation.doc_id, top.citation.article or top.citation.item or 0)
            if (top.citation.article or top.citation.item)
            else None
        )
        # The sentences that answer come first, chosen from the whole article or item (a long one is
        # indexed in several chunks, and the answering sentence may sit in one that ranked lower);
        # a short passage follows whole (hotline staff read it out).
        source = passage.text if passage is not None else top.citation.quote
        sentences = compose.best_sentences(source, top.matched_terms, question=u.text)
        whole = source.strip()
        if len(whole) <= WHOLE_PASSAGE_CHARS and len("".join(sentences)) < len(whole):
            sentences = [*sentences, whole]
        citations = []
        for s in sentences:
            base = passage if passage is not None else None
            if base is not None and s in base.text:
                citations.append(passage_citation(base, s))
            else:
                idx = top.citation.quote.find(s)
                citations.append(
                    top.citation.model_copy(
                        update={
                            "quote": s,
                            "start": top.citation.start + idx,
                            "end": top.citation.start + idx + len(s),
                        }
                    )
                )
        lead = (
            f"根据{compose.label(top.citation, self.docs, 'zh')}："
            if u.lang == "zh"
            else f"According to {compose.label(top.citation, self.docs, 'en')} (quoted in Chinese):"
        )
        answer_lines = [f"“{s}”" for s in sentences if s != whole or len(sentences) == 1]
        parts = [lead + "\n" + "\n".join(answer_lines)]
        if whole in sentences and len(sentences) > 1:
            parts.append(("全文：" if u.lang == "zh" else "Full text:") + "\n“" + whole + "”")
        rest = hits[1:3]
        if (second := self._close_figure(hits, u.text)) is not None:
            # Two passages state the figure asked for (a zone's target and its districts' stage targets):
            # both are shown, each under its own label, rather than one picked on a small margin.
            hit, sentence = second
            citations.append(passage_citation(hit.chunk, sentence))
            parts.append(
                ("另见" if u.lang == "zh" else "See also ")
                + f"{compose.label(hit.citation, self.docs, u.lang)}：\n“{sentence}”"
            )
            rest = [h for h in rest if h is not hit]
        related = [compose.label(h.citation, self.docs, u.lang) for h in rest]
        if related:
            parts.append(
                ("相关条款：" if u.lang == "zh" else "Related: ")
                + ("；" if u.lang == "zh" else "; ").join(related)
            )
        warnings = self._validity_notes(citations, tools, u.lang)
        if warnings:
            parts.append(compose.list_block("提示：" if u.lang == "zh" else "Notes:", warnings))
        return Answer(answer="\n\n".join(parts), citations=citations, warnings=warnings)

    def _unit_text(self, hit: Any) -> str:
        """The whole article or item a hit is from (a section's hit: its own text)."""
        c = hit.citation
        unit = (
            self.retriever.lookup.get(c.doc_id, c.article or c.item or 0) if (c.article or c.item) else None
        )
        return unit.text if unit is not None else str(c.quote)

    def _figure_first(self, hits: list[Any], question: str) -> None:
        """A figure question: the passage whose figure sits in a clause carrying most of the question's words
        ("人工智能及相关产业实现销售（营业）收入 400 亿元" for 高新区人工智能…销售收入) leads, when it clearly beats
        the best such clause of the first passage (a stage target naming the same zone and year)."""
        idf = self.retriever.bm25.idf
        words = {
            t
            # not the document's name; colloquial words as the documents write them (营收 -> 销售（营业）收入)
            for t in tokenize(f"{_own_words(question)} {policy_terms(question)}")
            if len(t) >= 2 and t not in _QUESTION_WORDS and t in idf and not FIGURE_Q.search(t)
        }
        # the finest words only (人工 and 智能, not also 人工智能): a phrase is not counted twice
        asked = {t for t in words if not any(w != t and w in t for w in words)}
        if not asked:
            return

        def best(hit: Any) -> float:
            c = hit.citation
            unit = (
                self.retriever.lookup.get(c.doc_id, c.article or c.item or 0)
                if (c.article or c.item)
                else None
            )
            text = unit.text if unit is not None else c.quote
            return max(
                (
                    sum(idf[t] for t in asked if t in clause)
                    for clause in _CLAUSES.split(text)
                    if _FIGURE.search(clause)
                ),
                default=0.0,
            )

        scores = [best(h) for h in hits[:FIGURE_POOL]]
        i = max(range(len(scores)), key=lambda k: scores[k], default=0)
        # (a first passage with no counted figure at all, "以 2017 年为基数", is not outdone on figures)
        if (
            i > 0
            and scores[0] > 0
            and scores[i] >= FIGURE_LEAD * scores[0]
            and scores[i] - scores[0] >= FIGURE_GAP
        ):
            hits.insert(0, hits.pop(i))

    @staticmethod
    def _close_figure(hits: list[Any], question: str) -> tuple[Any, str] | None:
        """The runner-up passage and its figure sentence, when a figure question leaves it close to the first."""
        if len(hits) < 2 or not FIGURE_Q.search(question) or hits[1].exact:
            return None
        first, second = hits[0], hits[1]
        if second.score < CLOSE_FIGURE * first.score:
            return None
        best = compose.best_sentences(second.citation.quote, second.matched_terms, limit=1, question=question)
        if not best or not re.search(r"\d", best[0]) or best[0] not in second.citation.quote:
            return None
        return second, best[0]

    def _documents(self, u: Understanding, tools: ToolBox) -> Answer:
        """What the documents are: title, 文号, issuer, date as printed, term; cites each title line."""
        named = detect_docs(u.text)
        doc_ids = named if named and not _ALL_DOCS_Q.search(u.text) else list(DOC_ORDER)
        lines, citations = [], []
        for doc_id in doc_ids:
            doc = self.docs[doc_id]
            meta = doc.meta
            v = tools.policy_validity(doc_id)
            first = doc.text.split("\n", 1)[0]
            citations.append(Citation(doc_id=doc_id, section="标题", quote=first, start=0, end=len(first)))
            issued = meta.get("dates", {}).get("issued")
            when = (
                (f"印发日期{zh_date(date.fromisoformat(issued))}" if issued else "原文未载明日期")
                if u.lang == "zh"
                else (f"issued {issued}" if issued else "no date printed")
            )
            term = meta.get("validity_note") or ("原文未规定有效期" if u.lang == "zh" else "no term stated")
            lines.append(
                f"- 《{meta['title']}》（{meta['doc_number']}），{meta['issuer']}，{when}；{term}"
                + ("（已届满）" if v["status"] == "expired" else "")
            )
        head = "这四份文件是：" if len(doc_ids) == len(DOC_ORDER) else "文件信息："
        if u.lang == "en":
            head = "The documents:" if len(doc_ids) > 1 else "Document:"
        if len(doc_ids) == 1:
            # what else the question asks of the document ("哪次常务会过的") is in its notice: its sentence
            hit = next(iter(tools.search(u.text, k=1)), None)
            if (
                hit is not None
                and hit.citation.doc_id == doc_ids[0]
                and not (hit.citation.article or hit.citation.item)
            ):
                asked = [
                    t for t in hit.matched_terms if len(t) >= 2 and t not in meta_words(self.docs[doc_ids[0]])
                ]
                idf = self.retriever.bm25.idf
                # the notice's lines (its header is lines without a full stop): the one saying the rarest words
                said = max(
                    (ln.strip() for ln in hit.citation.quote.split("\n") if ln.strip()),
                    key=lambda ln: max((idf.get(t, 0.0) for t in asked if t in ln), default=0.0),
                    default="",
                )
                if said and any(t in said for t in asked) and said not in first:
                    citations.append(passage_citation(hit.chunk, said))
                    lines.append(f"“{said}”")
        return Answer(answer="\n".join([head, *lines]), citations=citations)

    def _outline(self, doc_id: str, u: Understanding) -> Answer:
        """A document's section headings, each cited by the verbatim opening of its section."""
        doc = self.docs[doc_id]
        seen: dict[str, Passage] = {}
        for p in doc.passages:
            parts = p.section.split(" > ")
            key = " > ".join(parts[:2]) if len(parts) >= 2 else parts[0]
            if p.kind in ("section", "item") and key not in seen and key not in ("前言", "印发通知"):
                seen[key] = p
        citations = []
        lines = [
            f"《{doc.meta['title']}》{OUTLINE_ZH}"
            if u.lang == "zh"
            else f"{OUTLINE_EN}{doc.meta['doc_number']}:"
        ]
        for key, p in seen.items():
            opening = re.split(r"(?<=[。])", p.text, maxsplit=1)[0]
            citations.append(passage_citation(p, opening))
            lines.append("- " + _ITEM_NUMBER.sub(r"\1", key))  # a heading's item number is not a figure
        return Answer(answer="\n".join(lines), citations=citations[:30])

    def _relevant(self, hit: Any, question: str, runner_up: Any = None) -> bool:
        """Enough of the question's own words occur in the best passage to call it an answer."""
        if hit.exact:
            return True
        idf = self.retriever.bm25.idf
        weight = sum(idf.get(t, 0.0) for t in hit.matched_terms if len(t) >= 2)
        asked = _own_words(question)
        unknown = [
            t
            for t in tokenize(asked)
            if len(t) >= 2 and t not in idf and t not in _QUESTION_WORDS and re.search(r"[\u4e00-\u9fff]", t)
        ]
        content_words = [
            t
            for t in tokenize(question)
            if len(t) >= 2 and t not in _QUESTION_WORDS and re.search(r"[\u4e00-\u9fff]", t)
        ]
        agreed = hit.ranks.get("bm25") == 1 and hit.ranks.get("dense") == 1
        if agreed and weight >= MIN_MATCH_IDF_WITH_UNKNOWN:
            return True  # both retrievers put this passage first, on words the documents use
        # the unknown words that name things (医保, 住院费用), not the asker's manner (市里之前说…来着)
        things = nouns(asked) if len(unknown) >= 2 else []
        named = [t for t in unknown if any(t in n for n in things)]
        if len(named) >= 2 and len(unknown) * 2 >= len(content_words):
            return False  # most of what is asked about (医保, 报销, 住院) the documents never mention
        if weight >= (MIN_MATCH_IDF_WITH_UNKNOWN if unknown else MIN_MATCH_IDF):
            return True
        matched = [t for t in hit.matched_terms if len(t) >= 2]
        clear = runner_up is not None and hit.score >= CLEAR_WINNER * runner_up.score
        if weight >= MIN_MATCH_IDF and len(matched) >= 2 and clear:
            return True  # a clear winner on the documents' words; the unknown ones are the asker's own (打算, 四年)
        # Short questions made only of the documents' own words ("先导型产业包括哪些") are in scope
        # when the best passage carries every one of them.
        content = [t for t in tokenize(question) if len(t) >= 3 and t not in _QUESTION_WORDS]
        return bool(content) and not unknown and all(t in hit.matched_terms for t in content)

    def _out_of_scope(self, u: Understanding, tools: ToolBox, hits: list | None = None) -> Answer:
        lang = u.lang
        reason = {
            "chitchat": (
                "这个请求与政策咨询无关，我不能回答。",
                "That is not a question about these policies.",
            ),
            "other_city": (
                "这四份文件只适用于大连市，不包含其他城市的政策；其他城市的企业不在其适用范围内。",
                "These documents cover Dalian only, not other cities.",
            ),
            "later_policy": (
                "这四份文件是2017年发布的，不包含之后出台的新政策。",
                "These documents date from 2017; later policies are not covered.",
            ),
            "national_rules": (
                "这四份文件是大连市的政策，不包含国家或部委的认定办法、评价标准等内容，请查阅相应的国家文件。",
                "These are Dalian's policies; national or ministry recognition rules and scoring criteria are not in them.",
            ),
            "no_rule": (
                "这四份文件中没有这类金额的计算规则，我不能替您计算。",
                "The four documents contain no rule to calculate this.",
            ),
            "no_match": (
                "这四份文件中没有找到能回答这个问题的内容。",
                "The four documents do not answer this question.",
            ),
        }[u.out_of_scope_reason or "no_match"]
        parts = [
            reason[0] if lang == "zh" else reason[1],
            compose.SCOPE_ZH if lang == "zh" else compose.SCOPE_EN,
        ]
        citations: list[Citation] = []
        if u.out_of_scope_reason in ("other_city", "later_policy", "national_rules", "no_rule"):
            related = tools.search(u.text, k=2, use_exact=False)
            if related:
                parts.append(
                    ("可能相关的大连条款：" if lang == "zh" else "Possibly related Dalian provisions: ")
                    + "；".join(compose.label(h.citation, self.docs, lang) for h in related)
                )
        return Answer(answer="\n\n".join(parts), citations=citations, out_of_scope=True)


def meta_words(doc: Any) -> set[str]:
    """The words of a document's title line and 文号: what the metadata already answers."""
    first = doc.text.split("\n", 1)[0]
    return set(tokenize(f"{first} {doc.meta.get('doc_number', '')} {doc.meta.get('issuer', '')}"))
