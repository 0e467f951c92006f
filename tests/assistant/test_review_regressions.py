"""A reviewer's probes of this change's edges: each was a wrong amount on the change's first version."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.understanding.binding import bind
from assistant.understanding.mentions import read_mentions
from calculators.catalogue import catalogue
from tests.conftest import ask

CAT = catalogue()
W = Decimal(10_000)


@pytest.mark.parametrize(
    ("rule", "text", "value"),
    [
        # a figure said with 实际 of another quantity is not the input, nor is 实际上 an actual figure
        ("major_rd_project", "重大研发项目研发费用支出1200万，其中政府资金实际到位300万，能补多少？", 1200),
        ("bank_loan_loss_compensation", "贷款本金损失200万，担保公司实际代偿到账50万，银行能补多少", 200),
        (
            "bank_loan_loss_compensation",
            "实际出现坏账的本金是200万，另外公司实际还有100万贷款正常还款中",
            200,
        ),
        # English: the clause saying most of the role's words
        (
            "bank_loan_loss_compensation",
            "The bank's loan principal was RMB 3 million and the confirmed principal loss is RMB 1.5 million.",
            150,
        ),
        # components: only a component's own figure is added
        ("intelligent_manufacturing", "智能制造项目设备投入2000万，技术人员工资300万", 2000),
        (
            "intelligent_manufacturing",
            "智能制造项目设备投入2000万，去年技术投入已经拿过补助的300万不算",
            2000,
        ),
        ("intelligent_manufacturing", "设备投入1500万，其中政府补贴的设备款300万，技术投入500万", 2000),
        ("intelligent_manufacturing", "设备投入2000万，设备租赁费200万", 2000),
        (
            "intelligent_manufacturing",
            "We spent RMB 20 million on equipment and RMB 5 million on software.",
            2500,
        ),
        # balances at two times, the year told apart
        ("guarantee_increase_reward", "担保公司，上年初在保余额2亿，上年末在保余额2.6亿", 6000),
        ("microcredit_increase_reward", "小贷公司去年初贷款余额1亿，去年底1.4亿", 4000),
        (
            "microcredit_increase_reward",
            "Our loan balance was RMB 100 million at the start of the year and RMB 140 million at the end.",
            4000,
        ),
    ],
)
def test_the_input_is_the_figure_its_role_names(rule, text, value):
    b = bind(CAT.get(rule), read_mentions(text))
    assert b.inputs.get("base_yuan") == value * W


def test_an_optional_input_takes_no_figure_its_words_do_not_name():
    # 募资8个亿 is no listing subsidy received: the uplift computes on the base rule's own sum
    b = bind(
        CAT.get("military_civil_listing_uplift"), read_mentions("军民融合企业，今年深交所首发上市，募资8个亿")
    )
    assert "base_subsidy_yuan" not in b.inputs


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        # counts: the incubator's own award is asked; units already paid; a subset; an earlier year
        ("我们孵化器培育的在孵企业今年有3家首次认定高企，2家重新认定，孵化器能拿多少奖励？", "合计80万"),
        ("我们有2个国家级孵化器，已经拿过补助了，今年新获批1个省级备案众创空间，能拿多少", "合计210万"),
        ("有3个市级重点实验室，今年其中1个升级为省级，能拿多少", "合计250万"),
        ("去年有3家首次认定高企，今年2家重新认定，今年能拿多少", "合计80万"),
        # being newly approved is the award's event, not only what the asker is
        ("我们是新获批的国家重点实验室，明年要参加定期评估，现在能拿多少？", "300万"),
    ],
)
def test_reviewed_wrong_amounts_are_gone(fake_assistant, question, wrong):
    assert wrong not in ask(fake_assistant, question).answer.split("\n")[0]


def test_a_total_across_turns_is_not_taken_over_a_turn_of_two_parties(fake_assistant):
    a = ask(
        fake_assistant, "技术合同交易额300万企业能补多少？", "另外银行贷款本金损失200万，两项加起来多少？"
    )
    assert "145万" not in a.answer


# A second review, of this session's changes: one probe per class it found
@pytest.mark.parametrize(
    ("turns", "wanted", "wrong"),
    [
        # a counterparty in another city, where the rule asks no Dalian party (第二十三条's 企业 10%)
        (
            ("我们企业跟北京大学签了技术开发合同400万，跟大连理工签了技术转让合同300万，企业补助一共多少？",),
            "70万",
            "45万",
        ),
        # a stage asked after another, without words telling it came after: that stage's own sum
        (("新三板挂牌能拿多少？", "我们另一家子公司准备在A股首发上市，能拿多少？"), "300万", "160万"),
        # "能多拿多少" of a difference subsidy is its own sum
        (("新三板挂牌能拿多少？", "后来又在A股首发上市了，比新三板多拿多少？"), "160万", "相差20万"),
        # a count clause is counted with the rest of its sentence
        (
            (
                "我们孵化器上年度运营成本260万，考评优秀；还有3家在孵企业认定了高企，其中1家是毕业三年的，一共能拿多少？",
            ),
            "202万",
            "212万",
        ),
    ],
)
def test_second_review_wrong_amounts_are_gone(fake_assistant, turns, wanted, wrong):
    head = ask(fake_assistant, *turns).answer.split("\n")[0]
    assert wanted in head and wrong not in head


def test_two_differences_about_different_articles_are_not_answered_with_one_articles_gap(fake_assistant):
    a = ask(fake_assistant, "国家级大学科技园比省级的多多少？省级工业设计中心比市级的多多少？").answer
    assert a.count("相差50万元") < 2


def test_a_figure_of_another_quantity_is_not_taken_once_the_threshold_figure_is_set_aside(fake_assistant):
    a = ask(fake_assistant, "重点研发项目，研发投入500万，另外拿到了国拨经费100万，能补多少？").answer
    assert "30万" not in a.split("\n")[0]


@pytest.mark.parametrize(
    ("first", "then", "wanted"),
    [
        ("国家级工业设计中心奖励多少？", "那省级的能拿多少奖金？", "50万"),
        ("新获批国家级孵化器补多少？", "省级的能拿多少补助金？", "50万"),
    ],
)
def test_a_sum_asked_in_everyday_words_after_a_rule_is_not_declined(fake_assistant, first, then, wanted):
    a = ask(fake_assistant, first, then)
    assert not a.out_of_scope and wanted in a.answer.split("\n")[0]


def test_a_place_asked_elsewhere_in_its_own_sentence_still_puts_the_asker_out_of_scope(fake_assistant):
    assert ask(fake_assistant, "我们企业注册在深圳。今年研发费用500万，能拿多少重点研发补助？").out_of_scope


def test_the_uplifts_conditions_name_no_base_the_question_does_not(fake_assistant):
    assert not ask(fake_assistant, "军民融合企业上市补贴上浮的条件是什么？").answer.startswith(
        "门槛：第四十二条"
    )


def test_a_figure_won_by_a_generic_verb_alone_is_asked_about_not_computed(fake_assistant):
    # 投了 fits the investment reward, and as well a project's own spending: which one is asked
    a = ask(fake_assistant, "你好，我们在大连这个项目上投了1500万，按你们政策能补多少钱？")
    assert "37.5万" not in a.answer and "是指哪" in a.answer.split("\n")[0]
    # the words carry it (投资…奖励), or the party is named (基金): computed
    assert "45万" in ask(fake_assistant, "投资2000万能拿多少奖励").answer.split("\n")[0]
    assert "45万" in ask(fake_assistant, "我们基金投了2000万，能拿多少奖励？").answer.split("\n")[0]


def test_one_quantity_in_two_periods_under_a_project_cap_takes_the_later_against_what_was_paid(
    fake_assistant,
):
    a = ask(
        fake_assistant,
        "重点项目，研发投入总共800来万。去年实际支出500万，补了150万；今年又花了300万研发费，今年还能补多少？",
    )
    assert "50万" in a.answer.split("\n")[0]


def test_another_citys_measure_asked_here_is_out_of_scope(fake_assistant):
    assert ask(fake_assistant, "沈阳这边首次认定高新技术企业能补多少钱？").out_of_scope


def test_a_deal_whose_party_is_unnamed_is_asked_about_not_put_under_one_of_the_close_rules(fake_assistant):
    a = ask(fake_assistant, "急！我们做了一笔技术交易，合同额500万，市里补贴多少？")
    assert not a.tool_calls or all(c.name not in ("rate_subsidy",) for c in a.tool_calls)
    assert "哪" in a.answer.split("\n")[0]


@pytest.mark.parametrize(
    ("turns", "head"),
    [
        # a part told that meets the time limit: all count
        (("我们孵化器今年有3家在孵企业认定了高企，其中一家是毕业一年的，能拿多少",), "3家：可获30万元"),
        # a sibling rule whose counts are unclear asks, never computes one unit
        (
            ("首次认定高新技术企业给多少", "那我们孵化器呢？今年7家被认定为高企，其中4家是在孵企业"),
            "每家10万元",
        ),
    ],
)
def test_counts_in_parts(fake_assistant, turns, head):
    a = ask(fake_assistant, *turns).answer
    assert head in a.split("\n")[0] and "按1家计" not in a


def test_a_verdict_on_the_other_partys_award_is_followed_by_the_askers_own_sum(fake_assistant):
    a = ask(
        fake_assistant,
        "我们从孵化器毕业三年了，今年第一次认定高企。孵化器说能拿奖励，是真的吗？我们自己能拿啥？",
    ).answer
    first, second = a.split("\n")[:2]
    assert first.startswith("不符合：第十四条") and "20万" in second


def test_what_the_asker_pays_is_not_a_sum_received(fake_assistant):
    a = ask(fake_assistant, "自创区的高企在复审那段时间，企业所得税先按多少交？要是最后没评上咋整")
    assert not any(c.name == "fixed_award_lookup" for c in a.tool_calls)


def test_a_branch_registered_in_dalian_is_a_local_party(fake_assistant):
    a = ask(
        fake_assistant,
        "我们是外地银行在大连登记注册的分行，给科技企业做投贷联动，贷款3000万，能拿补贴吗？能拿多少",
    )
    assert "30万" in a.answer and not a.answer.startswith("不符合")


# A third review, of the last hour's changes
def test_a_dalian_banks_branch_elsewhere_is_not_local(fake_assistant):
    a = ask(fake_assistant, "我们是大连银行上海分行，投贷联动贷款2000万，能补多少").answer
    assert a.startswith("不符合") and "20万" not in a.split("\n")[0]


@pytest.mark.parametrize(
    ("turns", "head"),
    [
        # the figure asked about is carried to the turn that says what it is
        (
            ("我们在大连这个项目上投了1500万，能补多少钱", "是单笔股权投资，我们是股权投资企业，投的是高企"),
            "37.5万",
        ),
    ],
)
def test_what_an_asked_figure_is_told_next(fake_assistant, turns, head):
    assert head in ask(fake_assistant, *turns).answer.split("\n")[0]


def test_responsible_units_are_not_quoted_into_a_question_back(fake_assistant):
    a = ask(fake_assistant, "对引进的国内外重点研发机构最高可给予补助多少？责任单位都有哪些部门").answer
    assert a.startswith("您问的是哪") and "责任单位：" not in a.split("\n")[1]


def test_one_count_of_a_fixed_per_company_sum_with_a_total_asked_is_multiplied(fake_assistant):
    a = ask(fake_assistant, "我们集团有3家子公司首次认定高企，一共能拿多少").answer
    assert a.startswith("合计60万元")
