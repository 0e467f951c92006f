"""The catalogue against the corpus: clauses verbatim, every number of every clause in the data with
the same value and unit, paired levels in the right order, validity from data only."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from calculators.catalogue import BENEFICIARIES, Rule, catalogue
from ingest.structure import load_corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = load_corpus(ROOT / "corpus")
CAT = catalogue()
RULES = list(CAT)


def passage_text(doc_id: str, article: int | None, item: int | None, section: str | None = None) -> str:
    if article is None and item is None and section:
        return CORPUS[doc_id].text  # a rule outside any numbered unit: somewhere in its document
    for p in CORPUS[doc_id].passages:
        if (article is not None and p.article == article) or (
            article is None and item is not None and p.item == item
        ):
            return p.text
    raise AssertionError(f"no passage {doc_id} {article} {item}")


def rule_clauses(rule: Rule) -> list[str]:
    return [rule.clause, *(b.clause for b in rule.brackets), *(c.clause for c in rule.caps if c.clause)]


# ------------------------------------------------------------------------- numbers in a clause
_NUM = r"(\d+(?:\.\d+)?)"
_PATTERNS: tuple[tuple[str, str, Decimal], ...] = (
    (_NUM + r"\s*[-—至~]\s*" + _NUM + r"\s*万元", "yuan_range", Decimal(10_000)),
    (_NUM + r"\s*万美元", "usd", Decimal(10_000)),
    (_NUM + r"\s*亿元", "yuan", Decimal(100_000_000)),
    (_NUM + r"\s*万元", "yuan", Decimal(10_000)),
    (_NUM + r"\s*%", "pct", Decimal("0.01")),
    (_NUM + r"\s*年\s*\d+\s*月", "year", Decimal(1)),
    (_NUM + r"\s*年(?!\s*\d+\s*月)", "years", Decimal(1)),
    (_NUM + r"\s*(?:家|个|项|次)", "count", Decimal(1)),
)


def clause_numbers(clause: str) -> list[tuple[str, Decimal]]:
    """Every number written in a clause, with its unit: 1000 万元 → ('yuan', 10000000), 1.5% → ('pct', 0.015)."""
    found: list[tuple[str, Decimal]] = []
    taken: list[tuple[int, int]] = []
    for pattern, unit, scale in _PATTERNS:
        for m in re.finditer(pattern, clause):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            if unit == "yuan_range":
                found += [("yuan", Decimal(m.group(1)) * scale), ("yuan", Decimal(m.group(2)) * scale)]
            else:
                found.append((unit, (Decimal(m.group(1)) * scale).normalize()))
    return [(u, v.normalize()) for u, v in found]


def data_numbers(rule: Rule) -> set[tuple[str, Decimal]]:
    """Every number the rule's data holds, with its unit; a clause that pairs several rules
    (国家级、省级…分别给予) is read against all of them (their order is checked separately)."""
    out: set[tuple[str, Decimal]] = set()
    for sibling in RULES:
        if sibling is not rule and sibling.clause == rule.clause and sibling.level and rule.level:
            out |= _own_numbers(sibling)
    return out | _own_numbers(rule)


def _own_numbers(rule: Rule) -> set[tuple[str, Decimal]]:
    out: set[tuple[str, Decimal]] = set()

    def add(unit: str, value: Decimal | None) -> None:
        if value is not None:
            out.add((unit, Decimal(value).normalize()))

    for dated in (rule.rate, rule.share, rule.uplift):
        if dated:
            add("pct", dated.value)
    if rule.deduction:
        add("pct", rule.deduction.extra.value)
        add("pct", rule.deduction.amortisation.value)
    for dated in (rule.amount, rule.amount_max, *rule.amount_steps):
        if dated:
            add("yuan", dated.value)
    for b in rule.brackets:
        add("yuan", b.threshold.value)
        add("pct", b.rate.value)
    for c in rule.caps:
        add("yuan", c.amount.value)
    for t in rule.thresholds:
        add(
            {"percent": "pct", "usd": "usd", "yuan": "yuan", "count": "count", "year": "years"}[t.unit],
            t.amount.value,
        )
    if rule.duration_years:
        add("years", Decimal(rule.duration_years))
    for d in (rule.valid_from, rule.valid_to):
        if d:
            add("year", Decimal(d.year))
    for other in (*rule.base_rules, *([rule.target] if rule.target else [])):
        target = CAT.get(other)
        if target.amount:
            add("yuan", target.amount.value)
    return out


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_clause_is_verbatim_in_its_article_or_item(rule: Rule) -> None:
    text = passage_text(rule.doc_id, rule.article, rule.item, rule.section)
    for clause in [*rule_clauses(rule), *filter(None, [rule.conditions_clause])]:
        assert clause in text, f"{rule.id}: not verbatim in {rule.where_zh}: {clause}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_number_in_the_clause_is_in_the_data_with_its_unit(rule: Rule) -> None:
    if rule.by_reference:  # 参照第二十三条执行: the numbers are those of the referenced rule
        ref = CAT.get(rule.by_reference)
        assert (rule.rate, rule.caps) == (ref.rate, ref.caps), f"{rule.id} differs from {ref.id}"
        return
    data = data_numbers(rule)
    for clause in rule_clauses(rule):
        for unit, value in clause_numbers(clause):
            assert (unit, value) in data, f"{rule.id}: {value} ({unit}) of “{clause}” is not in the data"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_paid_number_in_the_data_is_written_in_the_clause(rule: Rule) -> None:
    """The other direction: an amount 10× too small in the data is not in the clause."""
    source = CAT.get(rule.by_reference) if rule.by_reference else rule
    written = {n for clause in rule_clauses(source) for n in clause_numbers(clause)}
    paid: list[tuple[str, Decimal]] = []
    for dated in (rule.rate, rule.share, rule.uplift):
        if dated:
            paid.append(("pct", dated.value.normalize()))
    for dated in (rule.amount, rule.amount_max):
        if dated:
            paid.append(("yuan", dated.value.normalize()))
    paid += [("yuan", c.amount.value.normalize()) for c in rule.caps]
    paid += [("pct", b.rate.value.normalize()) for b in rule.brackets]
    for number in paid:
        assert number in written, f"{rule.id}: {number} is in the data but not in its clause"


def test_a_typo_in_the_data_is_caught() -> None:
    """The check above can fail: a rate ten times too small is not written in the clause."""
    rule = CAT.get("guarantee_loss_compensation")
    assert rule.rate is not None
    wrong = rule.rate.model_copy(update={"values": {d: v / 10 for d, v in rule.rate.values.items()}})
    broken = rule.model_copy(update={"rate": wrong})
    written = {n for clause in rule_clauses(broken) for n in clause_numbers(clause)}
    assert ("pct", wrong.value.normalize()) not in written


def _level_order(clause: str, levels: list[str]) -> list[str]:
    return sorted((lv for lv in levels if lv in clause), key=clause.index)


@pytest.mark.parametrize(
    "clause",
    sorted({r.clause for r in RULES if r.level and "分别" in r.clause}),
)
def test_paired_levels_map_to_the_amounts_in_the_same_order(clause: str) -> None:
    """“对新获批国家级、省级…分别给予 100 万元、50 万元”: 国家级 gets the first amount, 省级 the second."""
    rules = [r for r in RULES if r.clause == clause and r.level and r.amount is not None]
    head, tail = clause.split("分别", 1)
    amounts = [v for u, v in clause_numbers(tail) if u == "yuan"]
    for rule in rules:
        assert rule.amount is not None and rule.level is not None
        assert rule.level in head, f"{rule.id}: level {rule.level} not named before 分别"
        position = _position(head, rule, [r for r in RULES if r.clause == clause and r.level])
        assert amounts[position] == rule.amount.value.normalize(), (
            f"{rule.id}: {rule.level} should get the amount in position {position} of {amounts}"
        )


def _position(head: str, rule: Rule, siblings: list[Rule]) -> int:
    """The slot of this rule's level among the levels the clause names before 分别, in their order."""
    levels = sorted({r.level for r in siblings if r.level}, key=head.index)
    assert rule.level in levels
    return levels.index(rule.level)


