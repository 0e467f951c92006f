from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import AmountError, equity_investment_reward

W = Decimal(10_000)
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("amount", "reward_wan"),
    [
        ("100万", "4"),
        ("500万", "20"),
        ("500.01万", "20.0002"),
        ("800万", "26"),
        ("1000万", "30"),
        ("2000万", "45"),
        ("3000万", "60"),
        ("4000万", "70"),
        ("7000万", "100"),
        ("1亿", "100"),
    ],
)
def test_marginal_tiers_and_single_cap(amount, reward_wan):
    assert equity_investment_reward(amount, as_of=TODAY).reward_yuan == Decimal(reward_wan) * W


def test_2000_wan_shows_its_steps_with_article_47():
    result = equity_investment_reward("2000万", as_of=TODAY)
    texts = [s.text for s in result.steps]
    assert texts[:4] == ["500万 × 4% = 20万", "500万 × 2% = 10万", "1000万 × 1.5% = 15万", "分段合计 45万"]
    assert "上限 100万（单笔）未触及" in texts
    assert {s.citation.article for s in result.steps} == {47, 66}


def test_cap_applied_says_so():
    result = equity_investment_reward("2亿", as_of=TODAY)
    assert result.reward_yuan == 100 * W
    assert result.is_maximum
    assert any("封顶" in w for w in result.warnings)


def test_cumulative_cap_limits_the_reward():
    assert equity_investment_reward("2000万", prior_rewards_yuan="980万", as_of=TODAY).reward_yuan == 20 * W
    assert equity_investment_reward("2000万", prior_rewards_yuan="1000万", as_of=TODAY).reward_yuan == 0
    with pytest.raises(AmountError):
        equity_investment_reward("2000万", prior_rewards_yuan="1001万")


def test_validity_warning_after_2022_but_not_in_2020():
    assert any("2022年12月31日" in w for w in equity_investment_reward("2000万", as_of=TODAY).warnings)
    assert not any("有效期" in w for w in equity_investment_reward("2000万", as_of=date(2020, 6, 1)).warnings)


@pytest.mark.parametrize("bad", ["-100", "0", "abc", "nan", "3000万美元", "两三千万", "2万亿"])
def test_bad_amounts_raise_the_typed_error(bad):
    with pytest.raises(AmountError):
        equity_investment_reward(bad)


def reference(amount: Decimal) -> Decimal:
    """Independent brute-force: sum the rate of every 1-yuan slice, by band edges."""
    bands = [
        (Decimal(0), 500 * W, Decimal("0.04")),
        (500 * W, 1000 * W, Decimal("0.02")),
        (1000 * W, 3000 * W, Decimal("0.015")),
        (3000 * W, Decimal(10) ** 13, Decimal("0.01")),
    ]
    total = sum((max(Decimal(0), min(amount, hi) - lo) * rate for lo, hi, rate in bands), Decimal(0))
    return min(total, 100 * W).quantize(Decimal("0.01"))


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 11, places=2)


@given(amounts)
def test_equals_independent_reference(amount):
    assert equity_investment_reward(amount, as_of=TODAY).reward_yuan == reference(amount)


@given(amounts, amounts)
def test_monotone_and_never_above_cap(a, b):
    lo, hi = sorted((a, b))
    r_lo = equity_investment_reward(lo, as_of=TODAY).reward_yuan
    r_hi = equity_investment_reward(hi, as_of=TODAY).reward_yuan
    assert r_lo <= r_hi <= 100 * W


@pytest.mark.parametrize("edge_wan", [500, 1000, 3000])
def test_continuous_at_tier_boundaries(edge_wan):
    edge = Decimal(edge_wan) * W
    below = equity_investment_reward(edge - Decimal("0.01"), as_of=TODAY).reward_yuan
    at = equity_investment_reward(edge, as_of=TODAY).reward_yuan
    above = equity_investment_reward(edge + Decimal("0.01"), as_of=TODAY).reward_yuan
    assert at - below <= Decimal("0.01") and above - at <= Decimal("0.01")
