"""A figure said of another city is left out of a Dalian calculation (not a reason to decline), and a
follow-up to a lookup is answered from the unit the conversation was on."""

from __future__ import annotations

import pytest

from assistant.intent import understand
from tests.conftest import ask


@pytest.mark.parametrize(
    "text",
    [
        "您好，我们基金刚投了大连一家高企，单笔两千万；另外上个月还投了杭州一家公司300万。管理公司这边能拿多少奖励啊？",
        "我们是股权投资基金，上个月单笔投了本地一家高企2500万，同一周还投了上海一家公司300万。管理机构能拿多少奖励？",
    ],
)
def test_a_sentence_placing_a_party_in_another_city_does_not_put_the_question_out_of_scope(text):
    assert understand(text).out_of_scope_reason is None


@pytest.mark.parametrize(
    "text",
    [
        "上海张江对人工智能企业的房租补贴标准是多少？我们在考虑去那边还是留大连",
        "沈阳浑南那边对高企补多少钱",
        "我们基金投了上海一家科技公司300万，能拿多少奖励？",
    ],
)
def test_another_citys_measure_asked_about_is_still_out_of_scope(text):
    assert understand(text).out_of_scope_reason == "other_city"


def test_the_figure_said_of_another_city_is_left_out_and_said_so(fake_assistant):
    a = ask(fake_assistant, "我们基金投了大连一家高企1000万，还投了北京一家公司500万，奖励一共多少？").answer
    assert a.startswith("按第四十七条") and "30万" in a.split("\n")[0]
    assert "“500万”说的是大连以外的" in a


@pytest.mark.slow
def test_a_follow_up_naming_another_zone_is_answered_from_the_item_just_quoted(real_assistant):
    a = ask(
        real_assistant,
        "自创区三年行动计划里，高新区人工智能产业到2019年收入目标多少？",
        "那金普新区呢？要培育几家规上骨干企业",
    )
    assert a.citations[0].doc_id == "plan-2017-119" and a.citations[0].item == 1
    assert "金普新区培育 5 家规模以上骨干企业" in a.answer


@pytest.mark.slow
def test_a_demonstrative_follow_up_asks_about_the_article_just_quoted(real_assistant):
    a = ask(real_assistant, "高新区的市级财力增量返还是怎么规定的？", "这个执行多少年")
    assert not a.out_of_scope and a.citations[0].article == 56 and "有效期 5 年内连续执行" in a.answer


@pytest.mark.slow
def test_a_follow_up_naming_something_the_documents_lack_is_not_answered_from_the_unit_before(real_assistant):
    a = ask(real_assistant, "自创区三年行动计划里，高新区人工智能产业到2019年收入目标多少？", "那住房补贴呢")
    assert "第1项" not in a.answer.split("\n")[0]


def test_a_follow_up_asking_the_validity_of_the_rule_just_discussed(fake_assistant):
    a = ask(fake_assistant, "科技创新券是怎么补的", "这个政策到哪年为止有效？")
    assert "2022年12月31日" in a.answer.split("\n")[0] and not a.tool_calls[-1].name.endswith("subsidy")


def test_a_follow_up_changing_to_something_no_rule_computes_is_declined_not_computed(fake_assistant):
    a = ask(
        fake_assistant,
        "科技成果转化收益，高校院所给研发团队的比例最低多少",
        "好的，那我个人拿到这笔奖金要交多少个人所得税？帮我算一下，大概30万",
    )
    assert "21万" not in a.answer and not any(c.name == "achievement_income_share" for c in a.tool_calls)


@pytest.mark.slow
def test_a_follow_up_asking_who_interprets_is_not_the_sum_again(real_assistant):
    a = ask(real_assistant, "新认定的省级产业技术创新联盟给多少？", "它由哪个部门负责解释？")
    assert a.citations[0].article == 64 and "市科技局" in a.answer


@pytest.mark.slow
def test_an_english_follow_up_about_this_arrangement_after_a_chinese_lookup(real_assistant):
    a = ask(
        real_assistant,
        "高新区市级财力增量返还是怎么规定的",
        "Which year is the base year, and how long does this arrangement last?",
    )
    assert not a.out_of_scope and a.citations[0].article == 56


def test_a_plan_target_looked_up_leaves_no_rule_for_the_follow_up(fake_assistant):
    a = ask(
        fake_assistant,
        "三年行动计划里，到2019年高新区国家级孵化器目标是几家",
        "金普新区呢？两个区加起来是多少",
    )
    assert not any(c.name == "fixed_award_lookup" for c in a.tool_calls) and "100万" not in a.answer


def test_a_question_about_an_item_the_last_answer_listed_is_not_a_sum(fake_assistant):
    a = fake_assistant.answer(
        [
            {"role": "user", "content": "重点产业领域科技创新指南里，清洁能源包括哪些方向"},
            {
                "role": "assistant",
                "content": "按118号指南，清洁能源下列有储能（第23项）、氢能（第26项）、太阳能（第27项）。",
            },
            {"role": "user", "content": "其中氢能那一项提到的制氢技术有哪些？"},
        ]
    )
    assert not any(c.name == "fixed_award_lookup" for c in a.tool_calls) and "1000万" not in a.answer


def test_a_rule_answer_also_asked_who_is_in_charge_quotes_the_responsible_units(fake_assistant):
    a = ask(fake_assistant, "重点领域的高水平创新团队，市里最多能给多少研发经费？这事归哪些部门管").answer
    assert "1000万" in a.split("\n")[0] and "责任单位：市委组织部" in a.split("\n")[1]


def test_two_questions_joined_by_another_without_a_question_mark_are_each_answered(fake_assistant):
    a = ask(
        fake_assistant,
        "新获得大连市高价值专利培育示范中心的单位 给多少钱啊 另外推进核心专利产业化的 上限多少",
    ).answer
    assert "100万" in a.split("\n")[0] and "50万" in a.split("\n")[1]


def test_a_documents_other_particulars_come_from_its_notice(fake_assistant):
    a = ask(fake_assistant, "那个重点产业领域科技创新指南是市政府哪次常务会过的？文号是多少号").answer
    assert "118号" in a and "第七十八次常务会议" in a


def test_an_english_military_civilian_company_gets_the_listing_uplift(fake_assistant):
    a = ask(
        fake_assistant,
        "We are a military-civilian integration company based in Dalian. We just listed on the HKEX main board and "
        "raised USD 15 million. What one-off listing subsidy can we get?",
    ).answer
    assert "Article 54" in a.split("\n")[0] and "3,300,000" in a.split("\n")[0]


def test_a_correction_stated_without_a_question_is_what_a_total_after_it_adds_up(fake_assistant):
    a = ask(fake_assistant, "新获批国家级孵化器能拿多少", "不好意思，是省级孵化器", "加起来多少").answer
    assert "50万元" in a.split("\n")[0]
