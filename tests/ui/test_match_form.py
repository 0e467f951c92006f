"""The policy-matching form without a browser: the fields a chosen applicant is offered, where a typed
amount goes, errors per field in the user's language, and what each result card says."""

from __future__ import annotations

import re

import pytest

from calculators.catalogue import catalogue
from calculators.matching import match_policies
from tests.conftest import TODAY
from ui.match_cards import report_html
from ui.match_form import amount_fields, beneficiary_choices, needed_fields, run_match

CAT = catalogue()
FIELDS = amount_fields(CAT)
CONTRACT = "技术合同实际发生技术交易额"
RD = "年度实际研发费用支出"


def match(profile, lang):
    return match_policies(profile, as_of=TODAY, lang=lang, cat=CAT)


def typed(**by_role: str) -> list[object]:
    """Form values: ``by_role`` keyed by the field's Chinese role, every other field empty."""
    values: list[object] = [None] * len(FIELDS)
    for role, value in by_role.items():
        values[next(i for i, f in enumerate(FIELDS) if f.role_zh == role)] = value
    return values


def card(html: str, title: str) -> str:
    """One result card's text (tags dropped) by its title."""
    for block in html.split("<li class='cite-card match-card")[1:]:
        plain = re.sub(r"<[^>]+>", " ", block)
        if f" {title} " in plain:
            return re.sub(r"\s+", " ", plain)
    raise AssertionError(f"no card {title}")


def test_each_input_role_is_one_field_and_amounts_already_received_are_left_out():
    roles = [(f.name, f.role_zh) for f in FIELDS]
    assert len(roles) == len(set(roles))
    assert ("base_yuan", CONTRACT) in roles and ("base_yuan", RD) in roles  # one name, two roles
    assert all(f.role_zh != "已获同一上限下的金额" for f in FIELDS)
    assert ("prior_received_yuan", "已获“新三板”挂牌补贴") in roles  # a difference needs what was received


def test_the_form_offers_what_the_matched_policies_still_need():
    report = match({"beneficiaries": ["高新技术企业"]}, "zh")
    needed = {f.role_zh for f in FIELDS if f.key in needed_fields(report)}
    still_needed = {n["role"] for m in report.matches for n in m.needs}
    assert needed == still_needed and {CONTRACT, RD} <= needed
    assert "上年度运营成本" not in needed  # an incubator's, not a high-tech enterprise's


def test_an_amount_reaches_the_policies_taking_its_role_and_no_other():
    outcome = run_match(match, FIELDS, ["高新技术企业"], typed(**{CONTRACT: "300万"}), "zh")
    assert not outcome.errors and outcome.report is not None
    by_id = {m.rule.id: m for m in outcome.report.matches}
    assert by_id["tech_transfer_enterprise"].status == "computed"
    assert str(by_id["tech_transfer_enterprise"].amount_yuan) == "300000.00"
    # base_yuan is R&D spending there: the contract value must not be taken for it.
    assert by_id["key_rd_project"].status == "needs_input"
    assert outcome.report.ambiguous_inputs == [] and outcome.report.unused_inputs == []


def test_an_amount_for_a_field_the_applicant_was_not_offered_is_ignored():
    outcome = run_match(match, FIELDS, ["高新技术企业"], typed(**{"上年度运营成本": "abc"}), "zh")
    assert outcome.errors == {} and outcome.report is not None
    assert "incubator_annual_review" not in {m.rule.id for m in outcome.report.matches}


@pytest.mark.parametrize(
    ("role", "value", "lang", "message"),
    [
        (CONTRACT, "300", "zh", "“300”是元还是万元？"),
        (CONTRACT, "300", "en", "Is “300” in 元 (yuan) or 万元"),
        (CONTRACT, "-5万", "zh", "负数"),
        (CONTRACT, "-5万", "en", "negative"),
        ("现行首台套奖励比例（%）", "十", "zh", "“十”不是有效数字"),
        ("现行首台套奖励比例（%）", "ten", "en", "“ten” is not a valid number"),
    ],
)
def test_a_bad_value_is_reported_on_its_field_in_the_users_language(role, value, lang, message):
    outcome = run_match(match, FIELDS, ["高新技术企业"], typed(**{role: value}), lang)
    index = next(i for i, f in enumerate(FIELDS) if f.role_zh == role)
    assert list(outcome.errors) == [index] and message in outcome.errors[index]
    assert outcome.report is None


def test_no_applicant_is_asked_for_in_the_users_language():
    assert run_match(match, FIELDS, [], typed(), "zh").general == "请至少选择一种主体类型。"
    assert run_match(match, FIELDS, [], typed(), "en").general == "Choose at least one applicant type."


def test_the_applicant_types_read_in_the_users_language():
    zh, en = dict(beneficiary_choices(CAT, "zh")), dict(beneficiary_choices(CAT, "en"))
    assert zh["高新技术企业"] == "高新技术企业" and en["high-tech enterprise"] == "高新技术企业"
    assert len(zh) == len(en) >= 26


def test_each_card_has_its_amount_or_what_it_needs_conditions_term_and_clause():
    outcome = run_match(match, FIELDS, ["高新技术企业"], typed(**{CONTRACT: "300万", RD: "500万"}), "zh")
    assert outcome.report is not None
    html = report_html(outcome.report, CAT, "zh")
    contract = card(html, "技术合同企业补助")
    assert "30万元" in contract and "300万 × 10% = 30万" in contract
    assert "大政发〔2017〕52号 第二十三条" in contract
    assert "有效期：2018-01-01 至 2022-12-31（已届满）" in contract
    assert "待确认 ：高校院所与企业开展技术开发" in contract
    major = card(html, "重大研发项目补助")
    assert "✗ 未满足 ：研发投入不低于1000万元（所给年度实际研发费用支出 500万元：未达到）" in major
    assert "按所填金额不符合条件。" in major
    assert "还需填写：年度国拨经费实际到位额度" in card(html, "国家重大专项配套补助")
    first = card(html, "首次认定的高新技术企业")
    assert "20万元" in first and "大政发〔2017〕52号 第十四条" in first
    assert html.count("第六十六条规定的期限") == 1  # the expiry note once, above the cards
    assert "data-open-doc='measures-2017-52' data-open-n='23'" in html


def test_a_card_in_english():
    outcome = run_match(match, FIELDS, ["high-tech enterprise"], typed(**{CONTRACT: "300万"}), "en")
    assert outcome.report is not None
    contract = card(
        report_html(outcome.report, CAT, "en"),
        "Subsidy to enterprises for technology contracts with universities and institutes",
    )
    assert (
        "大政发〔2017〕52号 Article 23" in contract
        and "In force: 2018-01-01 to 2022-12-31 (expired)" in contract
    )
    assert "to confirm" in contract and "For: company" in contract
