"""The calculator form: which fields a calculator uses, reading them, and errors attached to each field.

A fixed pool of field slots (so many amount boxes, choice lists …, enough for the largest calculator)
is laid out once; each calculator shows only the slots its parameters occupy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from calculators.amounts import format_wan, parse_amount
from core.errors import PolicyInputError
from ui.i18n import TEXTS, text
from ui.render import DocNames, error_note, esc, steps_table

KINDS = ("choice", "amount", "bool", "int", "text")
# Digits or Chinese numerals with no 万/亿/元 …: the unit is missing, not implied.
_BARE = re.compile(r"[\d０-９.,，．\s零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+")


def slot_counts(specs: Mapping[str, Any]) -> dict[str, int]:
    """How many fields of each kind the largest calculator needs."""
    return {
        k: max((sum(1 for p in s.params if p.kind == k) for s in specs.values()), default=0) for k in KINDS
    }


def slot_ids(counts: Mapping[str, int]) -> list[str]:
    return [f"{k}-{i}" for k in KINDS for i in range(counts.get(k, 0))]


def assign(spec: Any) -> dict[str, Any]:
    """slot id -> the parameter shown in it, in the calculator's parameter order."""
    used: dict[str, int] = {}
    out = {}
    for p in spec.params:
        i = used.get(p.kind, 0)
        used[p.kind] = i + 1
        out[f"{p.kind}-{i}"] = p
    return out


def usable(spec: Any) -> bool:
    """A calculator the form can show (a free-form object parameter is for API and LLM callers)."""
    return all(p.kind in KINDS for p in spec.params)


def _rule(rule_id: str) -> Any:
    from calculators.catalogue import catalogue

    return next((r for r in catalogue() if r.id == rule_id), None)


def calculator_title(spec: Any, lang: str) -> str:
    """The calculator's title; in English from its catalogue rule, or the UI's name for a family of rules."""
    if lang != "en":
        return str(spec.title)
    rule = _rule(spec.name)
    if rule is not None and rule.title_en:
        return f"{rule.title_en} ({rule.where_en})"
    key = f"calc_{spec.name}"
    return text(key, "en") if key in TEXTS else str(spec.title)


def choice_label(choice: str, lang: str) -> str:
    """A rule or award shown by its article and title, never by its id."""
    rule = _rule(choice)
    if rule is None:
        return choice
    return f"{rule.where_en} {rule.title_en}" if lang == "en" else f"{rule.where_zh} {rule.title_zh}"


def _english_role(param: Any) -> str | None:
    """The catalogue's English name for the input a parameter stands for."""
    from calculators.catalogue import catalogue

    same_name = [i for r in catalogue() for i in r.inputs if i.name == param.name and i.role_en]
    exact = [i for i in same_name if i.role_zh == param.label]
    found = exact or same_name
    return str(found[0].role_en) if found else None


def param_label(param: Any, lang: str) -> str:
    label = (
        (_english_role(param) or (text("rule", "en") if param.kind == "choice" else None))
        if lang == "en"
        else None
    )
    base = str(label or param.label)
    if not param.required and param.kind != "bool":
        base += "（可选）" if lang == "zh" else " (optional)"
    return base


def is_bare_number(value: str) -> bool:
    s = value.strip()
    return bool(s) and bool(_BARE.fullmatch(s)) and not re.fullmatch(r"[0０.,，．\s零〇]+", s)


@dataclass
class FormResult:
    summary: str = ""
    steps: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # slot id -> message; "" = the whole form


def read_form(
    spec: Any, values: Mapping[str, Any], lang: str
) -> tuple[dict[str, Any], list[str], FormResult]:
    """Arguments for the calculator, an echo of each amount as read, and any field errors."""
    args: dict[str, Any] = {}
    echo: list[str] = []
    errors = FormResult()
    for slot, p in assign(spec).items():
        raw = values.get(slot)
        label = param_label(p, lang)
        if p.kind == "bool":
            args[p.name] = bool(raw)
            continue
        filled = raw is not None and str(raw).strip() != ""
        if not filled:
            if p.required:
                errors.errors[slot] = text(
                    "required", lang, label=str(getattr(p, "label_en", None) or p.label)
                )
            continue
        if p.kind == "amount":
            value = str(raw).strip()
            if is_bare_number(value):
                errors.errors[slot] = text("bare_number", lang, value=value)
                continue
            try:
                parsed = parse_amount(value, allow_zero=not p.required)
            except PolicyInputError as exc:
                errors.errors[slot] = exc.message(lang)
                continue
            args[p.name] = parsed.yuan
            echo.append(
                text(
                    "calc_input_echo",
                    lang,
                    label=label,
                    text=value,
                    wan=format_wan(parsed.yuan),
                    yuan=f"{parsed.yuan:,}",
                )
            )
        elif p.kind == "int":
            try:
                args[p.name] = int(float(str(raw)))
            except (TypeError, ValueError):
                errors.errors[slot] = text("required", lang, label=label)
        else:
            args[p.name] = raw
    return args, echo, errors


def run_form(
    spec: Any,
    values: Mapping[str, Any],
    calculate: Callable[[str, dict[str, Any]], Any],
    names: DocNames,
    lang: str,
) -> FormResult:
    args, echo, form = read_form(spec, values, lang)
    if form.errors:
        return form
    try:
        result = calculate(spec.name, args)
    except PolicyInputError as exc:
        form.errors[""] = exc.message(lang)
        return form
    title = calculator_title(spec, lang) if lang == "en" else str(result.title)
    amount: Decimal = result.amount_yuan
    if amount == 0 and result.is_maximum:
        headline = text("calc_no_amount", lang, title=title)
    else:
        shown = format_wan(amount)
        headline = text(
            "calc_result",
            lang,
            title=title,
            amount=text("calc_max", lang, amount=shown) if result.is_maximum else shown,
        )
    warnings = "".join(f"<div class='validity' role='note'>⚠️ {esc(w)}</div>" for w in result.warnings)
    form.summary = (
        f"<h3 class='calc-headline'>{esc(headline)}</h3>"
        + "".join(f"<div class='calc-echo'>{esc(e)}</div>" for e in echo)
        + warnings
    )
    form.steps = steps_table([result.as_dict()], names, lang)
    return form


def field_errors_html(form: FormResult, slots: Sequence[str]) -> list[str]:
    return [error_note(form.errors[s]) if s in form.errors else "" for s in slots]
