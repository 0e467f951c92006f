"""The policy-matching tab (政策匹配): applicant types in, every policy it may claim out, with amounts."""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.i18n import request_language
from ui.match_cards import report_html
from ui.match_form import amount_fields, beneficiary_choices, field_updates, needed_fields, run_match
from ui.render import error_note
from ui.services import UIServices


class MatchTab:
    """Event handlers over the matcher; build() lays out one field per catalogue input role, hidden
    until a matched rule needs it."""

    def __init__(self, services: UIServices) -> None:
        self.s = services
        self.fields = amount_fields(services.catalogue)

    def show_fields(self, who: list[str] | None, request: gr.Request) -> list[Any]:
        """The fields the chosen applicant's policies need; earlier errors and results go."""
        lang = request_language(request)
        needed = needed_fields(self.s.match({"beneficiaries": who}, lang)) if who else set()
        updates = [gr.update(**u) for u in field_updates(self.fields, needed, lang)]
        return [*updates, *("" for _ in self.fields), "", ""]

    def run(self, data: dict[Any, Any], request: gr.Request) -> list[Any]:
        """``data``: the form's components and their values (Gradio passes a dict for a set of inputs)."""
        lang = request_language(request)
        raw = [data.get(c) for c in self.inputs]
        outcome = run_match(self.s.match, self.fields, data.get(self.who) or [], raw, lang)
        errors = [
            error_note(outcome.errors[i]) if i in outcome.errors else "" for i in range(len(self.fields))
        ]
        result = report_html(outcome.report, self.s.catalogue, lang) if outcome.report else ""
        return [*errors, error_note(outcome.general) if outcome.general else "", result]

    def on_load(self, request: gr.Request) -> Any:
        return gr.update(choices=beneficiary_choices(self.s.catalogue, request_language(request)))

    # ------------------------------------------------------------------ layout
    def build(self, t: gr.I18n, demo: gr.Blocks) -> None:
        gr.Markdown(t("match_intro"), elem_classes="match-intro")
        who = gr.Dropdown(
            [], label=t("match_who"), elem_id="match-who", multiselect=True, interactive=True, value=[]
        )
        inputs: list[Any] = []
        errors: list[Any] = []
        for i, f in enumerate(self.fields):
            eid = f"match-field-{i}"
            if f.unit == "choice":
                inputs.append(gr.Dropdown([], label="", elem_id=eid, visible=False, interactive=True))
            else:
                inputs.append(gr.Textbox(label="", elem_id=eid, visible=False, max_length=40))
            errors.append(gr.HTML("", elem_id=f"{eid}-error", elem_classes="error-slot"))
        run = gr.Button(t("match_run"), variant="primary", elem_id="match-run")
        general = gr.HTML("", elem_id="match-error", elem_classes="error-slot")
        result = gr.HTML("", elem_id="match-result")

        self.who, self.inputs = who, inputs
        # One queue for both (Gradio's default is one at a time per event anyway), so they run in the
        # order clicked: a run right after a choice is not wiped by that choice clearing the results.
        who.change(
            self.show_fields,
            [who],
            [*inputs, *errors, general, result],
            concurrency_id="match-form",
            concurrency_limit=1,
        )
        run.click(
            self.run,
            {who, *inputs},
            [*errors, general, result],
            concurrency_id="match-form",
            concurrency_limit=1,
        )
        demo.load(self.on_load, None, [who])
