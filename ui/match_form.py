"""The policy-matching form (政策匹配): who the applicant is, the amounts it knows, and what it may claim.

The amount fields come from the catalogue: one per input role (研发费用, 技术交易额 …) that some rule
needs, shown only when a matched rule needs it. A value typed into one field feeds every matched rule
taking that role, through the rule-scoped input keys of ``match_policies``, so an amount never reaches
a rule where the same input name means something else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from calculators.amounts import parse_amount
from calculators.catalogue import BENEFICIARIES, Catalogue
from calculators.match_report import MatchReport
from core.errors import PolicyInputError
from ui.calc_form import choice_label, is_bare_number
from ui.i18n import text

Matcher = Callable[[Mapping[str, Any], str], MatchReport]
FieldKey = tuple[str, str]  # (input name, role_zh): one role, whichever rules take it


@dataclass(frozen=True)
class AmountField:
    """One field of the form: an input of the catalogue's rules, under one role."""

    name: str
    role_zh: str
    role_en: str
    unit: str
    prior: bool = False
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> FieldKey:
        return (self.name, self.role_zh)

    def label(self, lang: str) -> str:
        return self.role_en if lang == "en" and self.role_en else self.role_zh


def amount_fields(cat: Catalogue) -> list[AmountField]:
    """Every input role of the catalogue, in catalogue order, except optional amounts already received
    under a cap (they only lower a cap; the API and the calculators take them)."""
    out: dict[FieldKey, AmountField] = {}
    for rule in cat:
        for i in rule.inputs:
            if i.optional and i.prior:
                continue
            out.setdefault(
                (i.name, i.role_zh), AmountField(i.name, i.role_zh, i.role_en, i.unit, i.prior, i.choices)
            )
    return list(out.values())


def beneficiary_choices(cat: Catalogue, lang: str) -> list[tuple[str, str]]:
    """The beneficiary vocabulary as (label, value): its own name in Chinese, its English word in English."""
    names = dict.fromkeys([*BENEFICIARIES, *cat.beneficiary_words])
    return [(cat.beneficiary_en(n) if lang == "en" else n, n) for n in names]


def _role_key(match: Any, name: str) -> FieldKey | None:
    spec = match.rule.input(name)
    return (spec.name, spec.role_zh) if spec is not None else None


def needed_fields(report: MatchReport) -> set[FieldKey]:
    """The roles the matched rules still need an amount for."""
    return {k for m in report.matches for n in m.needs if (k := _role_key(m, n["name"])) is not None}


def scoped_inputs(report: MatchReport, values: Mapping[FieldKey, object]) -> dict[str, object]:
    """Each value under the scoped key (``rule_id.input``) of every matched rule taking that role."""
    out: dict[str, object] = {}
    for m in report.matches:
        for accepted in m.accepts:
            key = _role_key(m, accepted["name"])
            if key is not None and key in values:
                out[accepted["key"]] = values[key]
    return out


def read_value(f: AmountField, raw: object, lang: str) -> object:
    """The value typed into a field, or a PolicyInputError with the message to show beside it."""
    value = str(raw).strip()
    if f.unit == "choice":
        return value
    if f.unit == "yuan":
        if is_bare_number(value):
            raise PolicyInputError(
                text("bare_number", "zh", value=value), text("bare_number", "en", value=value)
            )
        return parse_amount(value, allow_zero=f.prior).yuan
    try:
        number = Decimal(value.removesuffix("%").removesuffix("％").replace(",", "").strip())
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or (f.unit in ("count", "year") and number != int(number)):
        raise PolicyInputError(text("bad_number", "zh", value=value), text("bad_number", "en", value=value))
    return number


@dataclass
class MatchOutcome:
    report: MatchReport | None = None
    errors: dict[int, str] = field(default_factory=dict)  # field index -> message
    general: str = ""  # about the whole form: no applicant chosen, or the matcher's own message


def run_match(
    match: Matcher,
    fields: Sequence[AmountField],
    who: Iterable[str],
    raw: Sequence[object],
    lang: str,
) -> MatchOutcome:
    """Read the fields the matched rules need, then match again with those amounts fed to the rules."""
    chosen = [w for w in who if w]
    if not chosen:
        return MatchOutcome(general=text("match_choose_who", lang))
    try:
        base = match({"beneficiaries": chosen}, lang)
    except PolicyInputError as exc:
        return MatchOutcome(general=exc.message(lang))
    needed = needed_fields(base)
    outcome = MatchOutcome()
    values: dict[FieldKey, object] = {}
    for i, (f, value) in enumerate(zip(fields, raw, strict=True)):
        if f.key not in needed or value is None or not str(value).strip():
            continue
        try:
            values[f.key] = read_value(f, value, lang)
        except PolicyInputError as exc:
            outcome.errors[i] = exc.message(lang)
    if outcome.errors:
        return outcome
    try:
        outcome.report = match({"beneficiaries": chosen, "inputs": scoped_inputs(base, values)}, lang)
    except PolicyInputError as exc:
        outcome.general = exc.message(lang)
    return outcome


def field_updates(fields: Sequence[AmountField], needed: set[FieldKey], lang: str) -> list[dict[str, Any]]:
    """Visibility and label of each field: only the roles the matched rules need, in the user's language."""
    out: list[dict[str, Any]] = []
    for f in fields:
        if f.key not in needed:
            out.append({"visible": False})
            continue
        upd: dict[str, Any] = {"visible": True, "label": f.label(lang)}
        if f.unit == "choice":
            upd["choices"] = [(choice_label(c, lang), c) for c in f.choices]
        elif f.unit == "yuan":
            upd["placeholder"] = text("match_amount_hint", lang)
        out.append(upd)
    return out
