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


def test_a_level_the_clause_does_not_give_leaves_the_follow_up_as_before(fake_assistant):
    # 第十二条 gives no 市级 incubator sum (and 第九条's labs have their 国家级 in 第八条): not a list of levels,
    # and never another party's sum (省级备案众创空间) in its place
    a = ask(fake_assistant, "国家级孵化器补多少", "那省级和市级的呢").answer
    assert "50万" in a.split("\n")[0] and "众创空间" not in a.split("提示")[0]
    b = ask(fake_assistant, "新获批省级重点实验室能拿多少", "那国家级、市级分别多少？").answer
    assert not b.startswith("没有")


@pytest.mark.parametrize(
    ("first", "then", "wrong"),
    [
        # two units of one level counted, not two levels compared or added
        ("新获批国家级孵化器能拿多少？", "那我们还有两个省级备案众创空间呢，一共多少？", "合计110万"),
        ("国家级工业设计中心补助多少？", "另外我们还有两个市级的，加起来一共多少？", "合计130万"),
        # two differences asked: not one between the two levels named
        ("省级工业设计中心补助多少？", "国家级的比它多多少，市级的比它少多少？", "相差70万"),
    ],
)
def test_counts_of_units_and_two_comparisons_are_not_one_comparison(fake_assistant, first, then, wrong):
    assert wrong not in ask(fake_assistant, first, then).answer


def test_a_single_other_level_is_still_just_that_level(fake_assistant):
    a = ask(fake_assistant, "国家级孵化器补多少", "那省级的呢").answer
    assert "50万" in a.split("\n")[0] and "相差" not in a and "合计" not in a


def test_a_comparison_of_two_levels_named_leaves_out_the_one_asked_before(fake_assistant):
    a = ask(
        fake_assistant, "国家级工业设计中心认定了能补多少", "搞错了，我们其实是市级的。市级比省级少多少？"
    )
    assert a.answer.startswith("相差20万元") and "100万" not in a.answer.split("提示")[0]


def test_a_difference_asked_over_the_two_turns_before(fake_assistant):
    a = ask(fake_assistant, "国家级工业设计中心认定后补多少", "市级的呢", "两者差多少钱？").answer
    assert a.startswith("相差70万元")


def test_a_difference_against_a_what_if_turn(fake_assistant):
    a = ask(fake_assistant, "国家级孵化器能补多少", "如果是省级的呢", "两个差多少").answer
    assert a.startswith("相差50万元")


def test_two_differences_between_levels_in_one_message_are_each_answered(fake_assistant):
    a = ask(fake_assistant, "重点实验室新批下来，国家级的比省级的多拿多少？要是跟市级的比又差多少").answer
    first, second = a.split("\n")[:2]
    assert first.startswith("相差400万元") and second.startswith("相差450万元")


def test_the_later_stage_takes_what_the_turn_before_computed_for_the_earlier_and_says_so(fake_assistant):
    a = ask(fake_assistant, "新三板挂牌一共能拿多少补贴？", "挂牌以后又在A股首发上市了，还能再拿多少").answer
    assert "160万" in a.split("\n")[0] and "已获金额按上一问" in a


def test_a_later_stage_after_the_earlier_one_is_the_difference_rule(fake_assistant):
    a = ask(fake_assistant, "新三板挂牌能拿多少补贴", "后来这家企业又在A股首发上市了，还能再拿多少？").answer
    assert a.startswith("按第四十五条") and "160万" in a.split("\n")[0]


def test_a_turn_saying_nothing_new_stays_on_the_rule_and_shows_the_base_rules_threshold(fake_assistant):
    a = ask(
        fake_assistant,
        "我们是大连的一家军民融合企业，打算去香港联交所主板上市，市里有补贴吗",
        "拿这笔补贴有什么门槛条件？",
    ).answer
    assert a.startswith("门槛：第四十四条要求境外上市融资额在1000万美元以上") and "第五十四条" in a


def test_a_turn_naming_another_document_is_not_kept_on_the_rule(fake_assistant):
    a = ask(
        fake_assistant,
        "市科技创新基金对高校重点学科重大课题每年支持多少？",
        "可是自创区那个三年行动计划里写的好像不是这个数？",
    ).answer
    assert "50万" in a.split("\n")[0]


@pytest.mark.slow
def test_a_what_if_in_colloquial_words_moves_to_the_sibling_rule(real_assistant):
    # 自己实施 is the glossary's colloquial 自行实施; the rule is picked with the dense part of the index
    a = ask(
        real_assistant, "国企把职务科技成果转让给别人，给个人的奖励比例最低多少", "如果是企业自己实施转化呢？"
    ).answer
    assert "5%" in a.split("\n")[0] and "3至5年" in a


def test_a_question_naming_no_level_of_a_clause_paid_by_level_shows_every_level_and_says_so(fake_assistant):
    a = ask(fake_assistant, "我们刚获批了一个重点实验室，市里给多少钱？").answer
    assert a.startswith("您没有说明级别") and "500万" in a and "100万" in a and "50万" in a


def test_the_level_answered_in_the_askers_words_picks_that_level(fake_assistant):
    a = ask(fake_assistant, "我们新拿了个重点实验室，能给多少钱啊", "省里批的").answer
    assert "100万" in a.split("\n")[0] and "500万" not in a.split("\n")[0]
