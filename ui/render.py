"""HTML for answers, sources, steps and search hits. Every piece of text is escaped: nothing a user or a
document contains is ever interpreted as markup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.compose import where
from ui.i18n import text


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def user_bubble(message: str) -> str:
    """The user's own words, shown as typed: one escaped HTML line, so neither HTML nor Markdown applies."""
    body = esc(message).replace("\r\n", "\n").replace("\n", "<br>")
    return f"<div class='user-text'>{body}</div>"


def draft_bubble(draft: str, lang: str) -> str:
    """An answer still arriving: the text received so far as plain text (a placeholder until the first)."""
    if not draft.strip():
        return f"<div class='answer draft' aria-busy='true'><p class='waiting'>{esc(text('answering', lang))}</p></div>"
    body = esc(draft.strip()).replace("\r\n", "\n").replace("\n", "<br>")
    return f"<div class='answer draft' aria-busy='true'><div class='draft-text'>{body}</div></div>"


def _bare(line: str) -> str:
    return line.strip().lstrip("-•*·").strip()


def _repeats(line: str, quotes: list[str], warnings: list[str]) -> bool:
    """A line that only restates a quoted source or a warning, which the sources panel and the banner show."""
    core = _bare(line)
    if not core:
        return False
    if any(w and (core == w or (w in core and len(w) * 2 >= len(core))) for w in warnings):
        return True
    return any(q and q in core and len(q) * 2 >= len(core) - 40 for q in quotes)


def _is_heading(line: str) -> bool:
    s = line.strip()
    return bool(s) and s.endswith((":", "：")) and not s.startswith(("-", "•"))


def answer_parts(answer: str, quotes: list[str], warnings: list[str]) -> tuple[str, list[str]]:
    """The headline (first line) and the body without the sources and warnings repeated elsewhere."""
    lines = answer.strip().splitlines() or [""]
    headline, rest = lines[0].strip(), [ln for ln in lines[1:] if not _repeats(ln, quotes, warnings)]
    body: list[str] = []
    for i, line in enumerate(rest):
        if _is_heading(line):
            following = next((x for x in rest[i + 1 :] if x.strip()), None)
            if following is None or _is_heading(following):
                continue  # a heading whose list moved to the sources panel or the banner
        if not line.strip() and (not body or not body[-1].strip()):
            continue
        body.append(line.rstrip())
    while body and not body[-1].strip():
        body.pop()
    return headline, body


def answer_bubble(answer: Mapping[str, Any]) -> str:
    """The assistant's bubble: the headline first, in bold, then the rest as plain text."""
    quotes = [str(c.get("quote", "")) for c in answer.get("citations", [])]
    headline, body = answer_parts(str(answer.get("answer", "")), quotes, list(answer.get("warnings", [])))
    out = f"<div class='answer'><p class='headline'><strong>{esc(headline)}</strong></p>"
    if body:
        out += "<div class='answer-body'>" + "<br>".join(esc(line) for line in body) + "</div>"
    return out + "</div>"


# ----------------------------------------------------------------------------- sources
@dataclass
class SourceGroup:
    doc_id: str
    article: int | None
    item: int | None
    section: str
    quotes: list[str] = field(default_factory=list)

    @property
    def number(self) -> int | None:
        return self.article if self.article is not None else self.item


def group_sources(citations: Iterable[Mapping[str, Any]]) -> list[SourceGroup]:
    """One group per article or item (five quotes from 第四十七条 make one source), in first-seen order."""
    groups: dict[tuple[str, int | None, int | None, str], SourceGroup] = {}
    for c in citations:
        article, item = c.get("article"), c.get("item")
        key = (str(c["doc_id"]), article, item, "" if article or item else str(c.get("section", "")))
        group = groups.setdefault(key, SourceGroup(key[0], article, item, str(c.get("section", ""))))
        quote = str(c.get("quote", "")).strip()
        if quote and quote not in group.quotes:
            group.quotes.append(quote)
    return list(groups.values())


@dataclass(frozen=True)
class DocNames:
    """文号 and titles from the corpus metadata."""

    meta: Mapping[str, Mapping[str, Any]]

    @classmethod
    def of(cls, docs: Mapping[str, Any]) -> DocNames:
        """From the retriever's documents (doc_id -> document with its ``meta``)."""
        return cls({d: doc.meta for d, doc in docs.items()})

    def number(self, doc_id: str) -> str:
        return str(self.meta.get(doc_id, {}).get("doc_number", doc_id))

    def title(self, doc_id: str) -> str:
        return str(self.meta.get(doc_id, {}).get("title", ""))

    def ref(self, doc_id: str, article: int | None, item: int | None, section: str, lang: str) -> str:
        return f"{self.number(doc_id)} {where(article, item, section, lang)}"


def copy_text(names: DocNames, group: SourceGroup, lang: str) -> str:
    ref = names.ref(group.doc_id, group.article, group.item, group.section, lang)
    sep = ": " if lang == "en" else "："
    return ref + sep + "……".join(f"“{q}”" for q in group.quotes)


def cite_buttons(copy: str, lang: str, doc_id: str | None = None, number: int | None = None) -> str:
    out = (
        f"<button type='button' class='cite-btn' data-copy='{esc(copy)}' "
        f"data-done='{esc(text('copied', lang))}'>{esc(text('copy', lang))}</button>"
    )
    if doc_id and number is not None:
        out += (
            f"<button type='button' class='cite-btn' data-open-doc='{esc(doc_id)}' data-open-n='{number}'>"
            f"{esc(text('open_in_lookup', lang))}</button>"
        )
    return f"<div class='cite-actions'>{out}</div>"


