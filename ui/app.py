"""The Gradio UI (chat, look-up, calculators): a thin layer over collaborators passed in as UIServices."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import gradio as gr

from core.errors import PolicyInputError
from ui import conversation as convo
from ui.calc_form import (
    assign,
    calculator_title,
    choice_label,
    field_errors_html,
    param_label,
    run_form,
    slot_counts,
    slot_ids,
    usable,
)
from ui.i18n import EXAMPLE_KEYS, language_of, text, translations
from ui.lookup import parse_unit_ref
from ui.render import (
    DocNames,
    article_card,
    error_note,
    search_hits,
    source_cards,
    steps_table,
    validity_banner,
)
from ui.services import UIServices

log = logging.getLogger("policy_assistant.ui")
ASSETS = Path(__file__).parent / "assets"
# Conversations stay in the user's own browser; the key only has to be stable across restarts and
# workers (a random one would make every restart forget them), it protects nothing secret.
RECENT_KEY = "policy-assistant-recent"
RECENT_SECRET = "policy-assistant-recent-v1"


def _lang(request: gr.Request | None) -> str:
    headers = getattr(request, "headers", None) or {}
    return language_of(headers.get("accept-language"))


class PolicyUI:
    """Event handlers over the services; build() lays out the Blocks."""

    def __init__(self, services: UIServices) -> None:
        self.s = services
        self.i18n = gr.I18n(**translations())

    # ------------------------------------------------------------------ helpers
    def names(self) -> DocNames:
        return DocNames({d: doc.meta for d, doc in self.s.retriever().docs.items()})

    def _full_text(self, doc_id: str, number: int) -> str | None:
        try:
            return str(self.s.retriever().lookup.get(doc_id, number).text)
        except PolicyInputError:
            return None

    def panels(self, answer: dict[str, Any] | None, lang: str) -> tuple[str, str, str]:
        if not answer:
            return "", "", ""
        names = self.names()
        results = [tc["result"] for tc in answer.get("tool_calls", []) if isinstance(tc.get("result"), dict)]
        return (
            validity_banner(answer.get("warnings", []), lang),
            source_cards(answer.get("citations", []), names, self._full_text, lang),
            steps_table(results, names, lang),
        )

    def _view(self, conv: dict[str, Any], recent: list[dict[str, Any]], lang: str) -> tuple[Any, ...]:
        banner, sources, steps = self.panels(convo.last_answer(conv), lang)
        return (
            convo.chat_messages(conv),
            conv,
            recent,
            gr.update(choices=convo.recent_choices(recent), value=None),
            banner,
            sources,
            steps,
            "",
            gr.update(visible=False),
        )

    # ------------------------------------------------------------------ chat
    def ask(
        self,
        question: str,
        conv: dict[str, Any] | None,
        recent: list[dict[str, Any]] | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        question = (question or "").strip()
        if not question:
            return tuple(gr.skip() for _ in range(10))  # an empty send changes nothing on screen
        lang = _lang(request)
        conv = dict(conv) if conv and conv.get("id") else convo.new_conversation()
        try:
            answer = self.s.answer(convo.engine_messages(conv, question)).model_dump(mode="json")
            convo.add_turn(conv, question, answer)
        except PolicyInputError as exc:
            convo.add_turn(conv, question, None, exc.message(lang))
        recent = convo.remember(recent, conv)
        return ("", *self._view(conv, recent, lang))

    def example(self, key: str) -> Any:
        """A handler that asks example question ``key`` in the user's language: one click sends it."""

        def ask_example(
            conv: dict[str, Any] | None, recent: list[dict[str, Any]] | None, request: gr.Request
        ) -> tuple[Any, ...]:
            return self.ask(text(key, _lang(request)), conv, recent, request)

        return ask_example

    def new_chat(self, recent: list[dict[str, Any]] | None, request: gr.Request) -> tuple[Any, ...]:
        return ("", *self._view(convo.new_conversation(), list(recent or []), _lang(request)))

    def reopen(
        self, conv_id: str | None, recent: list[dict[str, Any]] | None, request: gr.Request
    ) -> tuple[Any, ...]:
        conv = convo.find(recent, conv_id)
        if conv is None:
            return tuple(gr.skip() for _ in range(10))
        return ("", *self._view(conv, list(recent or []), _lang(request)))

    # ------------------------------------------------------------------ feedback
    def rate(self, conv: dict[str, Any] | None, data: gr.LikeData, request: gr.Request) -> tuple[Any, ...]:
        lang = _lang(request)
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = convo.turn_at(conv or {}, index)
        if not turn or not turn.get("answer"):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        store = self.s.feedback()
        which = text("fb_answer_no", lang, n=index // 2 + 1)
        if data.liked is not True and data.liked is not False:
            store.withdraw(turn["id"])
            return (
                f"<div class='fb-done' role='status'>{text('fb_removed', lang)}</div>",
                None,
                gr.update(visible=False),
                "",
            )
        rating = 1 if data.liked is True else -1
        replaced = store.rate(
            answer_id=turn["id"],
            rating=rating,
            question=turn["question"],
            answer=turn["answer"]["answer"],
            citations=turn["answer"].get("citations", []),
            turns=[t["question"] for t in (conv or {}).get("turns", [])[: index // 2 + 1]],
        )
        note = text("fb_thanks_up" if rating > 0 else "fb_thanks_down", lang) + f"（{which}）"
        if replaced:
            note += text("fb_changed", lang)
        return f"<div class='fb-done' role='status'>{note}</div>", turn["id"], gr.update(visible=True), ""

    def comment(self, comment: str, answer_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        if not answer_id or not (comment or "").strip():
            return gr.skip(), gr.skip()
        self.s.feedback().comment(answer_id, comment.strip())
        return f"<div class='fb-done' role='status'>{text('fb_comment_saved', _lang(request))}</div>", ""

    # ------------------------------------------------------------------ look-up
    def doc_choices(self, lang: str) -> list[tuple[str, str]]:
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
        lang = _lang(request)
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
        units = gr.update(choices=self.unit_choices(doc_id, _lang(request)), value=None)
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
        lang = _lang(request)
        card, _ = self.show(doc_id, number, request)
        return (
            gr.Tabs(selected="lookup"),
            gr.update(value=doc_id),
            gr.update(choices=self.unit_choices(doc_id, lang), value=number),
            number,
            card,
        )

    def search(self, query: str, request: gr.Request) -> str:
        lang = _lang(request)
        try:
            hits = self.s.retriever().search(query or "", k=8)
        except PolicyInputError as exc:
            return error_note(exc.message(lang))
        return search_hits(hits, self.names(), lang)

    # ------------------------------------------------------------------ calculators
    def calc_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(calculator_title(s, lang), n) for n, s in self.s.calculators.items() if usable(s)]

    def calc_fields(self, name: str | None, request: gr.Request) -> list[Any]:
        """Show only the fields the chosen calculator uses, labelled in the user's language."""
        lang = _lang(request)
        spec = self.s.calculators.get(name or "")
        used = assign(spec) if spec else {}
        updates: list[Any] = []
        for slot in self.slots:
            p = used.get(slot)
            if p is None:
                updates.append(gr.update(visible=False))
                continue
            upd: dict[str, Any] = {"visible": True, "label": param_label(p, lang)}
            if p.kind == "choice":
                upd["choices"] = [(choice_label(c, lang), c) for c in p.choices]
                upd["value"] = p.default or (p.choices[0] if p.required and p.choices else None)
            elif p.kind == "bool":
                upd["value"] = bool(p.default)
            else:
                upd["value"] = None if p.kind == "int" else ""
            updates.append(gr.update(**upd))
        return [*updates, *("" for _ in self.slots), "", "", ""]

    def calculate(self, data: dict[Any, Any], request: gr.Request) -> list[Any]:
        """``data``: the form's components and their values (Gradio passes a dict for a set of inputs)."""
        lang = _lang(request)
        spec = self.s.calculators.get(data.get(self.calc_name) or "")
        if spec is None:
            return ["" for _ in self.slots] + ["", "", ""]
        values = {slot: data.get(component) for slot, component in zip(self.slots, self.fields, strict=True)}
        form = run_form(spec, values, self.s.calculate, self.names(), lang)
        general = error_note(form.errors[""]) if "" in form.errors else ""
        return [*field_errors_html(form, self.slots), general, form.summary, form.steps]

    # ------------------------------------------------------------------ startup
    def on_load(self, recent: list[dict[str, Any]] | None, request: gr.Request) -> tuple[Any, ...]:
        lang = _lang(request)
        docs = self.doc_choices(lang)
        first = self.default_doc()
        calcs = self.calc_choices(lang)
        return (
            gr.update(choices=convo.recent_choices(recent), value=None),
            gr.update(choices=docs, value=first),
            gr.update(choices=self.unit_choices(first, lang), value=None),
            gr.update(choices=calcs, value=calcs[0][1] if calcs else None),
        )

    # ------------------------------------------------------------------ layout
    def build(self) -> gr.Blocks:
        t = self.i18n
        self.slots = slot_ids(slot_counts(self.s.calculators))
        with gr.Blocks(title="大连科技政策助手 · Dalian S&T policy assistant") as demo:
            gr.Markdown(t("app_intro"), elem_id="intro")
            conv = gr.State(convo.new_conversation())
            recent = gr.BrowserState([], storage_key=RECENT_KEY, secret=RECENT_SECRET)
            rated = gr.State(None)
            with gr.Tabs(elem_id="tabs") as tabs:
                with gr.Tab(t("tab_chat"), id="chat", elem_id="tab-chat"):
                    with gr.Row(elem_id="chat-tools", equal_height=True):
                        new = gr.Button(t("new_chat"), elem_id="new-chat", size="sm", scale=0, min_width=100)
                        history = gr.Dropdown(
                            [], label=t("recent"), elem_id="recent", scale=3, interactive=True, min_width=200
                        )
                    chatbot = gr.Chatbot(
                        label=t("chat_label"),
                        elem_id="chatbot",
                        height="55vh",
                        min_height=280,
                        autoscroll=False,
                        latex_delimiters=[],
                        buttons=["copy"],
                        feedback_options=("Like", "Dislike"),
                    )
                    fb_status = gr.HTML("", elem_id="fb-status")
                    with gr.Row(elem_id="fb-comment-row", visible=False, equal_height=True) as fb_row:
                        fb_comment = gr.Textbox(
                            label=t("feedback_comment"),
                            elem_id="fb-comment",
                            max_length=2000,
                            scale=4,
                            min_width=180,
                        )
                        fb_send = gr.Button(t("feedback_send"), elem_id="fb-send", scale=1, min_width=100)
                    with gr.Row(elem_id="chat-input-row", equal_height=True):
                        box = gr.Textbox(
                            label=t("chat_input"),
                            placeholder=t("chat_placeholder"),
                            elem_id="chat-input",
                            scale=5,
                            max_length=4000,
                            autofocus=True,
                        )
                        send = gr.Button(
                            t("send"), variant="primary", elem_id="chat-send", scale=1, min_width=80
                        )
                    with gr.Group(elem_id="examples"):
                        gr.Markdown(t("examples"), elem_classes="examples-label")
                        with gr.Row():
                            examples = [
                                gr.Button(t(k), size="sm", elem_classes="example", min_width=120)
                                for k in EXAMPLE_KEYS
                            ]
                    banner = gr.HTML("", elem_id="chat-warnings")
                    sources = gr.HTML("", elem_id="chat-citations")
                    steps = gr.HTML("", elem_id="chat-steps")
                with gr.Tab(t("tab_lookup"), id="lookup", elem_id="tab-lookup"):
                    doc = gr.Dropdown([], label=t("lookup_doc"), elem_id="browse-doc", interactive=True)
                    with gr.Row(equal_height=True):
                        ref = gr.Textbox(label=t("lookup_ref"), elem_id="browse-ref", scale=3, min_width=180)
                        show = gr.Button(t("lookup_go"), elem_id="browse-go", scale=1, min_width=80)
                    unit = gr.Dropdown([], label=t("lookup_browse"), elem_id="browse-unit", interactive=True)
                    unit_text = gr.HTML("", elem_id="browse-text")
                    with gr.Row(equal_height=True):
                        q = gr.Textbox(
                            label=t("search_input"), elem_id="search-input", scale=4, min_width=180
                        )
                        go = gr.Button(t("search_go"), elem_id="search-go", scale=1, min_width=80)
                    results = gr.HTML("", elem_id="search-results")
                with gr.Tab(t("tab_calc"), id="calc", elem_id="tab-calc"):
                    calc = gr.Dropdown([], label=t("calc_name"), elem_id="calc-name", interactive=True)
                    fields: list[Any] = []
                    errors: list[Any] = []
                    for slot in self.slots:
                        kind = slot.split("-")[0]
                        eid = f"calc-{slot}"
                        if kind == "choice":
                            fields.append(
                                gr.Dropdown([], label="", elem_id=eid, visible=False, interactive=True)
                            )
                        elif kind == "bool":
                            fields.append(gr.Checkbox(label="", elem_id=eid, visible=False))
                        elif kind == "int":
                            fields.append(gr.Number(label="", elem_id=eid, visible=False, precision=0))
                        else:
                            fields.append(gr.Textbox(label="", elem_id=eid, visible=False))
                        errors.append(gr.HTML("", elem_id=f"{eid}-error"))
                    run = gr.Button(t("calc_run"), variant="primary", elem_id="calc-run")
                    calc_error = gr.HTML("", elem_id="calc-error")
                    calc_out = gr.HTML("", elem_id="calc-result")
                    calc_steps = gr.HTML("", elem_id="calc-steps")
            # ui.js stores the clicked citation in window.__policyOpenRef and clicks this off-screen button
            # (a component with visible="hidden" sends no events; a synthetic input event reaches no handler).
            with gr.Row(elem_id="open-ref"):
                opener = gr.Textbox(
                    label=t("open_ref"), html_attributes=gr.InputHTMLAttributes(tabindex=-1), container=False
                )
                open_button = gr.Button(t("open_ref"), elem_id="open-ref-btn")

            view = [box, chatbot, conv, recent, history, banner, sources, steps, fb_status, fb_row]
            chat_events = {"show_progress": "minimal", "show_progress_on": [chatbot], "concurrency_limit": 16}
            gr.on(
                [send.click, box.submit],
                self.ask,
                [box, conv, recent],
                view,
                trigger_mode="once",
                **chat_events,  # type: ignore[arg-type]
            ).then(None, js=SCROLL_TO_ANSWER)
            for key, button in zip(EXAMPLE_KEYS, examples, strict=True):
                button.click(
                    self.example(key),
                    [conv, recent],
                    view,
                    trigger_mode="once",
                    **chat_events,  # type: ignore[arg-type]
                ).then(None, js=SCROLL_TO_ANSWER)
            # Instant handlers: no progress overlay. The chatbot's own clear button clears everything too.
            new.click(self.new_chat, [recent], view, show_progress="hidden")
            chatbot.clear(self.new_chat, [recent], view, show_progress="hidden")
            history.input(self.reopen, [history, recent], view, show_progress="hidden").then(
                None, js=SCROLL_TO_ANSWER
            )
            chatbot.like(self.rate, [conv], [fb_status, rated, fb_row, fb_comment])
            gr.on(
                [fb_send.click, fb_comment.submit], self.comment, [fb_comment, rated], [fb_status, fb_comment]
            )

            doc.input(self.pick_doc, [doc, ref], [unit, unit_text])
            gr.on([show.click, ref.submit], self.show, [doc, ref], [unit_text, unit])
            unit.input(self.pick_unit, [doc, unit], [unit_text, ref])
            gr.on([go.click, q.submit], self.search, [q], [results])
            open_button.click(
                self.open_ref,
                [opener],
                [tabs, doc, unit, ref, unit_text],
                js="(value) => window.__policyOpenRef || value",
            ).then(None, js="() => document.querySelector('#browse-text')?.scrollIntoView({block: 'start'})")

            calc.change(self.calc_fields, [calc], [*fields, *errors, calc_error, calc_out, calc_steps])
            self.calc_name, self.fields = calc, fields
            run.click(self.calculate, {calc, *fields}, [*errors, calc_error, calc_out, calc_steps])
            demo.load(self.on_load, [recent], [history, doc, unit, calc])
        return demo


SCROLL_TO_ANSWER = """
() => { setTimeout(() => {
  const bots = document.querySelectorAll('#chatbot .message-row.bot-row, #chatbot [data-testid="bot"]');
  const last = bots[bots.length - 1];
  if (!last) return;
  let box = last.parentElement;
  while (box && box !== document.body && !(box.scrollHeight > box.clientHeight + 2 &&
         ['auto', 'scroll'].includes(getComputedStyle(box).overflowY))) box = box.parentElement;
  if (box && box !== document.body) {
    box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 36;
  }
  const head = last.querySelector('.headline') || last;
  const r = head.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) window.scrollBy(0, r.top - 80);
}, 30); }
"""


def mount_ui(app: Any, services: UIServices) -> None:
    """Mount the UI at / of a FastAPI app; the caller decides where answers, documents and feedback come from."""
    ui = PolicyUI(services)
    gr.mount_gradio_app(
        app,
        ui.build(),
        path="/",
        css=(ASSETS / "ui.css").read_text(encoding="utf-8"),
        js=(ASSETS / "ui.js").read_text(encoding="utf-8"),
        footer_links=[],
        run_history=False,
        ssr_mode=False,
        i18n=ui.i18n,
    )
