"""A follow-up naming other levels (or items) of the clause the conversation is on: each is answered, and a
difference or total over them includes the one asked before when the turn says so."""

from __future__ import annotations

import pytest

from tests.conftest import ask


def test_two_other_levels_named_in_a_follow_up_are_answered_each(fake_assistant):
    a = ask(fake_assistant, "省级工业设计中心能补多少钱？", "那国家级、市级分别多少？").answer
    assert "100万" in a and "30万" in a and "合计" not in a


def test_a_total_counted_over_three_levels_includes_the_one_asked_before(fake_assistant):
    a = ask(fake_assistant, "省级工业设计中心能补多少钱？", "那国家级、市级分别多少？三个级别加一起一共多少")
    assert a.answer.startswith("合计180万元")


@pytest.mark.parametrize(
    ("first", "then", "head"),
    [
        ("国家级工业设计中心补多少", "那市级的比它少多少", "相差70万元"),
        ("国家级工业设计中心补多少", "那市级的呢，两项一共多少", "合计130万元"),
        ("科技创新基金对应用基础研究项目每项给多少？", "那科技惠民项目呢？两种差多少", "相差40万元"),
    ],
)
def test_a_follow_up_comparing_with_the_item_asked_before(fake_assistant, first, then, head):
    assert ask(fake_assistant, first, then).answer.startswith(head)


def test_a_level_the_clause_does_not_give_is_said_not_replaced(fake_assistant):
    # 第十二条 gives no 市级 incubator sum: it says so, it does not answer another party's 省级 sum in its place
    a = ask(fake_assistant, "国家级孵化器补多少", "那省级和市级的呢").answer
    listed = a.split("提示")[0]
    assert "市级" in a.split("\n")[0] and "50万" in listed and "众创空间" not in listed


def test_a_single_other_level_is_still_just_that_level(fake_assistant):
    a = ask(fake_assistant, "国家级孵化器补多少", "那省级的呢").answer
    assert "50万" in a.split("\n")[0] and "相差" not in a and "合计" not in a


def test_a_comparison_of_two_levels_named_leaves_out_the_one_asked_before(fake_assistant):
    a = ask(
        fake_assistant, "国家级工业设计中心认定了能补多少", "搞错了，我们其实是市级的。市级比省级少多少？"
    )
    assert a.answer.startswith("相差20万元") and "100万" not in a.answer.split("提示")[0]
