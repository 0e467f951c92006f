"""Exact references (第四十七条, 第47条, Article 47, 三年行动计划第8项 …) resolved before any search."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from assistant.citations import Citation, passage_citation
from core.errors import PolicyInputError
from core.numerals import chinese_to_int
from ingest.structure import Document, Passage, load_corpus

DOC_ALIASES: dict[str, tuple[str, ...]] = {
    "measures-2017-52": (
        "measures-2017-52",
        "大政发〔2017〕52号",
        "52号",
        "若干政策措施",
        "政策措施",
        "支持科技创新若干",
        "measures",
    ),
    "opinions-2017-31": ("opinions-2017-31", "大委发〔2017〕31号", "31号", "实施意见", "意见", "opinions"),
    "guide-2017-118": ("guide-2017-118", "大政办发〔2017〕118号", "118号", "创新指南", "指南", "guide"),
    "plan-2017-119": (
        "plan-2017-119",
        "大政办发〔2017〕119号",
        "119号",
        "三年行动计划",
        "行动计划",
        "三年计划",
        "plan",
    ),
}
_NUM = r"(\d{1,4}|[一二两三四五六七八九十百零〇]{1,6})"
_ARTICLE = re.compile(
    rf"第\s*{_NUM}\s*条|(?<![\d第.])(\d{{1,3}})\s*条(?![件例])|\barticle\s*(\d{{1,3}})\b|\bart\.?\s*(\d{{1,3}})\b",
    re.IGNORECASE,
)
_ITEM = re.compile(rf"第\s*{_NUM}\s*(?:项|点|个任务)|\bitem\s*(\d{{1,3}})\b", re.IGNORECASE)


class UnknownReferenceError(PolicyInputError):
    code = "unknown_reference"


class AmbiguousReferenceError(UnknownReferenceError):
    code = "ambiguous_reference"


@dataclass(frozen=True)
class Reference:
    doc_id: str
    number: int
    kind: str  # article | item
    text: str


def _int(token: str) -> int:
    return (
        int(token) if token.isdigit() else chinese_to_int(token.replace("零", "").replace("〇", "") or "零")
    )


def detect_doc(text: str) -> str | None:
    """The document a question names, longest alias first (三年行动计划 beats 计划)."""
    best: tuple[int, str] | None = None
    low = text.lower()
    for doc_id, aliases in DOC_ALIASES.items():
        for alias in aliases:
            if alias.lower() in low and (best is None or len(alias) > best[0]):
                best = (len(alias), doc_id)
    return best[1] if best else None


def detect_docs(text: str) -> list[str]:
    """Every document a question names, in the order named (an alias inside a longer one counts once)."""
    low = text.lower()
    spans: list[tuple[int, int, str]] = []
    for doc_id, aliases in DOC_ALIASES.items():
        for alias in sorted(aliases, key=len, reverse=True):
            at = low.find(alias.lower())
            if at >= 0 and not any(s <= at < e for s, e, _ in spans):
                spans.append((at, at + len(alias), doc_id))
                break
    return list(dict.fromkeys(d for _, _, d in sorted(spans)))


def find_references(text: str, default_doc: str | None = None) -> list[Reference]:
    """Every explicit article/item reference in ``text``, with the document it points to."""
    doc = detect_doc(text)
    refs: list[Reference] = []
    for m in _ARTICLE.finditer(text):
        token = next(g for g in m.groups() if g)
        # 第N条 in the other three documents means their numbered item N.
        target = doc if doc and doc != "measures-2017-52" else "measures-2017-52"
        kind = "article" if target == "measures-2017-52" else "item"
        refs.append(Reference(target, _int(token), kind, m.group(0)))
    for m in _ITEM.finditer(text):
        token = next(g for g in m.groups() if g)
        item_doc = doc or default_doc
        if item_doc is None or item_doc == "measures-2017-52":
            if item_doc is None:
                raise AmbiguousReferenceError(
                    f"“{m.group(0)}”没有说明是哪份文件：请写明《意见》《指南》或《三年行动计划》，例如“指南第26项”。",
                    f"'{m.group(0)}' does not say which document: opinions, guide or plan (e.g. 'guide item 26').",
                )
            refs.append(Reference(item_doc, _int(token), "article", m.group(0)))
            continue
        refs.append(Reference(item_doc, _int(token), "item", m.group(0)))
    return refs


class ArticleLookup:
    """Articles (measures) and numbered items (the other documents) by number, verbatim."""

    def __init__(self, docs: dict[str, Document]) -> None:
        self.docs = docs

    @classmethod
    def from_corpus(cls, corpus_dir: Path) -> ArticleLookup:
        return cls(load_corpus(corpus_dir))

    def resolve_doc(self, doc: str) -> str:
        if doc in self.docs:
            return doc
        found = detect_doc(doc)
        if found and found in self.docs:
            return found
        raise UnknownReferenceError(
            f"未知文件“{doc}”。可选：{', '.join(self.docs)}",
            f"Unknown document '{doc}'. Use one of: {', '.join(self.docs)}",
        )

    def count(self, doc_id: str) -> int:
        key = "article" if doc_id == "measures-2017-52" else "item"
        return sum(1 for p in self.docs[doc_id].passages if p.kind == key)

    def get(self, doc: str, number: int) -> Passage:
        doc_id = self.resolve_doc(doc)
        want_article = doc_id == "measures-2017-52"
        for p in self.docs[doc_id].passages:
            if (p.article if want_article else p.item) == number:
                return p
        title = self.docs[doc_id].meta.get("title", doc_id)
        total = self.count(doc_id)
        unit = "条" if want_article else "项"
        raise UnknownReferenceError(
            f"《{title}》共{total}{unit}，没有第{number}{unit}。",
            f"'{doc_id}' has {total} {'articles' if want_article else 'items'}; there is no number {number}.",
            detail={"doc_id": doc_id, "number": number, "max": total},
        )

    def citation(self, doc: str, number: int) -> Citation:
        return passage_citation(self.get(doc, number))

    def resolve(self, text: str, default_doc: str | None = None) -> list[Passage]:
        return [self.get(r.doc_id, r.number) for r in find_references(text, default_doc)]


TITLE_STRETCH = 6  # characters of a document's title that, repeated in a question, name the document


def blank_titles(text: str, titles: Iterable[str]) -> str:
    """The question with the documents' own titles blanked: "东北亚科技创新创业创投中心的意见" names a
    document, not the 创投 rules or the notice that carries the title. A question that is only a title
    keeps it."""
    out = text
    for title in titles:
        title = title.replace(" ", "")
        while True:
            m = SequenceMatcher(None, out, title, autojunk=False).find_longest_match(
                0, len(out), 0, len(title)
            )
            if m.size < TITLE_STRETCH:
                break
            out = out[: m.a] + " " + out[m.a + m.size :]
    left = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", out)
    return out if len(left) >= 4 else text


_WENHAO = re.compile(
    r"(大政办发|大政发|大委发)\s*[〔\[（(【]?\s*(20\d\d)?\s*[〕\]）)】]?\s*\d+\s*号文?|\d{2,3}\s*号文"
)


def blank_doc_names(text: str) -> str:
    """The question with a document's 文号 and longer names blanked ("大政发52号", "52号文", "政策措施"): they
    name the document, not a passage — the notice that carries them least of all."""
    out = _WENHAO.sub(" ", text)
    for aliases in DOC_ALIASES.values():
        for alias in sorted(aliases, key=len, reverse=True):
            if len(alias) >= 3 and not alias.isascii():
                out = out.replace(alias, " ")
    left = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", out)
    return out if len(left) >= 4 else text