@pytest.mark.parametrize("rule", [r for r in RULES if r.rate is not None], ids=lambda r: r.id)
def test_a_rate_is_a_ceiling_exactly_when_the_clause_says_so(rule: Rule) -> None:
    assert rule.rate is not None
    squashed = rule.clause.replace(" ", "")
    pct = f"{(rule.rate.value * 100).normalize():f}%"
    says_ceiling = any(f"{w}{pct}" in squashed for w in ("最高", "不超过")) or bool(
        re.search(r"不超过[^，。,]{0,20}" + re.escape(pct), squashed)
    )
    assert rule.rate.maximum == says_ceiling, (
        f"{rule.id}: maximum={rule.rate.maximum} but clause says {squashed}"
    )


def test_at_least_80_complete_rules() -> None:
    assert len(RULES) >= 80
    for rule in RULES:
        assert rule.title_en.strip(), rule.id
        assert rule.beneficiaries and set(rule.beneficiaries) <= set(BENEFICIARIES), rule.id
        assert CAT.valid_from(rule) is not None, rule.id
        assert rule.article is not None or rule.item is not None or rule.section, rule.id
        if rule.conditions_zh:
            assert len(rule.conditions_en) == len(rule.conditions_zh), rule.id


def test_validity_comes_from_the_validity_article() -> None:
    doc = CAT.documents["measures-2017-52"]
    assert doc.validity is not None
    text = passage_text("measures-2017-52", doc.validity.article, None)
    assert doc.validity.clause in text
    assert doc.valid_from is not None and doc.valid_to is not None
    years = int(re.search(r"有效期\s*(\d+)\s*年", doc.validity.clause).group(1))  # type: ignore[union-attr]
    assert doc.valid_to.year - doc.valid_from.year + 1 == years
    assert str(doc.valid_from.year) in doc.validity.clause.replace(" ", "")


