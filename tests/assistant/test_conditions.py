"""A rule's textual conditions, read against what the question says: met, not met, or not spoken of."""

import pytest

from assistant.understanding.conditions import assess
from calculators.catalogue import catalogue

CAT = catalogue()


@pytest.mark.parametrize(
    ("rule_id", "text", "met"),
    [
        ("innovation_voucher", "公司是科技型中小企业但还没进全国科技型中小企业信息库，能申请创新券吗", False),
        (
            "innovation_voucher",
            "我们还不是高企，不过已经纳入全国科技型中小企业信息库了，能申请创新券吗",
            True,
        ),
        # the condition is itself negative: saying it the same way meets it
        ("rd_super_deduction", "研发费用全部费用化了没形成无形资产，能加计扣除多少", True),
    ],
)
def test_what_the_question_says_about_a_condition(rule_id, text, met):
    (said,) = assess(CAT.get(rule_id), text)
    assert said.met is met


def test_naming_the_rule_says_nothing_about_its_conditions():
    assert assess(CAT.get("innovation_voucher"), "能申请科技创新券吗") == []


def test_an_unmet_condition_gets_a_verdict_and_no_amount(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant,
        "公司是科技型中小企业但还没进全国科技型中小企业信息库，能申请创新券吗，花了10万能补多少",
    )
    assert a.answer.startswith("不符合：第二十七条")
    assert not [c for c in a.tool_calls if c.name.startswith("calc") or "rate" in c.name]
