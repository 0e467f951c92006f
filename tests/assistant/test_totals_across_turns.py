"""A total asked across turns: right after a turn that computed several items, and by a turn that brings
one more item of its own ("另外…，两项加起来")."""

from __future__ import annotations

from tests.conftest import ask


def test_a_total_right_after_a_turn_of_several_items_is_that_turns_total(fake_assistant):
    for user_only in (True, False):
        turns = [
            "银行给科技企业放的信用贷款坏了账，市里给兜底多少？",
            "我们行去年有两笔：一家企业本金实际损失180万，另一家本金损失260万，利息另外还损失了30多万",
            "总共能补多少？",
        ]
        if user_only:
            a = fake_assistant.answer([{"role": "user", "content": t} for t in turns])
        else:
            a = ask(fake_assistant, *turns)
        assert a.answer.startswith("合计190万元（90万元 + 100万元）")


def test_a_turn_with_one_more_item_and_a_total_adds_it_to_the_one_before(fake_assistant):
    a = ask(
        fake_assistant,
        "军民融合项目去参展，展位费政府能补点吗？",
        "我们在航展上的展位费花了一百二十万",
        "另外我们自己还办了一场项目路演，活动经费80万，两项加起来能拿多少？",
    )
    assert a.answer.startswith("合计36万元（20万元 + 16万元）")
    assert any(c.name == "total" for c in a.tool_calls)


def test_another_item_of_the_same_rule_is_still_the_rules_own_items(fake_assistant):
    a = ask(fake_assistant, "基金投了一家企业1000万，奖励多少", "另外还有一个项目投了1200万，两个加一起多少")
    assert a.answer.startswith("合计63万元")


def test_another_item_whose_words_name_no_rule_is_the_earlier_rules(fake_assistant):
    # "投了1.2个亿" alone would read as a fund's investment (第四十七条): it is the earlier rule's second project
    a = ask(
        fake_assistant,
        "军民融合新上的高科技产业化项目，设备和技术一共投了6000万，能补多少",
        "我们另外还有一个项目投了2个亿，两个加一起总共能拿多少？",
    )
    assert a.answer.startswith("合计最高2400万元") and "第四十七条" not in a.answer


def test_items_under_a_cap_per_contract_do_not_count_against_each_other(fake_assistant):
    a = ask(
        fake_assistant, "我们跟大工签了三份技术开发合同，实际交易额分别是400万、800万、1500万，企业能补多少"
    ).answer
    assert a.startswith("企业合计最高220万元") and "已获同一上限下的金额" not in a


def test_the_sibling_rule_of_the_clause_takes_the_figure_said_before(fake_assistant):
    a = ask(
        fake_assistant,
        "学校和本地一家企业签了技术开发合同，交易额400万，企业那边能补多少？",
        "那我们学校这边呢？上面那条里有没有给学校的，能拿多少",
    )
    assert "高校院所可获奖励20万元" in a.answer.split("\n")[0]


def test_a_turn_bringing_two_items_totals_them_with_the_earlier_turns(fake_assistant):
    a = ask(
        fake_assistant,
        "我们单位新获批了国家重点实验室，给多少钱",
        "同一年还批了一个省级企业技术中心，一个市级工程技术研究中心，三项一共能拿多少",
    ).answer
    assert a.startswith("合计650万元")