def source_cards(
    citations: Iterable[Mapping[str, Any]],
    names: DocNames,
    full_text: Callable[[str, int], str | None],
    lang: str,
) -> str:
    """Numbered, compact source cards, each expandable to the full article, with copy and open buttons."""
    groups = group_sources(citations)
    if not groups:
        return ""
    cards = []
    for i, g in enumerate(groups, 1):
        full = full_text(g.doc_id, g.number) if g.number is not None else None
        quotes = "".join(f"<li>“{esc(q)}”</li>" for q in g.quotes)
        cards.append(
            f"<li class='cite-card' data-ref='{esc(g.doc_id)}:{g.number or ''}'>"
            f"<div class='cite-head'><span class='cite-no'>{i}</span> "
            f"{esc(names.ref(g.doc_id, g.article, g.item, g.section, lang))} "
            f"<span class='cite-title'>{esc(names.title(g.doc_id))}</span></div>"
            f"<ul class='cite-quotes'>{quotes}</ul>"
            + (
                f"<details><summary>{esc(text('full_text', lang))}</summary>"
                f"<div class='cite-full'>{esc(full)}</div></details>"
                if full
                else ""
            )
            + cite_buttons(copy_text(names, g, lang), lang, g.doc_id, g.number)
            + "</li>"
        )
    return (
        f"<section class='sources' aria-label='{esc(text('sources', lang))}'>"
        f"<h3>{esc(text('sources', lang))}</h3><ol class='cite-list'>{''.join(cards)}</ol></section>"
    )


def validity_banner(warnings: Iterable[str], lang: str) -> str:
    unique = list(dict.fromkeys(w.strip() for w in warnings if w and w.strip()))
    if not unique:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in unique)
    return (
        f"<div class='validity' role='note'><strong>⚠️ {esc(text('validity', lang))}</strong>"
        f"<ul>{items}</ul></div>"
    )


# ----------------------------------------------------------------------------- steps
def _step_rows(steps: list[Mapping[str, Any]], names: DocNames, lang: str) -> str:
    rows = []
    for s in steps:
        c = s.get("citation") or {}
        clause = ""
        if c:
            ref = names.ref(c["doc_id"], c.get("article"), c.get("item"), c.get("section", ""), lang)
            clause = f"<span class='clause-ref'>{esc(ref)}</span> <q>{esc(c.get('quote', ''))}</q>"
        rows.append(
            f"<tr><td data-label='{esc(text('step', lang))}'>{esc(s.get('text', ''))}</td>"
            f"<td data-label='{esc(text('clause', lang))}'>{clause}</td></tr>"
        )
    return "".join(rows)


def steps_table(results: Iterable[Mapping[str, Any]], names: DocNames, lang: str) -> str:
    """One table per calculation: the rule's title as caption, then step and clause per row."""
    tables = []
    for r in results:
        steps = list(r.get("steps") or [])
        if not steps:
            continue
        citations = list(r.get("citations") or [])
        if citations and len(citations) == len(steps):  # the contract citation (with offsets) of each step
            steps = [{**s, "citation": c} for s, c in zip(steps, citations, strict=True)]
        title = r.get("title_en") if lang == "en" and r.get("title_en") else r.get("title", "")
        tables.append(
            f"<table class='steps'><caption>{esc(title)}</caption><thead><tr>"
            f"<th scope='col'>{esc(text('step', lang))}</th><th scope='col'>{esc(text('clause', lang))}</th>"
            f"</tr></thead><tbody>{_step_rows(steps, names, lang)}</tbody></table>"
        )
    if not tables:
        return ""
    return f"<section class='steps-wrap'><h3>{esc(text('steps', lang))}</h3>{''.join(tables)}</section>"


# ----------------------------------------------------------------------------- search and look-up
def highlight(value: str, terms: Iterable[str]) -> str:
    escaped = esc(value)
    for term in sorted({t for t in terms if t.strip()}, key=len, reverse=True):
        escaped = re.sub(re.escape(esc(term)), lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return escaped


def search_hits(hits: Iterable[Any], names: DocNames, lang: str) -> str:
    cards = []
    for i, h in enumerate(hits, 1):
        c = h.citation
        g = SourceGroup(c.doc_id, c.article, c.item, c.section, [c.quote])
        cards.append(
            f"<li class='cite-card hit'><div class='cite-head'><span class='cite-no'>{i}</span> "
            f"{esc(names.ref(c.doc_id, c.article, c.item, c.section, lang))} "
            f"<span class='cite-title'>{esc(names.title(c.doc_id))}</span></div>"
            f"<div class='cite-section'>{esc(c.section)}</div>"
            f"<blockquote>{highlight(c.quote, h.matched_terms)}</blockquote>"
            + cite_buttons(copy_text(names, g, lang), lang, c.doc_id, g.number)
            + "</li>"
        )
    if not cards:
        return f"<p class='empty'>{esc(text('no_hits', lang))}</p>"
    return f"<ol class='cite-list'>{''.join(cards)}</ol>"


def article_card(names: DocNames, doc_id: str, passage: Any, lang: str) -> str:
    g = SourceGroup(doc_id, passage.article, passage.item, passage.section, [passage.text])
    return (
        f"<div class='cite-card article' role='region' aria-live='polite'>"
        f"<div class='cite-head'>{esc(names.ref(doc_id, passage.article, passage.item, passage.section, lang))} "
        f"<span class='cite-title'>{esc(names.title(doc_id))}</span></div>"
        f"<div class='cite-section'>{esc(passage.section)}</div>"
        f"<div class='cite-full'>{esc(passage.text)}</div>"
        + cite_buttons(copy_text(names, g, lang), lang)
        + "</div>"
    )


def error_note(message: str) -> str:
    return f"<div class='field-error' role='alert'>{esc(message)}</div>"
