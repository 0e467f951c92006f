"""A new rule of an existing kind is one data block: no code. The chat finds it, binds its amount and
computes it; tiered rules are monotone, capped and continuous at every tier boundary."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.engine import Assistant
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import load_catalogue
from calculators.kinds import calculate

CATALOGUE = Path(__file__).resolve().parents[2] / "calculators" / "catalogue"

NEW_RULE = """
- id: seabed_robot_trial
  kind: rate_with_cap
  article: 34
  title_zh: 海底机器人试验补助
  title_en: Seabed robot trial subsidy
  clause: 按项目设备和技术投入总额给予不超过15%的资金补助，单个项目最高补助金额不超过500万元。
  beneficiaries: [企业]
  inputs:
  - {name: base_yuan, role_zh: 试验设备投入, role_en: trial equipment spending, unit: yuan, cues: [试验设备投入, 设备投入]}
  rate: {values: {'2018-01-01': 0.15}, maximum: true}
  caps:
  - {scope: single, amount: {values: {'2018-01-01': 5000000}}, scope_zh: 单个项目, scope_en: per project}
  aliases: [海底机器人试验, 海底机器人, seabed robot]
"""


def test_a_rule_added_as_data_is_found_and_computed_in_chat(tmp_path, fake_retriever):
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    shutil.copy(CATALOGUE.parent / "beneficiaries.yaml", tmp_path / "beneficiaries.yaml")
    measures = folder / "measures-2017-52.yaml"
    measures.write_text(measures.read_text(encoding="utf-8") + NEW_RULE, encoding="utf-8")
    cat = load_catalogue(folder)
    assert cat.get("seabed_robot_trial").title_en == "Seabed robot trial subsidy"
    assistant = Assistant(fake_retriever, date(2020, 1, 1), rule_index=RuleIndex(cat))
    a = assistant.answer([{"role": "user", "content": "海底机器人试验设备投入2000万，能补多少？"}])
    first = a.answer.split("\n")[0]
    assert "300万元" in first and "第三十四条" in first  # 2000万 × 15%, under the 500万 cap
    assert any(tc.name == "calculate_rule" for tc in a.tool_calls)


EQUITY = load_catalogue(CATALOGUE).get("equity_investment_reward")
BOUNDARIES = [b.threshold.value for b in EQUITY.brackets if b.threshold.value > 0]


@settings(deadline=None, max_examples=60)
@given(
    st.decimals(min_value=1, max_value=10**10, places=0), st.decimals(min_value=1, max_value=10**10, places=0)
)
def test_tiered_reward_is_monotone_and_capped(a, b):
    lo, hi = sorted((a, b))
    r_lo = calculate(EQUITY, {"amount_yuan": lo}).amount_yuan
    r_hi = calculate(EQUITY, {"amount_yuan": hi}).amount_yuan
    assert r_lo <= r_hi
    assert r_hi <= min(c.amount.value for c in EQUITY.caps)


def test_tiered_reward_is_continuous_at_every_tier_boundary():
    for edge in BOUNDARIES:
        below = calculate(EQUITY, {"amount_yuan": edge - 1}).breakdown["uncapped_yuan"]
        at = calculate(EQUITY, {"amount_yuan": edge}).breakdown["uncapped_yuan"]
        above = calculate(EQUITY, {"amount_yuan": edge + 1}).breakdown["uncapped_yuan"]
        assert at - below < Decimal("0.05") and above - at < Decimal("0.05"), edge
