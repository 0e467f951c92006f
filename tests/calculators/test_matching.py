"""Policy matching: a profile in, the policies it may claim out, with amounts only from the calculators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from calculators.amounts import AmountError
from calculators.matching import UnknownBeneficiaryError, UnknownInputError, match_policies

IN_TERM = date(2020, 6, 1)  # inside 大政发〔2017〕52号's term (2018-01-01 to 2022-12-31)


def by_id(report):
    return {m.rule.id: m for m in report.matches}


def test_guarantee_loss_of_30_million_is_capped_at_5_million_under_article_41():
    report = match_policies(
        {"beneficiaries": ["融资担保机构"], "inputs": {"guarantee_loss_compensation.base_yuan": "3000万"}},
        as_of=IN_TERM,
    )
    first = report.matches[0].as_dict()
    assert first["rule_id"] == "guarantee_loss_compensation"
    assert first["status"] == "computed"
    assert Decimal(first["amount_yuan"]) == Decimal(5_000_000)
    assert first["amount_display"] == "500万元"
    assert (first["wenhao"], first["where"]) == ("大政发〔2017〕52号", "第四十一条")
    steps = first["calculation"]["steps"]
    assert "3000万 × 20% = 600万" in steps[0]["text"]
    assert all(s["citation"]["article"] == 41 and s["citation"]["start"] is not None for s in steps)
    assert "按担保代偿损失的 20% 进行补偿" in first["citation"]["quote"]
    # the other 第四十一条 rule is listed with the amount it still needs, in the user's words
    other = by_id(report)["guarantee_increase_reward"].as_dict()
    assert other["status"] == "needs_input"
    assert other["needs"][0]["key"] == "guarantee_increase_reward.base_yuan"
    assert other["needs"][0]["role"] == "每年在保责任余额增量"


def test_a_plain_input_name_that_means_two_amounts_is_not_guessed():
    report = match_policies({"beneficiaries": ["担保公司"], "inputs": {"base_yuan": "3000万"}}, as_of=IN_TERM)
    assert all(m.status == "needs_input" for m in report.matches)
    assert [k["key"] for k in report.ambiguous_inputs[0]["keys"]] == [
        "guarantee_increase_reward.base_yuan",
        "guarantee_loss_compensation.base_yuan",
    ]
    assert "guarantee_loss_compensation.base_yuan（第四十一条 担保代偿损失）" in report.notices[0]


def test_a_plain_input_name_feeds_the_one_rule_that_takes_it():
    report = match_policies({"beneficiaries": ["孵化器"], "inputs": {"count": 6}}, as_of=IN_TERM)
    bonus = by_id(report)["incubator_hitech_bonus"]
    assert bonus.status == "computed"
    assert bonus.amount_yuan == Decimal(500_000)  # 6 × 10万 = 60万, 年度最高 50万
    assert not report.ambiguous_inputs


def test_a_rule_scoped_key_wins_over_the_plain_name_for_its_rule():
    report = match_policies(
        {"beneficiaries": ["孵化器"], "inputs": {"count": 6, "incubator_hitech_bonus.count": 2}},
        as_of=IN_TERM,
    )
    assert by_id(report)["incubator_hitech_bonus"].amount_yuan == Decimal(200_000)


def test_a_rule_scoped_key_brings_its_rule_in_without_a_beneficiary():
    report = match_policies({"inputs": {"equity_investment_reward.amount_yuan": "2000万"}}, as_of=IN_TERM)
    assert [m.rule.id for m in report.matches] == ["equity_investment_reward"]
    assert report.matches[0].amount_yuan == Decimal(450_000)


def test_a_high_tech_enterprise_sees_article_14_first_among_the_fixed_awards():
    report = match_policies({"beneficiaries": ["高企"]}, as_of=IN_TERM)
    assert report.beneficiaries[0] == "高新技术企业"
    assert report.resolved_words == {"高企": ["高新技术企业"]}
    first, renewal = report.matches[0].as_dict(), report.matches[1].as_dict()
    assert (first["rule_id"], first["where"], first["amount_display"]) == (
        "hitech_first",
        "第十四条",
        "20万元",
    )
    assert (renewal["rule_id"], renewal["amount_display"]) == ("hitech_renewal", "10万元")
    assert first["status"] == "fixed"
    assert first["to_qualify"] == [
        {"type": "condition", "text": "首次被认定为高新技术企业", "status": "to_confirm"}
    ]
    # an 高新技术企业 is an 企业: the general enterprise rules follow, marked as such
    general = by_id(report)["major_rd_project"]
    assert general.matched_beneficiaries == ["企业"]


def test_computed_amounts_come_first_largest_first():
    report = match_policies(
        {
            "beneficiaries": ["企业"],
            # 第六条 comes before 第五十三条 in the catalogue; the larger amount still leads
            "inputs": {
                "national_project_match.base_yuan": "100万",
                "military_civil_event.base_yuan": "200万",
            },
        },
        as_of=IN_TERM,
    )
    statuses = [m.status for m in report.matches]
    assert statuses[:2] == ["computed", "computed"]
    assert statuses.index("needs_input") > statuses.index("fixed")
    assert [(m.rule.id, m.amount_yuan) for m in report.matches[:2]] == [
        ("military_civil_event", Decimal(400_000)),
        ("national_project_match", Decimal(200_000)),
    ]


def test_a_threshold_is_compared_with_the_given_amount():
    report = match_policies(
        {"beneficiaries": ["企业"], "inputs": {"key_rd_project.base_yuan": "150万"}}, as_of=IN_TERM
    )
    key = by_id(report)["key_rd_project"]
    threshold = next(c for c in key.to_qualify if c.type == "threshold")
    assert threshold.status == "not_met"
    assert threshold.text.startswith("研发投入不低于200万元")
    assert key.qualifies == "no"
    major = by_id(report)["major_rd_project"]  # no amount given: the threshold is still to confirm
    assert [c.status for c in major.to_qualify if c.type == "threshold"] == ["to_confirm"]


def test_unknown_beneficiary_word_is_refused_with_the_valid_types():
    with pytest.raises(UnknownBeneficiaryError) as exc:
        match_policies({"beneficiaries": ["高新技术企业", "火箭公司"]})
    assert "无法识别的主体类型：火箭公司" in exc.value.message("zh")
    assert "融资担保机构" in exc.value.message("zh")
    assert "Unknown beneficiary: 火箭公司" in exc.value.message("en")


def test_an_empty_profile_is_refused():
    with pytest.raises(UnknownBeneficiaryError, match="请至少给出一种主体类型"):
        match_policies({"beneficiaries": [], "inputs": {}})


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("turnover_yuan", "无法识别的输入名称：turnover_yuan"),
        ("no_such_rule.base_yuan", "规则“no_such_rule”不存在"),
        ("hitech_first.base_yuan", "规则“hitech_first”（首次认定的高新技术企业）没有输入“base_yuan”"),
    ],
)
def test_unknown_input_names_are_refused_naming_them(key, expected):
    with pytest.raises(UnknownInputError) as exc:
        match_policies({"beneficiaries": ["高企"], "inputs": {key: "100万"}})
    assert expected in exc.value.message("zh")


def test_a_bad_amount_is_refused_with_the_amount_message_and_its_key():
    with pytest.raises(AmountError) as exc:
        match_policies(
            {"beneficiaries": ["担保公司"], "inputs": {"guarantee_loss_compensation.base_yuan": "-5"}}
        )
    assert exc.value.message("zh") == "guarantee_loss_compensation.base_yuan：金额不能为负数。"
    with pytest.raises(AmountError, match="外币"):
        match_policies(
            {"beneficiaries": ["担保公司"], "inputs": {"guarantee_loss_compensation.base_yuan": "300万美元"}}
        )


def test_validity_is_reported_against_as_of():
    profile = {"beneficiaries": ["担保公司"], "inputs": {"guarantee_loss_compensation.base_yuan": "100万"}}
    during = by_id(match_policies(profile, as_of=IN_TERM))["guarantee_loss_compensation"].validity
    after = by_id(match_policies(profile, as_of=date(2023, 3, 1)))["guarantee_loss_compensation"].validity
    assert (during["valid_from"], during["valid_to"]) == ("2018-01-01", "2022-12-31")
    assert during["expired"] is False and during["note"] is None
    assert after["expired"] is True
    assert "2022年12月31日" in after["note"] and "已届满" in after["note"]
    assert after["citation"]["article"] == 66


def test_a_rule_with_its_own_term_expires_on_its_own_date():
    # 意见第16项 (研发费用加计扣除) ran 2017–2019, inside a document with no overall end date
    report = match_policies(
        {"beneficiaries": ["科技型中小企业"], "inputs": {"expensed_rd_yuan": "100万"}}, as_of=IN_TERM
    )
    deduction = by_id(report)["rd_super_deduction"]
    assert deduction.status == "computed"
    assert deduction.validity["valid_to"] == "2019-12-31" and deduction.validity["expired"] is True


def test_english_profile_gets_english_titles_roles_and_conditions():
    report = match_policies({"beneficiaries": ["guarantee company"]}, as_of=IN_TERM, lang="en")
    loss = by_id(report)["guarantee_loss_compensation"].as_dict()
    assert loss["title"] == "Compensation for guarantee losses"
    assert loss["where"] == "Article 41"
    assert loss["needs"][0]["role"] == "loss from compensatory payments under guarantees"
    assert loss["conditions"][0].startswith("The guarantee was provided")
