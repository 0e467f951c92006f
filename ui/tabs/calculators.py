"""The calculators tab: one calculator at a time, only the fields it uses, errors beside each field."""

from __future__ import annotations

from typing import Any

import gradio as gr

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
from ui.i18n import request_language
from ui.render import DocNames, error_note
from ui.services import UIServices


class CalculatorTab:
    """Event handlers over the calculators; build() lays out the pool of field slots once."""

    def __init__(self, services: UIServices) -> None:
        self.s = services
        self.slots = slot_ids(slot_counts(services.calculators))

    def calc_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(calculator_title(s, lang), n) for n, s in self.s.calculators.items() if usable(s)]

    def calc_fields(self, name: str | None, request: gr.Request) -> list[Any]:
        """Show only the fields the chosen calculator uses, labelled in the user's language."""
        lang = request_language(request)
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
        lang = request_language(request)
        spec = self.s.calculators.get(data.get(self.calc_name) or "")
        if spec is None:
            return ["" for _ in self.slots] + ["", "", ""]
        values = {slot: data.get(component) for slot, component in zip(self.slots, self.fields, strict=True)}
        names = DocNames.of(self.s.retriever().docs)
        form = run_form(spec, values, self.s.calculate, names, lang)
        general = error_note(form.errors[""]) if "" in form.errors else ""
        return [*field_errors_html(form, self.slots), general, form.summary, form.steps]

    def on_load(self, request: gr.Request) -> Any:
        calcs = self.calc_choices(request_language(request))
        return gr.update(choices=calcs, value=calcs[0][1] if calcs else None)

    # ------------------------------------------------------------------ layout
    def build(self, t: gr.I18n, demo: gr.Blocks) -> None:
        calc = gr.Dropdown([], label=t("calc_name"), elem_id="calc-name", interactive=True)
        fields: list[Any] = []
        errors: list[Any] = []
        for slot in self.slots:
            kind = slot.split("-")[0]
            eid = f"calc-{slot}"
            if kind == "choice":
                fields.append(gr.Dropdown([], label="", elem_id=eid, visible=False, interactive=True))
            elif kind == "bool":
                fields.append(gr.Checkbox(label="", elem_id=eid, visible=False))
            elif kind == "int":
                fields.append(gr.Number(label="", elem_id=eid, visible=False, precision=0))
            else:
                fields.append(gr.Textbox(label="", elem_id=eid, visible=False))
            errors.append(gr.HTML("", elem_id=f"{eid}-error", elem_classes="error-slot"))
        run = gr.Button(t("calc_run"), variant="primary", elem_id="calc-run")
        calc_error = gr.HTML("", elem_id="calc-error")
        calc_out = gr.HTML("", elem_id="calc-result")
        calc_steps = gr.HTML("", elem_id="calc-steps")

        calc.change(self.calc_fields, [calc], [*fields, *errors, calc_error, calc_out, calc_steps])
        self.calc_name, self.fields = calc, fields
        run.click(self.calculate, {calc, *fields}, [*errors, calc_error, calc_out, calc_steps])
        demo.load(self.on_load, None, [calc])
