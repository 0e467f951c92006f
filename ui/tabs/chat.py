"""The chat tab: questions and answers, the sources, steps and validity panels, history and feedback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import gradio as gr

from core.errors import PolicyInputError
from core.threads import iterate_in_thread
from ui import conversation as convo
from ui.i18n import EXAMPLE_KEYS, request_language, text
from ui.render import DocNames, source_cards, steps_table, validity_banner
from ui.services import UIServices

# Conversations stay in the user's own browser; the key only has to be stable across restarts and
# workers (a random one would make every restart forget them), it protects nothing secret.
RECENT_KEY = "policy-assistant-recent"
RECENT_SECRET = "policy-assistant-recent-v1"

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


class ChatTab:
    """Event handlers over the (streaming) answerer and the feedback store; build() lays the tab out."""

    def __init__(self, services: UIServices) -> None:
        self.s = services

    def _full_text(self, doc_id: str, number: int) -> str | None:
        try:
            return str(self.s.retriever().lookup.get(doc_id, number).text)
        except PolicyInputError:
            return None

    def panels(self, answer: dict[str, Any] | None, lang: str) -> tuple[str, str, str]:
        if not answer:
            return "", "", ""
        names = DocNames.of(self.s.retriever().docs)
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

    # ------------------------------------------------------------------ asking
    async def ask(
        self,
        question: str,
        conv: dict[str, Any] | None,
        recent: list[dict[str, Any]] | None,
        request: gr.Request,
    ) -> AsyncIterator[tuple[Any, ...]]:
        """The question at once, then the answer's text as the answerer produces it, then the answer."""
        question = (question or "").strip()
        if not question:
            yield tuple(gr.skip() for _ in range(10))  # an empty send changes nothing on screen
            return
        lang = request_language(request)
        conv = dict(conv) if conv and conv.get("id") else convo.new_conversation()

        def arriving(draft: str) -> tuple[Any, ...]:
            # The previous answer's panels go; the conversation is stored once the answer is done.
            messages = convo.pending_messages(conv, question, draft, lang)
            return ("", messages, gr.skip(), gr.skip(), gr.skip(), "", "", "", "", gr.update(visible=False))

        yield arriving("")
        try:
            events = await asyncio.to_thread(self.s.answer_events, convo.engine_messages(conv, question))
            draft = ""
            async for event in iterate_in_thread(events):
                if event.kind == "done" and event.answer is not None:
                    convo.add_turn(conv, question, event.answer.model_dump(mode="json"))
                    continue
                draft = draft + event.text if event.kind == "delta" else ""
                yield arriving(draft)
        except PolicyInputError as exc:
            convo.add_turn(conv, question, None, exc.message(lang))
        recent = convo.remember(recent, conv)
        yield ("", *self._view(conv, recent, lang))

    def example(self, key: str) -> Any:
        """A handler that asks example question ``key`` in the user's language: one click sends it."""

        async def ask_example(
            conv: dict[str, Any] | None, recent: list[dict[str, Any]] | None, request: gr.Request
        ) -> AsyncIterator[tuple[Any, ...]]:
            async for update in self.ask(text(key, request_language(request)), conv, recent, request):
                yield update

        return ask_example

    def new_chat(self, recent: list[dict[str, Any]] | None, request: gr.Request) -> tuple[Any, ...]:
        return ("", *self._view(convo.new_conversation(), list(recent or []), request_language(request)))

    def reopen(
        self, conv_id: str | None, recent: list[dict[str, Any]] | None, request: gr.Request
    ) -> tuple[Any, ...]:
        conv = convo.find(recent, conv_id)
        if conv is None:
            return tuple(gr.skip() for _ in range(10))
        return ("", *self._view(conv, list(recent or []), request_language(request)))

    # ------------------------------------------------------------------ feedback
    def rate(self, conv: dict[str, Any] | None, data: gr.LikeData, request: gr.Request) -> tuple[Any, ...]:
        lang = request_language(request)
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
        saved = text("fb_comment_saved", request_language(request))
        return f"<div class='fb-done' role='status'>{saved}</div>", ""

    def on_load(self, recent: list[dict[str, Any]] | None) -> Any:
        return gr.update(choices=convo.recent_choices(recent), value=None)

    # ------------------------------------------------------------------ layout
    def build(self, t: gr.I18n, demo: gr.Blocks) -> None:
        conv = gr.State(convo.new_conversation())
        recent = gr.BrowserState([], storage_key=RECENT_KEY, secret=RECENT_SECRET)
        rated = gr.State(None)
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
                label=t("feedback_comment"), elem_id="fb-comment", max_length=2000, scale=4, min_width=180
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
            send = gr.Button(t("send"), variant="primary", elem_id="chat-send", scale=1, min_width=80)
        with gr.Group(elem_id="examples"):
            gr.Markdown(t("examples"), elem_classes="examples-label")
            with gr.Row():
                examples = [
                    gr.Button(t(k), size="sm", elem_classes="example", min_width=120) for k in EXAMPLE_KEYS
                ]
        banner = gr.HTML("", elem_id="chat-warnings")
        sources = gr.HTML("", elem_id="chat-citations")
        steps = gr.HTML("", elem_id="chat-steps")

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
        gr.on([fb_send.click, fb_comment.submit], self.comment, [fb_comment, rated], [fb_status, fb_comment])
        demo.load(self.on_load, [recent], [history])
