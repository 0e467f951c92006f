from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import (
    AmountError,
    achievement_income_share,
    fixed_award_lookup,
    listing_subsidy_uplift,
    rate_subsidy,
    rd_super_deduction,
    tech_transfer_subsidy,
)
from calculators.catalogue import UnknownRuleError, catalogue
from calculators.named import UnknownAwardError, first_application_uplift

RATE_RULES = catalogue().of_kind("rate_with_cap")

W = Decimal(10_000)
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("rule_id", "base", "expected_wan"),
    [
        ("major_rd_project", "2000万", 600),
        ("major_rd_project", "5000万", 1000),
        ("key_rd_project", "500万", 150),
        ("key_rd_project", "1000万", 200),
        ("national_project_match", "1000万", 200),
        ("national_project_match", "1亿", 1000),
        ("platform_annual_review", "2000万", 300),
        ("rd_institution_equipment", "1亿", 2000),
        ("incubator_annual_review", "100万", 70),
        ("maker_space_annual_review", "100万", 30),
        ("university_park_annual_review", "400万", 200),
        ("achievement_transformation", "1000万", 500),
        ("foreign_tech_purchase", "300万", 30),
        ("foreign_tech_purchase", "600万", 50),
        ("transfer_agency_brokerage", "500万", 15),
        ("transfer_agency_brokerage", "1000万", 20),
        ("tech_broker_reward", "500万", 5),
        ("tech_broker_reward", "2000万", 10),
        ("innovation_voucher", "10万", 3),
        ("instrument_sharing", "500万", 30),
        ("intelligent_manufacturing", "2000万", 300),
        ("intelligent_manufacturing", "5000万", 500),
        ("new_key_project", "1亿", 1000),
        ("bank_loan_loss_compensation", "150万", 75),
        ("bank_loan_loss_compensation", "300万", 100),
        ("tech_insurance_compensation", "100万", 20),
        ("loan_investment_linkage", "3000万", 30),
        ("loan_investment_linkage", "1亿", 50),
        ("microcredit_increase_reward", "2000万", 30),
        ("guarantee_increase_reward", "1亿", 100),
        ("guarantee_loss_compensation", "1000万", 200),
        ("guarantee_loss_compensation", "5000万", 500),
        ("military_civil_industrialization", "2亿", 1500),
        ("military_civil_event", "100万", 20),
        ("military_civil_booth", "200万", 20),
    ],
)
def test_rate_rules_from_the_text(rule_id, base, expected_wan):
    assert rate_subsidy(rule_id, base, as_of=TODAY).amount_yuan == Decimal(expected_wan) * W


def test_prior_receipts_reduce_the_remaining_cap():
    assert rate_subsidy("key_rd_project", "500万", "180万").amount_yuan == 20 * W


def test_tech_transfer_gives_enterprise_and_university_amounts():
    r = tech_transfer_subsidy("300万", as_of=TODAY)
    assert r.breakdown == {"enterprise_yuan": 30 * W, "university_yuan": 15 * W}
    big = tech_transfer_subsidy("2000万", as_of=TODAY)
    assert big.breakdown == {"enterprise_yuan": 100 * W, "university_yuan": 30 * W}
    assert {s.citation.article for s in big.steps} >= {23}
    assert 50 in {s.citation.article for s in tech_transfer_subsidy("1000万", military_civil=True).steps}


def test_fixed_awards_by_words():
    assert fixed_award_lookup("国家级孵化器").amount_yuan == 100 * W
    assert fixed_award_lookup("首次认定的高新技术企业").amount_yuan == 20 * W
    assert fixed_award_lookup("省级众创空间").amount_yuan == 10 * W
    assert fixed_award_lookup("新三板").is_maximum
    with pytest.raises(UnknownAwardError):
        fixed_award_lookup("火星基地")


def test_uplifts_and_shares():
    assert listing_subsidy_uplift(listing="domestic_ipo").amount_yuan == 330 * W
    assert listing_subsidy_uplift(listing="backdoor_listing").amount_yuan == 220 * W
    assert first_application_uplift("10%").breakdown["raised_ratio_percent"] == Decimal("11.0")
    assert achievement_income_share("100万").amount_yuan == 50 * W
    assert achievement_income_share("100万", "rd_team_share").amount_yuan == 70 * W


def test_super_deduction_75_and_175_percent():
    r = rd_super_deduction("1000万", "200万", year=2018)
    assert r.breakdown == {"extra_deduction_yuan": 750 * W, "amortisation_yuan": 350 * W}
    assert any("2019" in w for w in rd_super_deduction("100万", year=2021).warnings)


def test_unknown_rule_and_bad_amount():
    with pytest.raises(UnknownRuleError):
        rate_subsidy("no_such_rule", "100万")
    with pytest.raises(AmountError):
        rate_subsidy("key_rd_project", "-1")


@pytest.mark.parametrize("rule", RATE_RULES, ids=lambda r: r.id)
@given(
    a=st.decimals(min_value=Decimal(1), max_value=Decimal(10) ** 11, places=2),
    b=st.decimals(min_value=Decimal(1), max_value=Decimal(10) ** 11, places=2),
)
def test_every_rate_rule_is_monotone_and_capped(rule, a, b):
    lo, hi = sorted((a, b))
    r_lo = rate_subsidy(rule.id, lo, as_of=TODAY).amount_yuan
    r_hi = rate_subsidy(rule.id, hi, as_of=TODAY).amount_yuan
    assert r_lo <= r_hi
    for cap in rule.caps:
        assert r_hi <= cap.amount.value
