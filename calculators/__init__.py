"""Deterministic policy calculators: rules as cited data (the catalogue), pure functions, Decimal yuan."""

from calculators.amounts import AmountError, ParsedAmount, find_amounts, format_wan, parse_amount
from calculators.catalogue import Catalogue, Rule, catalogue, load_catalogue
from calculators.kinds import calculate
from calculators.match_report import MatchReport
from calculators.matching import match_policies
from calculators.named import (
    achievement_income_share,
    equity_investment_reward,
    first_application_uplift,
    fixed_award_lookup,
    listing_subsidy_uplift,
    match_awards,
    rate_subsidy,
    rd_super_deduction,
    tech_transfer_subsidy,
)
from calculators.results import CalculationResult, ClauseRef, Step
from core.errors import PolicyInputError

__all__ = [
    "AmountError",
    "CalculationResult",
    "Catalogue",
    "ClauseRef",
    "MatchReport",
    "ParsedAmount",
    "PolicyInputError",
    "Rule",
    "Step",
    "achievement_income_share",
    "calculate",
    "catalogue",
    "equity_investment_reward",
    "find_amounts",
    "first_application_uplift",
    "fixed_award_lookup",
    "format_wan",
    "listing_subsidy_uplift",
    "load_catalogue",
    "match_awards",
    "match_policies",
    "parse_amount",
    "rate_subsidy",
    "rd_super_deduction",
    "tech_transfer_subsidy",
]
