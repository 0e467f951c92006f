"""HTML for a policy-matching report: a summary, each validity note once, and one card per matched policy
with its amount (or what it still needs), conditions, term and clause. Every piece of text is escaped."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calculators.amounts import format_wan
from calculators.catalogue import Catalogue
from calculators.match_report import MatchReport, PolicyMatch
from ui.i18n import text
from ui.render import DocNames, SourceGroup, cite_buttons, copy_text, esc, validity_banner

CHECK_MARKS = {"met": "✓", "not_met": "✗", "to_confirm": "○"}


def catalogue_names(cat: Catalogue) -> DocNames:
    """文号 and titles as the catalogue gives them (the report's rules come from it)."""
    return DocNames(
        {d: {"doc_number": doc.wenhao, "title": doc.title_zh} for d, doc in cat.documents.items()}
    )


def amount_line(m: PolicyMatch, lang: str) -> str:
    """The amount in 万元, "up to" where the text gives a maximum, or the amounts still needed."""
    if m.status == "needs_input":
        roles = [str(n["role"]) for n in m.needs]
        one_of = len(roles) > 1 and all(n["optional"] for n in m.needs)
        sep = ", " if lang == "en" else "、"
        return text("match_needs_one" if one_of else "match_needs", lang, roles=sep.join(roles))
    amount = m.amount_yuan or Decimal(0)
    if amount == 0 and m.is_maximum:
        return text("match_no_amount", lang)
    shown = format_wan(amount)
    return text("calc_max", lang, amount=shown) if m.is_maximum else shown


def validity_line(validity: dict[str, Any], lang: str) -> str:
    start, end = validity.get("valid_from"), validity.get("valid_to")
    if start and end:
        line = text("valid_range", lang, start=start, end=end)
    elif start:
        line = text("valid_from", lang, start=start)
    else:
        line = text("valid_unstated", lang)
    if validity.get("expired"):
        line += text("valid_expired", lang)
    elif validity.get("not_yet_in_force"):
        line += text("valid_not_yet", lang)
    return line


def _who(m: PolicyMatch, cat: Catalogue, lang: str) -> str:
    names = [cat.beneficiary_en(b) if lang == "en" else b for b in m.rule.beneficiaries]
    return text("match_for", lang, who=(", " if lang == "en" else "、").join(names))


def _steps(m: PolicyMatch) -> str:
    """How a computed amount was reached (a fixed award's one step only repeats its amount; the term has
    its own line)."""
    if m.status != "computed" or not m.calculation:
        return ""
    term = m.validity.get("citation")
    steps = [s["text"] for s in m.calculation.get("steps", []) if s.get("text") and s.get("citation") != term]
    return "<ul class='match-steps'>" + "".join(f"<li>{esc(s)}</li>" for s in steps) + "</ul>"


def _conditions(m: PolicyMatch, lang: str) -> str:
    if not m.to_qualify:
        return ""
    items = "".join(
        f"<li class='check {c.status}'><span class='check-mark' aria-hidden='true'>{CHECK_MARKS[c.status]}</span> "
        f"<span class='check-status'>{esc(text('check_' + c.status, lang))}</span>：{esc(c.text)}</li>"
        for c in m.to_qualify
    )
    verdict = f"<p class='field-error'>{esc(text('match_not_met', lang))}</p>" if m.qualifies == "no" else ""
    return (
        f"<div class='match-conditions'><strong>{esc(text('match_conditions', lang))}</strong>"
        f"<ul>{items}</ul>{verdict}</div>"
    )


def _summary(m: PolicyMatch, amount: str) -> str:
    """The rule's one-line summary, unless it only repeats the amount (a fixed award's "20万元")."""
    if "".join(m.summary.split()) == "".join(amount.split()):
        return ""
    return f"<div class='match-summary-line'>{esc(m.summary)}</div>"


def match_card(m: PolicyMatch, names: DocNames, cat: Catalogue, lang: str) -> str:
    c = m.citation
    amount = amount_line(m, lang)
    group = SourceGroup(c["doc_id"], c.get("article"), c.get("item"), c.get("section") or "", [c["quote"]])
    ref = names.ref(group.doc_id, group.article, group.item, group.section, lang)
    return (
        f"<li class='cite-card match-card {m.status}' data-rule='{esc(m.rule.id)}'>"
        f"<div class='cite-head'>{esc(m.title)}</div>"
        f"<p class='match-amount'>{esc(amount)}</p>"
        + _summary(m, amount)
        + _steps(m)
        + f"<div class='match-who'>{esc(_who(m, cat, lang))}</div>"
        + _conditions(m, lang)
        + f"<div class='match-valid'>{esc(validity_line(m.validity, lang))}</div>"
        f"<div class='match-ref'><span class='clause-ref'>{esc(ref)}</span> <q>{esc(c['quote'])}</q></div>"
        + cite_buttons(copy_text(names, group, lang), lang, group.doc_id, group.number)
        + "</li>"
    )


def report_html(report: MatchReport, cat: Catalogue, lang: str) -> str:
    """The summary, each distinct validity note and notice once, then the cards in the report's order."""
    names = catalogue_names(cat)
    notes = [m.validity.get("note") or "" for m in report.matches]
    summary = text("match_summary", lang, **report.counts())
    cards = "".join(match_card(m, names, cat, lang) for m in report.matches)
    return (
        f"<p class='match-total' role='status'>{esc(summary)}</p>"
        + validity_banner([*report.notices, *notes], lang)
        + f"<ol class='cite-list match-list'>{cards}</ol>"
    )
