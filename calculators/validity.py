"""What the documents and their rules say about their own terms, against a date: all from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from calculators.catalogue import Catalogue, Rule, catalogue, where_en, where_zh
from calculators.results import ClauseRef


def zh_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def whole_years(valid_from: date | None, valid_to: date | None) -> int | None:
    """A term in whole years, when its dates span exactly that (the texts state their terms so)."""
    if not (valid_from and valid_to):
        return None
    end = valid_to + timedelta(days=1)
    n = end.year - valid_from.year
    return n if n > 0 and (end.month, end.day) == (valid_from.month, valid_from.day) else None


@dataclass
class Term:
    doc_id: str
    wenhao: str
    title_zh: str
    valid_from: date | None
    valid_to: date | None
    refs: list[ClauseRef] = field(default_factory=list)
    own_terms: list[Rule] = field(default_factory=list)  # rules with a term of their own (意见第16项)

    def years(self) -> int | None:
        return whole_years(self.valid_from, self.valid_to)

    def status(self, today: date) -> str:
        if self.valid_to is None:
            return "no_term_stated"
        if self.valid_from and today < self.valid_from:
            return "not_yet"
        return "expired" if today > self.valid_to else "in_force"


def term(doc_id: str, cat: Catalogue | None = None) -> Term:
    cat = cat or catalogue()
    doc = cat.documents[doc_id]
    t = Term(doc_id, doc.wenhao, doc.title_zh, doc.valid_from if doc.valid_to else None, doc.valid_to)
    if doc.validity is not None:
        t.refs.append(ClauseRef.of(doc_id, doc.validity))
    t.own_terms = [r for r in cat if r.doc_id == doc_id and r.valid_to is not None]
    for r in t.own_terms:
        # the whole clause: what the period is for (意见第16项's 75%), not the period's words alone
        t.refs.append(ClauseRef.of(r.doc_id, r))
    return t


def statement(doc_id: str, today: date, lang: str = "zh", cat: Catalogue | None = None) -> str:
    """One or two sentences: the term the text gives, and whether it has ended by ``today``."""
    cat = cat or catalogue()
    t = term(doc_id, cat)
    doc = cat.documents[doc_id]
    zh = lang == "zh"
    where = where_zh(doc.validity.article, doc.validity.item) if doc.validity else ""
    where_e = where_en(doc.validity.article, doc.validity.item) if doc.validity else ""
    parts: list[str] = []
    if t.valid_from and t.valid_to:
        state = {
            "expired": ("已届满", "has ended"),
            "in_force": ("仍在有效期内", "is still running"),
            "not_yet": ("尚未开始", "has not started"),
        }[t.status(today)]
        years = t.years()
        if zh:
            parts.append(
                f"《{t.title_zh}》（{t.wenhao}）{where or '标题'}载明的期限为{zh_date(t.valid_from)}至{zh_date(t.valid_to)}"
                f"{f'（有效期{years}年）' if years else ''}。"
                f"截至{today.isoformat()}，该期限{state[0]}。"
            )
        else:
            parts.append(
                f"{t.wenhao} ({where_e or 'its title'}) runs"
                f"{f' for {years} years' if years else ''} from {t.valid_from} to {t.valid_to}; "
                f"as of {today.isoformat()} that term {state[1]}."
            )
    else:
        parts.append(
            f"《{t.title_zh}》（{t.wenhao}）原文未规定整体有效期。"
            if zh
            else f"{t.wenhao} states no overall term."
        )
    for r in t.own_terms:
        start = r.valid_from or doc.valid_from
        end = r.valid_to
        assert end is not None
        over = today > end
        if zh:
            parts.append(
                f"其中{r.where_zh}{r.title_zh}的适用期间为{zh_date(start)}至{zh_date(end)}"
                f"{'，已结束' if over else ''}。"
            )
        else:
            parts.append(
                f"{r.where_en} ({r.title_en}) applied from {start} to {end}{' and has ended' if over else ''}."
            )
    return "".join(parts) if zh else " ".join(parts)


def short_note(doc_id: str, today: date, lang: str = "zh", cat: Catalogue | None = None) -> str | None:
    """A one-line note for answers that rely on a document whose term has ended (None otherwise)."""
    cat = cat or catalogue()
    t = term(doc_id, cat)
    if t.valid_to is None or t.status(today) != "expired":
        return None
    years = t.years()
    if lang == "zh":
        return (
            f"有效期提示：{t.wenhao}的期限为{zh_date(t.valid_from or t.valid_to)}至{zh_date(t.valid_to)}"
            f"{f'（{years}年）' if years else ''}，已届满；现行政策请向发布部门确认。"
        )
    return (
        f"Validity: {t.wenhao} ran{f' for {years} years' if years else ''} from {t.valid_from} to {t.valid_to}"
        " and has ended; check current policy with the issuing department."
    )


def validity_ref(rule: Rule, cat: Catalogue) -> ClauseRef | None:
    """The clause that gives the rule its term: its own, or its document's validity article."""
    if rule.validity_clause:
        return ClauseRef(rule.doc_id, rule.article, rule.item, rule.validity_clause)
    doc = cat.documents[rule.doc_id]
    if doc.validity is None:
        if rule.valid_to is not None:  # the term is in the rule's own clause (意见第16项)
            return ClauseRef.of(rule.doc_id, rule)
        return None
    return ClauseRef.of(rule.doc_id, doc.validity)


def validity_note(
    rule: Rule, as_of: date | None, lang: str = "zh", cat: Catalogue | None = None
) -> str | None:
    """One short sentence when ``as_of`` lies outside the rule's term (from the data, never from code)."""
    cat = cat or catalogue()
    start, end = cat.valid_from(rule), cat.valid_to(rule)
    today = as_of or date.today()
    doc = cat.documents[rule.doc_id]
    ref = validity_ref(rule, cat)
    where = where_zh(ref.article, ref.item) if ref is not None else ""
    if end is not None and today > end:
        if lang == "en":
            return (
                f"Validity: {doc.wenhao} was in force from {start} to {end}; that term had ended by {today}. "
                "The figure follows the text; ask the issuing department about current policy."
            )
        return (
            f"有效期提示：{doc.wenhao}{where}规定的期限为{zh_date(start)}至{zh_date(end)}，截至{today.isoformat()}已届满；"
            "金额仅按原文测算，现行政策请向发布部门确认。"
        )
    if start is not None and today < start:
        if lang == "en":
            return f"Validity: in force from {start}."
        return f"有效期提示：{doc.wenhao}自{zh_date(start)}起施行。"
    return None
