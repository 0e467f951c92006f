"""The Gradio UI: the tabs (ui/tabs/) assembled over collaborators passed in as UIServices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from ui.i18n import translations
from ui.services import UIServices
from ui.tabs.calculators import CalculatorTab
from ui.tabs.chat import ChatTab
from ui.tabs.lookup import LookupTab
from ui.tabs.match import MatchTab

ASSETS = Path(__file__).parent / "assets"


def build_ui(services: UIServices, i18n: gr.I18n) -> gr.Blocks:
    """The page: intro, the tabs, and the citation opener that any tab's "open in look-up" uses."""
    t = i18n
    chat, lookup, calc = ChatTab(services), LookupTab(services), CalculatorTab(services)
    match = MatchTab(services)
    with gr.Blocks(title="大连科技政策助手 · Dalian S&T policy assistant") as demo:
        gr.Markdown(t("app_intro"), elem_id="intro")
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab(t("tab_chat"), id="chat", elem_id="tab-chat"):
                chat.build(t, demo)
            with gr.Tab(t("tab_lookup"), id="lookup", elem_id="tab-lookup"):
                lookup.build(t, demo)
            with gr.Tab(t("tab_calc"), id="calc", elem_id="tab-calc"):
                calc.build(t, demo)
            with gr.Tab(t("tab_match"), id="match", elem_id="tab-match"):
                match.build(t, demo)
        lookup.build_opener(t, tabs)
    return demo


def mount_ui(app: Any, services: UIServices) -> None:
    """Mount the UI at / of a FastAPI app; the caller decides where answers, documents and feedback come from."""
    i18n = gr.I18n(**translations())
    gr.mount_gradio_app(
        app,
        build_ui(services, i18n),
        path="/",
        css=(ASSETS / "ui.css").read_text(encoding="utf-8"),
        js=(ASSETS / "ui.js").read_text(encoding="utf-8"),
        footer_links=[],
        run_history=False,
        ssr_mode=False,
        i18n=i18n,
    )
