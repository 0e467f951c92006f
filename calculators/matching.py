"""Policy matching (政策匹配): an enterprise's profile in, every rule it may claim out.

A profile names who the applicant is (beneficiary vocabulary names, or the words people use for
them, as listed in ``beneficiaries.yaml``) and the amounts it knows, keyed by the catalogue's
input names. Every amount in the report comes from :func:`calculators.kinds.calculate`.

How an input reaches a rule:

- ``"<rule_id>.<input name>"`` (e.g. ``guarantee_loss_compensation.base_yuan``) feeds that rule
  only, and puts the rule in the report even when its beneficiaries were not named.
- ``"<input name>"`` feeds every matched rule taking that name, but only when it means one thing
  there: exactly one matched rule takes it, or all of them give it the same role and it is not an
  amount already received (which counts against one rule's own cap). Otherwise the plain name is
  not applied and the report lists it under ``ambiguous_inputs`` with the scoped keys to use, so
  3000万 of 担保代偿损失 never becomes 3000万 of 在保责任余额增量.
- A scoped key wins over a plain name for its rule.

A beneficiary whose vocabulary name ends in 企业 (高新技术企业, 科技型中小企业 …) is an 企业, so it
also matches the rules written for 企业 in general; those list 企业 in ``matched_beneficiaries``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.amounts import AmountError, format_wan, parse_amount
from calculators.catalogue import BENEFICIARIES, Catalogue, Input, Rule, Threshold, catalogue
from calculators.describe import summary
from calculators.kinds import calculate
from calculators.match_report import Check, MatchReport, PolicyMatch
from calculators.results import ClauseRef, percent
from calculators.validity import validity_note, validity_ref
from core.errors import PolicyInputError

ENTERPRISE = "企业"
_STATUS_ORDER: dict[str, int] = {"computed": 0, "fixed": 1, "needs_input": 2}


class UnknownBeneficiaryError(PolicyInputError):
    code = "unknown_beneficiary"


class UnknownInputError(PolicyInputError):
    code = "unknown_input"


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


# ----------------------------------------------------------------------------- profile
def resolve_beneficiaries(words: Iterable[str], cat: Catalogue) -> dict[str, tuple[str, ...]]:
    """Each word given → the vocabulary names it stands for (a vocabulary name stands for itself)."""
    by_word: dict[str, list[str]] = {}
    for name, synonyms in cat.beneficiary_words.items():
        for w in synonyms:
            by_word.setdefault(w.strip().lower(), []).append(name)
    vocabulary = {name.lower(): name for name in _vocabulary(cat)}
    resolved: dict[str, tuple[str, ...]] = {}
    unknown: list[str] = []
    for raw in words:
        word = str(raw).strip()
        if not word:
            continue
        key = word.lower()
        if key in vocabulary:
            resolved[word] = (vocabulary[key],)
        elif key in by_word:
            resolved[word] = tuple(dict.fromkeys(by_word[key]))
        else:
            unknown.append(word)
    if unknown:
        names = "、".join(_vocabulary(cat))
        raise UnknownBeneficiaryError(
            f"无法识别的主体类型：{'、'.join(unknown)}。可用的主体类型：{names}"
            "（也可用常见说法，如“高企”“担保公司”“高校”）。",
            f"Unknown beneficiary: {', '.join(unknown)}. Valid types: {', '.join(_vocabulary(cat))} "
            "(common words such as 高企, 担保公司 or 高校 also work).",
            detail={"unknown": unknown, "valid": list(_vocabulary(cat))},
        )
    return resolved


def _vocabulary(cat: Catalogue) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*BENEFICIARIES, *cat.beneficiary_words]))


def _with_implied(names: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(names))
    if ENTERPRISE not in out and any(n.endswith(ENTERPRISE) for n in out):
        out.append(ENTERPRISE)
    return out


@dataclass(frozen=True)
class _Key:
    text: str
    rule_id: str | None
    name: str


def _parse_keys(inputs: Mapping[str, object], cat: Catalogue) -> list[tuple[_Key, object]]:
    names = sorted({i.name for r in cat for i in r.inputs})
    ids = {r.id for r in cat}
    parsed: list[tuple[_Key, object]] = []
    for raw_key, value in inputs.items():
        key = str(raw_key).strip()
        rule_id, dot, name = key.partition(".")
        if not dot:
            rule_id, name = "", key
        if rule_id:
            if rule_id not in ids:
                raise UnknownInputError(
                    f"输入“{key}”中的规则“{rule_id}”不存在。可用 `policy-assistant rules` 查看规则编号。",
                    f"Input '{key}': there is no rule '{rule_id}'. `policy-assistant rules` lists the rule ids.",
                    detail={"unknown": key},
                )
            rule = cat.get(rule_id)
            if rule.input(name) is None:
                takes = ", ".join(i.name for i in rule.inputs) or "（无）"
                raise UnknownInputError(
                    f"规则“{rule_id}”（{rule.title_zh}）没有输入“{name}”；它接受：{takes}。",
                    f"Rule '{rule_id}' has no input '{name}'; it takes: {takes}.",
                    detail={"unknown": key, "valid": [i.name for i in rule.inputs]},
                )
        elif name not in names:
            raise UnknownInputError(
                f"无法识别的输入名称：{key}。可用的输入名称：{', '.join(names)}；"
                "也可写成“规则编号.输入名称”，例如 guarantee_loss_compensation.base_yuan。",
                f"Unknown input name: {key}. Valid names: {', '.join(names)}; or scope one to a rule "
                "as '<rule_id>.<name>', e.g. guarantee_loss_compensation.base_yuan.",
                detail={"unknown": key, "valid": names},
            )
        k = _Key(key, rule_id or None, name)
        specs = [cat.get(rule_id).input(name)] if rule_id else [r.input(name) for r in cat]
        parsed.append((k, _checked(k, value, [s for s in specs if s is not None])))
    return parsed


def _checked(key: _Key, value: object, specs: list[Input]) -> object:
    """Parse a money amount once, up front, so a bad one fails with its key named (used or not)."""
    if not specs or specs[0].unit != "yuan":
        return value
    try:
        return parse_amount(value, allow_zero=any(s.optional or s.prior for s in specs)).yuan
    except AmountError as exc:
        raise AmountError(
            f"{key.text}：{exc.message('zh')}", f"{key.text}: {exc.message('en')}", detail=key.text
        ) from exc


# ----------------------------------------------------------------------------- matching
def match_policies(
    profile: Mapping[str, Any],
    *,
    as_of: date | None = None,
    lang: str = "zh",
    cat: Catalogue | None = None,
) -> MatchReport:
    """Every rule the profile's beneficiaries may claim, computed where its inputs are given."""
    cat = cat or catalogue()
    today = as_of or date.today()
    words = profile.get("beneficiaries") or []
    if isinstance(words, str):
        words = [words]
    raw_inputs = profile.get("inputs") or {}
    if not isinstance(raw_inputs, Mapping):
        raise PolicyInputError(
            "inputs 须为“输入名称: 金额”的映射。", "inputs must map input names to amounts."
        )
    resolved = resolve_beneficiaries(words, cat)
    keys = _parse_keys(raw_inputs, cat)
    named = _with_implied(n for names in resolved.values() for n in names)
    scoped_rules = {k.rule_id for k, _ in keys if k.rule_id}
    if not named and not scoped_rules:
        raise UnknownBeneficiaryError(
            f"请至少给出一种主体类型，例如：{'、'.join(_vocabulary(cat)[:6])}……",
            f"Give at least one beneficiary type, e.g. {', '.join(_vocabulary(cat)[:6])} …",
            detail={"valid": list(_vocabulary(cat))},
        )
    matched = [r for r in cat if r.id in scoped_rules or set(r.beneficiaries) & set(named)]

    given: dict[str, dict[str, object]] = {r.id: {} for r in matched}
    from_scope: dict[str, set[str]] = {r.id: set() for r in matched}
    for key, value in keys:
        if key.rule_id:
            given[key.rule_id][key.name] = value
            from_scope[key.rule_id].add(key.name)

    ambiguous: list[dict[str, Any]] = []
    unused: list[str] = []
    for key, value in keys:
        if key.rule_id:
            continue
        takers = [r for r in matched if r.input(key.name) is not None]
        if not takers:
            unused.append(key.text)
            continue
        specs = [r.input(key.name) for r in takers]
        roles = {(s.role_zh if s else "") for s in specs}
        if len(takers) > 1 and (len(roles) > 1 or any(s is not None and s.prior for s in specs)):
            ambiguous.append(
                {
                    "name": key.name,
                    "keys": [
                        {"key": f"{r.id}.{key.name}", "role": _role(s, lang), "where": _where(r, lang)}
                        for r, s in zip(takers, specs, strict=True)
                        if s is not None
                    ],
                }
            )
            continue
        for r in takers:
            if key.name not in from_scope[r.id]:
                given[r.id][key.name] = value

    notices = [_ambiguity_notice(a, lang) for a in ambiguous]
    if unused:
        notices.append(
            _t(
                lang,
                f"以下输入与所选主体的政策无关，未使用：{', '.join(unused)}",
                f"These inputs feed none of the matched policies and were not used: {', '.join(unused)}",
            )
        )
    results = [_match_one(r, given[r.id], named, today, lang, cat) for r in matched]
    order = {r.id: i for i, r in enumerate(cat)}
    direct = set(n for names in resolved.values() for n in names)
    # Computed amounts, then fixed awards, then those still needing an amount; within each, the
    # rules written for the applicant's own type before the general 企业 ones, largest first.
    results.sort(
        key=lambda m: (
            _STATUS_ORDER[m.status],
            not (direct & set(m.rule.beneficiaries) or m.rule.id in scoped_rules),
            m.qualifies == "no",
            -(m.amount_yuan or Decimal(0)),
            order[m.rule.id],
        )
    )
    return MatchReport(
        today,
        lang,
        named,
        {w: list(n) for w, n in resolved.items()},
        results,
        ambiguous,
        unused,
        notices,
    )


