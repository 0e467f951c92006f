"""Fixed one-off awards looked up by kind: "国家级孵化器补多少" answered from the table, cited."""

from __future__ import annotations

from datetime import date

from calculators.results import (
    CalculationResult,
    ClauseRef,
    Step,
    measures_validity_warning,
    validity_ref,
    wan,
)
from calculators.rules import FIXED_AWARDS, FIXED_AWARDS_BY_ID, FixedAward
from core.errors import PolicyInputError


class UnknownAwardError(PolicyInputError):
    code = "unknown_award"


LEVELS = ("国家级", "省级", "市级")


def _contains(text: str, keyword: str) -> bool:
    """Keyword in text; a level word may stand apart from the rest ("工业设计中心省级" has 省级工业设计中心)."""
    if keyword in text:
        return True
    for level in LEVELS:
        if keyword.startswith(level) and level in text and keyword[len(level) :] in text:
            return True
    return False


def at_level(text: str, level: str) -> str:
    """The same wording at another level: at_level("国家级孵化器", "省级") == "省级孵化器"."""
    for other in LEVELS:
        text = text.replace(other, level)
    return text


def match_awards(text: str) -> list[FixedAward]:
    """Awards whose keywords occur in ``text``, the most specific (longest keyword) first."""
    scored: list[tuple[int, int, FixedAward]] = []
    text = text.replace(" ", "")
    for idx, award in enumerate(FIXED_AWARDS):
        hits = [len(k) for k in award.keywords if _contains(text, k)]
        if hits:
            scored.append((-max(hits), idx, award))
    scored.sort(key=lambda t: (t[0], t[1]))
    if not scored:
        return []
    best = scored[0][0]
    return [a for score, _, a in scored if score == best]


def fixed_award_lookup(award: str, *, as_of: date | None = None) -> CalculationResult:
    """The fixed award for a kind of recognition, by id (e.g. national_incubator) or by words (国家级孵化器)."""
    found = FIXED_AWARDS_BY_ID.get(award)
    if found is None:
        matches = match_awards(award)
        if not matches:
            raise UnknownAwardError(
                f"没有找到与“{award}”对应的定额奖励。", f"No fixed award matches '{award}'."
            )
        found = matches[0]
    ref = ClauseRef(found.doc_id, found.article, found.item, found.clause)
    if found.amount_max_yuan is not None:
        text = f"{found.title}：{wan(found.amount_yuan)}至{wan(found.amount_max_yuan)}"
    else:
        text = f"{found.title}：{'最高' if found.is_maximum else ''}{wan(found.amount_yuan)}"
    steps = [Step(text, ref)]
    warnings: list[str] = []
    if found.note:
        warnings.append(found.note)
    result = CalculationResult(
        "fixed_award_lookup",
        found.title,
        found.amount_max_yuan or found.amount_yuan,
        {"award": found.id},
        steps,
        [],
        warnings,
        found.is_maximum,
    )
    if found.doc_id == "measures-2017-52" and (note := measures_validity_warning(as_of)):
        result.warnings.append(note)
        result.steps.append(Step("有效期：自2018年1月1日起施行，有效期5年", validity_ref()))
    return result
