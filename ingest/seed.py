"""Split the extracted seed file into the four clean corpus documents.

Only layout artefacts are repaired: page-break blank lines inside a sentence are joined,
``**`` bold markers and markdown link syntax are removed. Wording is never touched; the
corpus test proves it by comparing the whitespace-free text of seed and corpus.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

TERMINAL = "。；！？：:;!?”）)】"

_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|第[一二三四五六七八九十]+章"
    r"|\d{4}年\d{1,2}月\d{1,2}日$"
    r"|大连市人民政府(?:办公厅)?$"
    r"|.*〔\d{4}〕\d+号$"
    r"|.*(?:意见|通知|指南|措施)$)"
)
_STRUCTURAL_START = re.compile(
    r"^(?:第[一二三四五六七八九十百]+[条章]|\d+[.．]\s*\D|[（(][一二三四五六七八九十\d]+[）)]"
    r"|[一二三四五六七八九十]+、|阶段目标)"
)
_LINK = re.compile(r"\[([^\]]*)\]\(#\)")
# A section heading the extraction glued onto the end of the previous paragraph.
_GLUED_HEADING = re.compile(r"(?<=。)(?=[（(][一二三四五六七八九十]+[）)])")


@dataclass(frozen=True)
class DocumentMeta:
    doc_id: str
    doc_number: str
    title: str
    short_title: str
    issuer: str
    structure: str
    dates: dict[str, str] = field(default_factory=dict)
    validity: dict[str, str | None] = field(default_factory=dict)
    validity_note: str = ""


# How each document is laid out (the splitter's business); every other fact comes from the catalogue.
_STRUCTURE = {
    "opinions-2017-31": "sections-items",
    "measures-2017-52": "chapters-articles",
    "guide-2017-118": "sections-items",
    "plan-2017-119": "sections-items-stage-targets",
}


def _validity_note(doc_id: str) -> str:
    """The term in a few words, from the catalogue: the document's own, else a rule's own term."""
    from calculators.catalogue import catalogue, where_zh

    cat = catalogue()
    doc = cat.documents[doc_id]

    def zh(d: date) -> str:
        return f"{d.year}年{d.month}月{d.day}日"

    if doc.valid_from and doc.valid_to and doc.validity is not None:
        where = where_zh(doc.validity.article, doc.validity.item)
        if where:
            return f"{where}：{doc.validity.clause.replace(' ', '')}"
        return f"计划期为{doc.valid_from.year}—{doc.valid_to.year}年。"
    own = [r for r in cat if r.doc_id == doc_id and r.valid_to is not None]
    return "".join(
        f"{r.where_zh}{r.title_zh}：{zh(r.valid_from or doc.valid_from)}至{zh(r.valid_to)}。"  # type: ignore[arg-type]
        for r in own[:1]
    )


def _documents() -> tuple[DocumentMeta, ...]:
    from calculators.catalogue import catalogue

    docs = catalogue().documents

    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return tuple(
        DocumentMeta(
            doc_id=doc_id,
            doc_number=docs[doc_id].wenhao,
            title=docs[doc_id].title_zh,
            short_title=docs[doc_id].short_title,
            issuer=docs[doc_id].issuer,
            structure=structure,
            dates={"issued": iso(docs[doc_id].issued) or ""} if docs[doc_id].issued else {},
            validity={
                "from": iso(docs[doc_id].valid_from) if docs[doc_id].valid_to else None,
                "to": iso(docs[doc_id].valid_to),
            },
            validity_note=_validity_note(doc_id),
        )
        for doc_id, structure in _STRUCTURE.items()
    )


DOCUMENTS: tuple[DocumentMeta, ...] = _documents()

# The first line of each document in the seed, in order.
_DOC_STARTS = (
    "关于全面实施创新驱动发展战略",
    "大连市人民政府关于印发大连市支持科技创新若干政策措施的通知",
    "大连市人民政府办公厅关于印发大连市重点产业领域科技创新指南的通知",
    "大连市人民政府办公厅关于印发大连国家自主创新示范区三年行动计划",
)


def strip_markup(line: str) -> str:
    """Remove the extraction's markup (bold markers, markdown links), keep the words."""
    return _LINK.sub(r"\1", line.replace("**", ""))


def is_heading(line: str) -> bool:
    return len(line) <= 50 and "。" not in line and bool(_HEADING.match(line))


def join_page_breaks(lines: list[str]) -> list[str]:
    """Join paragraphs that a page break cut in the middle of a sentence."""
    paragraphs: list[str] = []
    for line in lines:
        if (
            paragraphs
            and not paragraphs[-1].endswith(tuple(TERMINAL))
            and not is_heading(paragraphs[-1])
            and not _STRUCTURAL_START.match(line)
        ):
            prev = paragraphs[-1]
            sep = " " if prev[-1:].isascii() and prev[-1:].isalnum() and line[:1].isascii() else ""
            paragraphs[-1] = prev + sep + line
        else:
            paragraphs.append(line)
    return paragraphs


def split_seed(seed_text: str) -> dict[str, str]:
    """Return doc_id -> clean document text (paragraphs separated by one newline)."""
    lines = [strip_markup(raw).strip() for raw in seed_text.splitlines()]
    lines = [line for line in lines if line]
    starts: list[int] = []
    for marker in _DOC_STARTS:
        idx = next(i for i, line in enumerate(lines) if line.startswith(marker) and i not in starts)
        starts.append(idx)
    bounds = [*starts, len(lines)]
    out: dict[str, str] = {}
    for meta, begin, end in zip(DOCUMENTS, bounds, bounds[1:], strict=False):
        paragraphs = join_page_breaks(lines[begin:end])
        paragraphs = [part for p in paragraphs for part in _GLUED_HEADING.split(p)]
        out[meta.doc_id] = "\n".join(paragraphs) + "\n"
    return out


def write_corpus(seed_path: Path, corpus_dir: Path) -> list[Path]:
    corpus_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc_id, text in split_seed(seed_path.read_text(encoding="utf-8")).items():
        path = corpus_dir / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        meta = next(m for m in DOCUMENTS if m.doc_id == doc_id)
        (corpus_dir / f"{doc_id}.json").write_text(
            json.dumps(asdict(meta), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for p in write_corpus(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
