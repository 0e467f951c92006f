"""The look-up tab: a document's articles by number or from its contents, search, and the citation opener."""

from __future__ import annotations

import re
from typing import Any

import gradio as gr

from core.errors import PolicyInputError
from ui.i18n import request_language, text
from ui.lookup import parse_unit_ref
from ui.render import DocNames, article_card, error_note, search_hits
from ui.services import UIServices


class LookupTab:
    """Event handlers over the retriever's documents and search; build() lays the tab out."""

    def __init__(self, services: UIServices) -> None:
        self.s = services

    def names(self) -> DocNames:
        return DocNames.of(self.s.retriever().docs)

    def doc_choices(self) -> list[tuple[str, str]]:
        """Documents by 文号 and title, in 文号 order."""
        names = self.names()

        def serial(doc_id: str) -> int:
            found = re.search(r"(\d+)号", names.number(doc_id))
            return int(found.group(1)) if found else 0

        return [(f"{names.number(d)} {names.title(d)}", d) for d in sorted(names.meta, key=serial)]

    def default_doc(self) -> str | None:
        """The document with articles (the measures, where the money is) opens first."""
        docs = self.s.retriever().docs
        with_articles = [d for d, doc in docs.items() if any(p.article is not None for p in doc.passages)]
        ordered = with_articles or list(docs)
        return ordered[0] if ordered else None

    def unit_choices(self, doc_id: str | None, lang: str) -> list[tuple[str, str]]:
        docs = self.s.retriever().docs
        if not doc_id or doc_id not in docs:
            return []
        names = self.names()
        out = []
        for p in docs[doc_id].passages:
            number = p.article if p.article is not None else p.item
            if number is not None and p.kind in ("article", "item"):
                head = names.ref(doc_id, p.article, p.item, p.section, lang).split(" ", 1)[-1]
                preview = re.sub(r"^\s*(第[^条项]{1,8}[条项]|\d+[.．、])\s*", "", p.text)[:24]
                out.append((f"{head} · {preview}", str(number)))
        return out

    def show(self, doc_id: str | None, ref: str, request: gr.Request) -> tuple[Any, ...]:
        lang = request_language(request)
        if not doc_id:
            return error_note(text("choose_doc_first", lang)), gr.skip()
        parsed = parse_unit_ref(ref)
        if parsed is None:
            return error_note(text("bad_ref", lang, text=ref.strip())), gr.skip()
        try:
            passage = self.s.retriever().lookup.get(doc_id, parsed.number)
        except PolicyInputError as exc:
            return error_note(exc.message(lang)), gr.skip()
        return article_card(self.names(), doc_id, passage, lang), gr.update(value=str(parsed.number))

    def pick_doc(self, doc_id: str | None, ref: str, request: gr.Request) -> tuple[Any, ...]:
        """Another document: its contents, and the number already typed looked up in it."""
        units = gr.update(choices=self.unit_choices(doc_id, request_language(request)), value=None)
        if not (ref or "").strip():
            return units, ""
        card, unit = self.show(doc_id, ref, request)
        return gr.update(
            choices=units["choices"], value=unit.get("value") if isinstance(unit, dict) else None
        ), card

    def pick_unit(self, doc_id: str | None, unit: str | None, request: gr.Request) -> tuple[Any, ...]:
        if not unit:
            return gr.skip(), gr.skip()
        card, _ = self.show(doc_id, unit, request)
        return card, unit

    def open_ref(self, value: str, request: gr.Request) -> tuple[Any, ...]:
        """A citation's "open" button: switch to the look-up tab showing that article."""
        parts = (value or "").split()
        if len(parts) < 2:
            return tuple(gr.skip() for _ in range(5))
        doc_id, number = parts[0], parts[1]
        card, _ = self.show(doc_id, number, request)
        return (
            gr.Tabs(selected="lookup"),
            gr.update(value=doc_id),
            gr.update(choices=self.unit_choices(doc_id, request_language(request)), value=number),
            number,
            card,
        )

    def search(self, query: str, request: gr.Request) -> str:
        lang = request_language(request)
        try:
            hits = self.s.retriever().search(query or "", k=8)
        except PolicyInputError as exc:
            return error_note(exc.message(lang))
        return search_hits(hits, self.names(), lang)

    def on_load(self, request: gr.Request) -> tuple[Any, ...]:
        first = self.default_doc()
        return (
            gr.update(choices=self.doc_choices(), value=first),
            gr.update(choices=self.unit_choices(first, request_language(request)), value=None),
        )

    # ------------------------------------------------------------------ layout
    def build(self, t: gr.I18n, demo: gr.Blocks) -> None:
        doc = gr.Dropdown([], label=t("lookup_doc"), elem_id="browse-doc", interactive=True)
        with gr.Row(equal_height=True):
            ref = gr.Textbox(label=t("lookup_ref"), elem_id="browse-ref", scale=3, min_width=180)
            show = gr.Button(t("lookup_go"), elem_id="browse-go", scale=1, min_width=80)
        unit = gr.Dropdown([], label=t("lookup_browse"), elem_id="browse-unit", interactive=True)
        unit_text = gr.HTML("", elem_id="browse-text")
        with gr.Row(equal_height=True):
            q = gr.Textbox(label=t("search_input"), elem_id="search-input", scale=4, min_width=180)
            go = gr.Button(t("search_go"), elem_id="search-go", scale=1, min_width=80)
        results = gr.HTML("", elem_id="search-results")

        doc.input(self.pick_doc, [doc, ref], [unit, unit_text])
        gr.on([show.click, ref.submit], self.show, [doc, ref], [unit_text, unit])
        unit.input(self.pick_unit, [doc, unit], [unit_text, ref])
        gr.on([go.click, q.submit], self.search, [q], [results])
        demo.load(self.on_load, None, [doc, unit])
        self._outputs = (doc, unit, ref, unit_text)

    def build_opener(self, t: gr.I18n, tabs: gr.Tabs) -> None:
        """The hidden control behind every citation's "open in look-up" button, whichever tab shows it.

        ui.js stores the clicked citation in window.__policyOpenRef and clicks this off-screen button
        (a component with visible="hidden" sends no events; a synthetic input event reaches no handler).
        """
        doc, unit, ref, unit_text = self._outputs
        with gr.Row(elem_id="open-ref"):
            opener = gr.Textbox(
                label=t("open_ref"), html_attributes=gr.InputHTMLAttributes(tabindex=-1), container=False
            )
            open_button = gr.Button(t("open_ref"), elem_id="open-ref-btn")
        open_button.click(
            self.open_ref,
            [opener],
            [tabs, doc, unit, ref, unit_text],
            js="(value) => window.__policyOpenRef || value",
        ).then(None, js="() => document.querySelector('#browse-text')?.scrollIntoView({block: 'start'})")
