"""Totals are calculations too: the sum, each part's clause, a ceiling when any part is one."""

from decimal import Decimal

import pytest

from calculators.combine import Part, total
from calculators.results import ClauseRef

A = ClauseRef("measures-2017-52", 53, None, "召开军民融合研讨会")
B = ClauseRef("measures-2017-52", 53, None, "对军民融合项目参与展览的")


def test_the_total_adds_the_parts_and_cites_each():
    result = total([Part("活动经费补贴", Decimal(360_000), A), Part("展位费补贴", Decimal(200_000), B)])
    assert result.amount_yuan == Decimal(560_000)
    assert [s.citation for s in result.steps] == [A, B, A]
    assert result.steps[-1].text == "合计：36万 + 20万 = 56万"
    assert not result.is_maximum


def test_a_ceiling_part_makes_the_total_a_ceiling():
    result = total([Part("企业", Decimal(1_000_000), A, True), Part("高校", Decimal(300_000), B)], "en")
    assert result.is_maximum
    assert result.steps[-1].text == "Total: 1,000,000 yuan + 300,000 yuan = up to 1,300,000 yuan"


def test_one_part_is_not_a_total():
    with pytest.raises(ValueError):
        total([Part("企业", Decimal(1), A)])


def test_a_difference_is_the_larger_less_the_smaller_whatever_the_order():
    from calculators.combine import difference

    result = difference(Part("市级", Decimal(300_000), B), Part("国家级", Decimal(1_000_000), A))
    assert result.amount_yuan == Decimal(700_000)
    assert result.steps[-1].text == "相差：100万 − 30万 = 70万"


def test_equal_parts_in_a_row_are_written_once_with_their_count_and_recorded():
    parts = [Part("一笔", Decimal(600_000), A)] * 3 + [Part("一笔", Decimal(400_000), A)]
    result = total(parts)
    assert result.amount_yuan == Decimal(2_200_000)
    assert result.steps[-1].text == "合计：60万 × 3 + 40万 = 220万"
    assert result.inputs["runs"][0] == {"amount_yuan": "600000", "count": 3}
