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
from ui.i18n import text
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


def param_label(param: Any, lang: str) -> str:
    label = getattr(param, "label_en", None) if lang == "en" else None
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
    title = getattr(result, "title_en", None) if lang == "en" else None
    title = str(title or result.title)
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
