"""Parse a corpus document into addressable passages: articles, numbered items, sections."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.numerals import chinese_to_int

CN = "一二三四五六七八九十百"
_CHAPTER = re.compile(rf"^第([{CN}]+)章\s*(.*)$")
_ARTICLE = re.compile(rf"^第([{CN}]+)条")
_LEVEL1 = re.compile(rf"^([{CN}]+)、\s*(.*)$")
_LEVEL2 = re.compile(rf"^[（(]([{CN}]+)[）)]\s*(.*)$")
_ITEM = re.compile(r"^(\d+)[.．]\s*(\D.*)$")
_STAGE = re.compile(r"^阶段目标")
_YEAR = re.compile(r"^(\d{4})\s*年")


@dataclass(frozen=True)
class Passage:
    """One addressable unit of a document with its exact span in the corpus file."""

    doc_id: str
    kind: str  # preamble | article | item | section | stage_target
    article: int | None
    item: int | None
    section: str
    start: int
    end: int
    text: str

    @property
    def unit_key(self) -> str:
        return unit_key(self.doc_id, self.article, self.item, self.section)


def unit_key(doc_id: str, article: int | None, item: int | None, section: str) -> str:
    """The addressable unit a passage or chunk belongs to: an article, an item, else its section."""
    if article is not None:
        return f"{doc_id}#a{article}"
    if item is not None:
        return f"{doc_id}#i{item}"
    return f"{doc_id}#s:{section}"


def _title(rest: str) -> str:
    """The heading part of a numbered paragraph: the words before the first 。."""
    head = re.split(r"[。：:]", rest, maxsplit=1)[0]
    return head.strip()


class _Builder:
    def __init__(self, doc_id: str, text: str) -> None:
        self.doc_id = doc_id
        self.text = text
        self.out: list[Passage] = []
        self.open: dict | None = None

    def start(self, kind: str, pos: int, section: str, article: int | None = None, item: int | None = None):
        self.close()
        self.open = {
            "kind": kind,
            "start": pos,
            "end": pos,
            "section": section,
            "article": article,
            "item": item,
        }

    def extend(self, end: int) -> None:
        assert self.open is not None
        self.open["end"] = end

    def close(self) -> None:
        if self.open is not None and self.open["end"] > self.open["start"]:
            o = self.open
            self.out.append(
                Passage(
                    self.doc_id,
                    o["kind"],
                    o["article"],
                    o["item"],
                    o["section"],
                    o["start"],
                    o["end"],
                    self.text[o["start"] : o["end"]],
                )
            )
        self.open = None


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def parse_articles(doc_id: str, text: str) -> list[Passage]:
    """第N章 / 第N条 structure (measures-2017-52)."""
    b = _Builder(doc_id, text)
    chapter = ""
    for start, end, line in _lines(text):
        if not line:
            continue
        if m := _CHAPTER.match(line):
            b.close()
            chapter = f"第{m.group(1)}章 {m.group(2)}".strip()
            continue
        if m := _ARTICLE.match(line):
            n = chinese_to_int(m.group(1))
            b.start("article", start, f"{chapter} > 第{m.group(1)}条", article=n)
        elif b.open is None:
            b.start("preamble", start, "印发通知")
        b.extend(end)
    b.close()
    return b.out


def parse_sections(doc_id: str, text: str) -> list[Passage]:
    """一、 / （一） / N. / 阶段目标 structure (the other three documents)."""
    b = _Builder(doc_id, text)
    level1 = level2 = ""
    stage = False
    for start, end, line in _lines(text):
        if not line:
            continue
        if (m := _LEVEL1.match(line)) and len(line) <= 40:
            b.close()
            level1, level2, stage = f"{m.group(1)}、{_title(m.group(2))}", "", False
            continue
        path = " > ".join(p for p in (level1, level2) if p)
        if m := _LEVEL2.match(line):
            level2, stage = f"（{m.group(1)}）{_title(m.group(2))}", False
            b.start("section", start, " > ".join(p for p in (level1, level2) if p))
        elif m := _ITEM.match(line):
            stage = False
            b.start("item", start, f"{path} > {m.group(1)}.{_title(m.group(2))}", item=int(m.group(1)))
        elif _STAGE.match(line):
            stage = True
            b.start("stage_target", start, f"{path} > 阶段目标")
        elif stage and (m := _YEAR.match(line)):
            if b.open and b.open["section"].endswith("阶段目标"):
                b.open["section"] += f" > {m.group(1)}年"
            else:
                b.start("stage_target", start, f"{path} > 阶段目标 > {m.group(1)}年")
        elif b.open is None:
            b.start("preamble" if not level1 else "section", start, path or "前言")
        b.extend(end)
    b.close()
    return b.out


def parse_document(doc_id: str, text: str) -> list[Passage]:
    return parse_articles(doc_id, text) if doc_id.startswith("measures") else parse_sections(doc_id, text)


@dataclass(frozen=True)
class Document:
    doc_id: str
    meta: dict
    text: str
    passages: tuple[Passage, ...]


@cache
def load_corpus(corpus_dir: Path) -> dict[str, Document]:
    """Read every ``*.txt`` + ``*.json`` pair in the corpus folder."""
    docs: dict[str, Document] = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        doc_id = path.stem
        meta_path = path.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {"doc_id": doc_id}
        text = path.read_text(encoding="utf-8")
        docs[doc_id] = Document(doc_id, meta, text, tuple(parse_document(doc_id, text)))
    return docs
