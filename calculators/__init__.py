"""Deterministic policy calculators: rules as cited data, pure functions, Decimal yuan."""

from calculators.amounts import AmountError, ParsedAmount, find_amounts, format_wan, parse_amount
from calculators.awards import fixed_award_lookup, match_awards
from calculators.equity import equity_investment_reward
from calculators.rate_calculators import (
    achievement_income_share,
    first_application_uplift,
    listing_subsidy_uplift,
    rate_subsidy,
    rd_super_deduction,
    tech_transfer_subsidy,
)
from calculators.results import CalculationResult, ClauseRef, Step
from core.errors import PolicyInputError

__all__ = [
    "AmountError",
    "CalculationResult",
    "ClauseRef",
    "ParsedAmount",
    "PolicyInputError",
    "Step",
    "achievement_income_share",
    "equity_investment_reward",
    "find_amounts",
    "first_application_uplift",
    "fixed_award_lookup",
    "format_wan",
    "listing_subsidy_uplift",
    "match_awards",
    "parse_amount",
    "rate_subsidy",
    "rd_super_deduction",
    "tech_transfer_subsidy",
]