_TITLE = re.compile(r"行动计划（20\d\d—20\d\d年）")  # the plan's title names its years
_TERM = re.compile(
    r"20\d\d\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}"  # a date: 2018-01-01, 2018年1月1日
    r"|20\d\d\s*[—–~-]\s*20\d\d"  # a term: 2017—2019
    r"|有效期\s*\d+\s*年|\d+\s*年有效期"  # 有效期5年
    r"|date\(\s*20\d\d"  # date(2022, 12, 31)
    r"|[至到]\s*20\d\d"  # 至2022年
)


def test_no_policy_date_literal_in_python_code() -> None:
    """Terms and dates come from the catalogue; a year of the policies' terms in code is a second source."""
    offenders = []
    for package in ("core", "calculators", "assistant", "ingest", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _TERM.search(_TITLE.sub("", line)):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_a_locality_requirement_is_one_the_clause_states_in_both_languages():
    import re

    local = [r for r in catalogue() if r.local_zh]
    assert len(local) >= 5
    for r in local:
        assert r.local_en, r.id
        text = r.clause + " ".join(r.conditions_zh)
        assert re.search(r"大连|在连|本地|本市", text), r.id


def test_a_defined_term_is_verbatim_in_its_article_and_names_each_member() -> None:
    terms = [(d, t) for d in CAT.documents.values() for t in d.terms]
    assert terms
    for doc, term in terms:
        text = passage_text(doc.doc_id, term.article, term.item, None)
        assert term.clause in text and term.term in term.clause
        for member in term.members:
            assert member in term.clause, member


def test_a_left_out_party_is_a_vocabulary_type_in_words_verbatim_in_its_unit() -> None:
    left_out = [r for r in RULES if r.excludes]
    assert left_out  # 第二十五条: 技术转移服务机构（不含大连高校院所）
    for rule in left_out:
        assert set(rule.excludes) <= set(BENEFICIARIES)
        assert rule.excludes_zh and rule.excludes_zh in passage_text(rule.doc_id, rule.article, rule.item)
    data = left_out[0].model_dump() | {"excludes_zh": "不含任何企业"}
    with pytest.raises(ValueError, match="excludes needs excludes_zh"):
        Rule.model_validate(data)


def test_every_figure_a_condition_shows_is_in_a_clause_the_rule_cites() -> None:
    from calculators.rules_refs import rule_refs

    for rule in RULES:
        quoted = "".join(ref.quote for ref in rule_refs(rule)).replace(" ", "")
        for line in rule.conditions_zh:
            for figure in re.findall(r"\d+(?:\.\d+)?", line):
                assert figure in quoted, (
                    f"{rule.id}: “{figure}” of the condition “{line}” is in no cited clause"
                )