def _role(spec: Input | None, lang: str) -> str:
    if spec is None:
        return ""
    return _t(lang, spec.role_zh, spec.role_en or spec.role_zh)


def _where(rule: Rule, lang: str) -> str:
    return _t(lang, rule.where_zh, rule.where_en)


def _ambiguity_notice(entry: dict[str, Any], lang: str) -> str:
    options = [f"{k['key']}（{k['where']} {k['role']}）" for k in entry["keys"]]
    return _t(
        lang,
        f"输入“{entry['name']}”对多项政策含义不同，未使用；请改用：" + "；".join(options),
        f"Input '{entry['name']}' means different things for several policies and was not used; "
        "use one of: " + "; ".join(options),
    )


def _needed(rule: Rule, given: Mapping[str, object]) -> list[Input]:
    required = [i for i in rule.inputs if not i.optional]
    if required:
        return [i for i in required if i.name not in given]
    if rule.kind == "fixed" or not rule.inputs or any(i.name in given for i in rule.inputs):
        return []
    return [i for i in rule.inputs if not i.prior]  # any one of them (研发费用 or 无形资产)


def _match_one(
    rule: Rule, given: dict[str, object], named: list[str], today: date, lang: str, cat: Catalogue
) -> PolicyMatch:
    doc = cat.documents[rule.doc_id]
    m = PolicyMatch(
        rule=rule,
        status="needs_input",
        matched_beneficiaries=[b for b in rule.beneficiaries if b in named],
        title=rule.title(lang),
        where=_where(rule, lang),
        wenhao=doc.wenhao,
        summary=summary(rule, lang, today),
        conditions=list(rule.conditions(lang)),
        citation=ClauseRef.of(rule.doc_id, rule).as_dict(),
        validity=_validity(rule, today, lang, cat),
    )
    m.accepts = [_input_dict(rule, i, lang, given) for i in rule.inputs]
    missing = _needed(rule, given)
    m.needs = [_input_dict(rule, i, lang, given) for i in missing]
    if not missing:
        result = calculate(rule, given, as_of=today, lang=lang, cat=cat)
        m.status = "fixed" if rule.kind == "fixed" else "computed"
        m.amount_yuan = result.amount_yuan
        m.is_maximum = result.is_maximum
        m.calculation = result.as_dict()
        m.inputs_used = {k: str(v) for k, v in given.items()}
    m.to_qualify = [Check("condition", c) for c in rule.conditions(lang)]
    m.to_qualify += [_threshold_check(rule, t, given, lang, today) for t in rule.thresholds]
    return m


