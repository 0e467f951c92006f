"""Deterministic answer text: the direct answer first, then steps, conditions, validity, citations."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.citations import Citation
from calculators.amounts import format_wan
from calculators.results import CalculationResult
from ingest.structure import Document

SCOPE_ZH = (
    "我能回答的是大连市2017年发布的四份科技政策文件："
    "《关于全面实施创新驱动发展战略 加快建设东北亚科技创新创业创投中心的意见》（大委发〔2017〕31号）、"
    "《大连市支持科技创新若干政策措施》（大政发〔2017〕52号）、"
    "《大连市重点产业领域科技创新指南》（大政办发〔2017〕118号）、"
    "《大连国家自主创新示范区三年行动计划（2017—2019年）》（大政办发〔2017〕119号）——"
    "包括其中的补助、奖励、风险补偿的计算，条款原文查询和有效期说明。"
)
SCOPE_EN = (
    "I answer questions about four 2017 Dalian science-and-technology policy documents "
    "(大委发〔2017〕31号, 大政发〔2017〕52号, 大政办发〔2017〕118号, 大政办发〔2017〕119号): "
    "their subsidies, rewards and compensation amounts, the exact articles, and their validity."
)


def where(article: int | None, item: int | None, section: str, lang: str = "zh") -> str:
    """第四十七条 / 第26项 (Article 47 / item 26), else the last heading of the section path."""
    if article is not None:
        return f"Article {article}" if lang == "en" else f"第{_cn(article)}条"
    if item is not None:
        return f"item {item}" if lang == "en" else f"第{item}项"
    return section.split(" > ")[-1]


def _cn(n: int) -> str:
    from core.numerals import int_to_chinese

    return int_to_chinese(n)


def label(c: Citation, docs: dict[str, Document], lang: str = "zh") -> str:
    meta = docs[c.doc_id].meta if c.doc_id in docs else {}
    number = meta.get("doc_number", c.doc_id)
    if lang == "en":
        return f"{number} {where(c.article, c.item, c.section, 'en')}"
    short = meta.get("short_title", meta.get("title", c.doc_id))
    return f"《{short}》（{number}）{where(c.article, c.item, c.section)}"


def citation_block(citations: list[Citation], docs: dict[str, Document], lang: str) -> str:
    head = "Sources (verbatim):" if lang == "en" else "依据原文："
    lines = [head]
    for c in citations:
        lines.append(f"- {label(c, docs, lang)}：“{c.quote}”")
    return "\n".join(lines)


def money(yuan: Decimal) -> str:
    return format_wan(yuan)


def money_en(yuan: Decimal) -> str:
    return f"{format_wan(yuan)} ({yuan.quantize(Decimal('1')):,} yuan)"


def steps_block(result: CalculationResult, lang: str) -> str:
    head = "Calculation steps:" if lang == "en" else "计算过程："
    return "\n".join([head, *[f"{i}) {s.text}" for i, s in enumerate(result.steps, 1)]])


def list_block(title: str, items: list[str]) -> str:
    return "\n".join([title, *[f"- {x}" for x in items]]) if items else ""


_QUANTITY_Q = re.compile(r"多少|几|哪一?年|什么时候|何时|how (much|many)|when|what year", re.IGNORECASE)
_UNITS = ("亿", "万", "家", "个", "项", "人", "名", "%", "倍", "年")
# Question-type cue: who is responsible is asked; the unit's 责任单位 line answers it
WHO_Q = re.compile(
    r"哪些?(?:个)?(?:部门|单位)|什么部门|责任单位|牵头单位|负责(?:部门|单位)|谁(?:来)?负责|由谁|"
    r"which (?:department|agenc|bod)|who is responsible|responsible (?:department|agenc)",
    re.IGNORECASE,
)
RESPONSIBLE = re.compile(r"责任单位|牵头单位|负责单位")


def best_sentences(text: str, terms: list[str], limit: int = 2, question: str = "") -> list[str]:
    """The sentences of a passage that answer the question (verbatim): those carrying most of its terms,
    and, when it asks for a quantity, a figure in the unit it asks about."""
    sentences = [s for s in re.split(r"(?<=[。；！？])", text) if s.strip()]
    if not sentences:
        return [text]
    wants_figure = bool(_QUANTITY_Q.search(question))
    units = [u for u in _UNITS if u in question]

    def score(s: str) -> float:
        value = float(sum(len(t) for t in terms if t in s))
        if wants_figure and re.search(r"\d", s):
            value += 2
            # a term the figure is stated for ("技术市场交易额 150 亿元") counts again
            value += sum(
                len(t)
                for t in terms
                if not t.isdigit() and re.search(re.escape(t) + r"[^，。；,;\d]{0,6}\d", s)
            )
            value += sum(3 for u in units if re.search(r"\d\s*" + re.escape(u), s))
        return value

    scored = sorted(range(len(sentences)), key=lambda i: (-score(sentences[i]), i))
    keep = set(scored[:limit])
    if wants_figure:
        # the figure stated for most of the question's words, in its own clause ("人工智能及相关产业实现销售
        # （营业）收入 400 亿元"): every sentence holding such a clause is shown, the ties too (高新区's, 金普's)
        def clause_score(s: str) -> int:
            return max(
                (
                    sum(len(t) for t in terms if t in c)
                    for c in re.split(r"[，,；;。]", s)
                    if re.search(r"\d", c)
                ),
                default=0,
            )

        top = max(clause_score(s) for s in sentences)
        keep |= {i for i in scored if top and clause_score(sentences[i]) == top}
    if WHO_Q.search(question):
        keep |= {i for i, s in enumerate(sentences) if RESPONSIBLE.search(s)}
    # a question in parts ("…最少能分到几成？这一条的责任单位都有哪些部门"): each part's best sentence too
    parts = [q for q in re.split(r"[？?；;。！!]", question) if q.strip()]
    added = 0
    for part in parts if len(parts) > 1 else []:
        own = [t for t in terms if t in part]
        best = max(range(len(sentences)), key=lambda i: (sum(len(t) for t in own if t in sentences[i]), -i))
        if own and any(t in sentences[best] for t in own) and best not in keep:
            keep.add(best)
            added += 1
    return [sentences[i].strip() for i in sorted(keep)][: limit + 3 + added]
