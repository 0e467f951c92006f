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