def _input_dict(rule: Rule, spec: Input, lang: str, given: Mapping[str, object]) -> dict[str, Any]:
    value = given.get(spec.name)
    return {
        "name": spec.name,
        "key": f"{rule.id}.{spec.name}",
        "role": _role(spec, lang),
        "unit": spec.unit,
        "optional": spec.optional,
        "given": None if value is None else str(value),
    }


def _validity(rule: Rule, today: date, lang: str, cat: Catalogue) -> dict[str, Any]:
    start, end = cat.valid_from(rule), cat.valid_to(rule)
    ref = validity_ref(rule, cat)
    return {
        "valid_from": start.isoformat() if start else None,
        "valid_to": end.isoformat() if end else None,
        "expired": end is not None and today > end,
        "not_yet_in_force": start is not None and today < start,
        "note": validity_note(rule, today, lang, cat),
        "citation": ref.as_dict() if ref is not None else None,
    }


def _threshold_text(t: Threshold, lang: str, today: date) -> str:
    value = t.amount.at(today)
    shown = {
        "yuan": _t(lang, format_wan(value), f"{value:,.0f} yuan"),
        "usd": _t(lang, f"{format_wan(value).removesuffix('元')}美元", f"USD {value:,.0f}"),
        "percent": percent(value),
        "count": f"{value.normalize():f}",
        "year": _t(lang, f"{value.normalize():f}年", f"{value.normalize():f} years"),
    }[t.unit]
    role = _t(lang, t.role_zh, t.role_en or t.role_zh)
    if t.op == "min":
        return _t(lang, f"{role}不低于{shown}", f"{role} at least {shown}")
    return _t(lang, f"{role}不超过{shown}", f"{role} at most {shown}")


def _threshold_check(rule: Rule, t: Threshold, given: Mapping[str, object], lang: str, today: date) -> Check:
    """Compare with a given amount of the same unit (never across currencies); otherwise to confirm."""
    text = _threshold_text(t, lang, today)
    spec = next(
        (i for i in rule.inputs if i.unit == t.unit and not i.prior and i.name in given),
        None,
    )
    if spec is None:
        return Check("threshold", text)
    try:
        value = Decimal(str(given[spec.name]))
    except ArithmeticError:
        return Check("threshold", text)
    limit = t.amount.at(today)
    ok = value >= limit if t.op == "min" else value <= limit
    shown = format_wan(value) if spec.unit == "yuan" else f"{value.normalize():f}"
    role = _role(spec, lang)
    verdict = _t(lang, "已达到" if ok else "未达到", "met" if ok else "not met")
    return Check(
        "threshold",
        text + _t(lang, f"（所给{role} {shown}：{verdict}）", f" (given {role} {shown}: {verdict})"),
        "met" if ok else "not_met",
    )


__all__ = [
    "Check",
    "MatchReport",
    "PolicyMatch",
    "UnknownBeneficiaryError",
    "UnknownInputError",
    "match_policies",
    "resolve_beneficiaries",
]
