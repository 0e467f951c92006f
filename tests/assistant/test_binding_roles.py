"""Figures bound to a rule's input by what is said around them: actual against approved, a total's
components, the role's own English words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.understanding.binding import bind
from assistant.understanding.cues import cue_strength
from assistant.understanding.mentions import read_mentions
from calculators.catalogue import catalogue
from tests.conftest import ask

CAT = catalogue()
W = Decimal(10_000)


@pytest.mark.parametrize(
    ("rule", "text", "value"),
    [
        (
            "national_project_match",
            "国拨经费批复2000万，今年实际到账1200万，单位自筹配套800万，能配套多少",
            1200,
        ),
        ("national_project_match", "国拨经费实际到位1200万，批复的是2000万", 1200),
        ("national_project_match", "国拨经费2000万，能配套多少", 2000),
    ],
)
def test_a_rule_paying_on_what_actually_happened_takes_the_figure_said_as_actual(rule, text, value):
    b = bind(CAT.get(rule), read_mentions(text))
    assert b.inputs["base_yuan"] == value * W and not b.unclear


def test_an_approved_figure_without_an_actual_one_is_still_the_input():
    # nothing said as actual: the approved figure is all there is, and the answer states what it computed from
    b = bind(CAT.get("national_project_match"), read_mentions("国拨经费批复2000万，能配套多少"))
    assert b.inputs["base_yuan"] == 2000 * W


@pytest.mark.parametrize(
    ("text", "value", "summed"),
    [
        ("智能制造项目设备投入2400万，技术投入600万，最多能拿多少", 3000, 2),
        ("智能制造项目设备投入2400万，技术投入600万，另外新盖厂房花了1000万", 3000, 2),
        ("智能制造项目买设备2400万、技术600万", 3000, 2),
        ("设备和技术投入总额3000万，其中设备2400万", 3000, 0),  # the total said: not a sum
        ("智能制造项目设备投入2400万", 2400, 0),  # one component only: nothing to add
    ],
)
def test_figures_said_one_per_component_of_a_total_are_added(text, value, summed):
    b = bind(CAT.get("intelligent_manufacturing"), read_mentions(text))
    assert b.inputs["base_yuan"] == value * W
    assert len(b.summed[1]) if b.summed else not summed


@pytest.mark.parametrize(
    ("rule", "text", "value"),
    [
        (
            "bank_loan_loss_compensation",
            "A bank made a RMB 5 million credit loan to a Dalian tech SME; the confirmed principal loss is "
            "RMB 1.5 million. How much compensation?",
            150,
        ),
        (
            "military_civil_industrialization",
            "Equipment and technology input RMB 120 million, plus RMB 30 million for land. How much?",
            12000,
        ),
    ],
)
def test_the_roles_own_english_words_tell_which_figure_is_the_input(rule, text, value):
    b = bind(CAT.get(rule), read_mentions(text))
    assert b.inputs["base_yuan"] == value * W and not b.unclear


def test_english_role_words_do_not_pick_the_rule():
    # "technology" is a word of 第二十三条's role too: as a cue it would pull a cooperation base's purchase there
    mentions = read_mentions("We bought technology from our German partner for RMB 3.8 million.")
    assert cue_strength(mentions.amounts[0], CAT.get("tech_transfer_enterprise").main_input) == 0


def test_the_answer_shows_the_components_it_added(fake_assistant):
    a = ask(
        fake_assistant, "智能制造项目设备投入2400万，技术投入600万，另外新盖厂房花了1000万，最多能拿多少"
    ).answer
    assert "450万" in a.split("\n")[0] and "2400万 + 600万" in a and "600万元计算" not in a


def test_a_figure_on_paper_beside_the_actual_one_is_set_aside_not_computed_as_another_part(fake_assistant):
    a = ask(
        fake_assistant,
        "跟大工签了个技术开发合同，合同上写的800万，实际结算到账500万。我们企业这边能补多少？学校那头能拿多少奖励？",
    ).answer
    assert a.startswith("按第二十三条：企业可获补助50万元；高校院所可获奖励25万元") and "80万" not in a


def test_another_periods_figure_is_an_item_not_a_figure_on_paper():
    b = bind(CAT.get("major_rd_project"), read_mentions("第一年实际研发费用花了2500万，第二年花了1200万"))
    assert not b.set_aside


@pytest.mark.parametrize(
    ("text", "growth"),
    [
        # the earlier time said at the clause's start, the whole company's balance in brackets
        (
            "小贷公司去年年底给科技型中小企业的贷款余额是1.8个亿，今年年底到了2.2个亿（全公司贷款余额15亿）",
            4000,
        ),
        ("年初余额1.2亿，年末1.6亿", 4000),
        ("从1.2亿增加到1.6亿", 4000),
    ],
)
def test_a_balance_said_at_two_times_is_a_growth(text, growth):
    b = bind(CAT.get("microcredit_increase_reward"), read_mentions(text))
    assert b.inputs["base_yuan"] == growth * W and b.increase is not None


def test_a_company_engaged_in_lending_is_not_an_earlier_time():
    b = bind(
        CAT.get("microcredit_increase_reward"),
        read_mentions("从事科技贷款的小贷公司余额1.2亿，今年新增放款5000万"),
    )
    assert b.increase is None


def test_a_figure_named_by_the_threshold_states_the_condition_beside_the_actual_spend(fake_assistant):
    a = ask(fake_assistant, "重点项目研发投入300万，今年实际支出250万，能补多少？").answer
    assert "75万" in a.split("\n")[0] and "“300万”是条款规定的条件" in a


@pytest.mark.parametrize(
    ("text", "head"),
    [
        # a total, then its parts after a colon: the part the time limit rules out is left out
        (
            "我们孵化器今年有6家企业被认定成高企：4家是在孵的或者毕业不到两年的，另外2家毕业都3年多了。孵化器能拿多少奖励？",
            "4家：可获40万元",
        ),
        # a total and the one part ruled out: the rest counts
        (
            "我们孵化器今年有8家在孵企业被认定为高企，其中2家已经毕业三年了，孵化器能拿多少？",
            "6家：可获50万元",
        ),
    ],
)
def test_counts_told_as_a_total_and_its_parts(fake_assistant, text, head):
    a = ask(fake_assistant, text).answer
    assert head in a.split("\n")[0] and "不计入" in a


def test_a_total_over_an_amount_and_a_count_each_under_its_rule(fake_assistant):
    a = ask(
        fake_assistant,
        "我们是市级孵化器，去年考评优秀，上年度运营成本260万；今年还有7家在孵企业认定了高企。加起来今年能拿多少？",
    ).answer
    assert a.startswith("合计最高232万元")
