"""Question understanding, unit by unit: numbers and their standing, role binding by the rules' own
cue words, entity types and negation, the margin decision (lexical rule index, no embedder)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.query_rewrite import rewrite_query
from assistant.understanding.binding import bind
from assistant.understanding.decide import decide
from assistant.understanding.entities import read_entities
from assistant.understanding.mentions import read_mentions
from assistant.understanding.ranking import rank
from assistant.understanding.rule_index import RuleIndex, without_figures
from assistant.understanding.topic import carried_over
from calculators.catalogue import catalogue

CAT = catalogue()
INDEX = RuleIndex(CAT)
W = Decimal(10_000)


def decision(text: str):
    mentions = read_mentions(text)
    return decide(rank(INDEX, text, mentions), text, mentions, CAT)


def test_a_correction_takes_the_last_value():
    m = read_mentions("投了800万，哦不对，是1500万，奖励多少")
    assert [a.value for a in m.live_amounts] == [1500 * W]


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("投资2000万，奖励是500万，请确认", 500),
        ("我朋友说投资2000万可以拿90万奖励", 90),
        ("我算的是45万，投资2000万对吗", 45),
    ],
)
def test_a_figure_stated_as_the_result_is_a_claim(text, claimed):
    m = read_mentions(text)
    assert [c.value for c in m.claims] == [claimed * W]
    assert 2000 * W in [a.value for a in m.live_amounts]


def test_already_received_and_counts_are_read():
    m = read_mentions("已经拿了980万奖励，这次投资2000万；孵化器有3家企业被认定")
    assert [p.value for p in m.priors] == [980 * W]
    assert [c.value for c in m.counts] == [3]


def test_a_unit_alone_is_not_an_amount():
    assert read_mentions("目标是多少亿").amounts == []


def test_aliases_are_read_across_amounts():
    assert without_figures("投资2000万奖励多少") == "投资奖励多少"


def test_the_input_is_bound_by_the_rules_own_cue_words():
    rule = CAT.get("guarantee_loss_compensation")
    b = bind(rule, read_mentions("在保余额增加了1亿，代偿损失了1800万"))
    assert b.inputs["base_yuan"] == 1800 * W


def test_the_guarantee_loss_goes_to_article_41_not_the_bank_loan_rule():
    d = decision("担保公司代偿损失3000万能补多少")
    assert d.action == "compute" and d.rule is not None and d.rule.article == 41


def test_two_levels_named_are_answered_each():
    d = decision("首次认定和重新认定高企分别补多少")
    assert d.action == "levels"
    assert {r.id for r in d.rules} == {"hitech_first", "hitech_renewal"}


def test_a_question_naming_no_rule_decides_nothing():
    assert decision("今天天气怎么样").action == "none"


def test_entity_types_negation_and_self_declaration():
    e = read_entities("我们是普通贸易公司，不是高企", CAT)
    assert "高新技术企业" in e.negated and "高新技术企业" not in e.present
    assert "企业" in e.own


def test_query_rewrite_appends_the_documents_words():
    assert "负责解释" in rewrite_query("这些条款由哪个部门说了算")
    assert rewrite_query("VC investment").startswith("VC investment")
    # the plan's targets in English: the zone and the quantity in the plan's own words
    q = rewrite_query(
        "What technology market transaction volume should the innovation demonstration zone reach by 2019?"
    )
    assert "技术市场交易额" in q and "自创区" in q
    assert "境外上市" in rewrite_query("an IPO on the Hong Kong main board")
    assert "制造业创新中心" in rewrite_query("projects of a Dalian manufacturing innovation center")


def test_a_ranking_is_remembered_but_each_caller_gets_its_own_copies():
    text = "我们基金投了2000万，能拿多少奖励？"
    first = rank(INDEX, text, read_mentions(text))
    first[0].score += 100  # a caller adjusting what it got
    again = rank(INDEX, text, read_mentions(text))
    assert again[0].rule.id == first[0].rule.id
    assert again[0].score == pytest.approx(first[0].score - 100)
    other = rank(
        INDEX, "我们基金投了800万，能拿多少奖励？", read_mentions("我们基金投了800万，能拿多少奖励？")
    )
    assert [h.rule.id for h in other] and other is not again


@pytest.mark.parametrize(
    "text",
    ["新三板挂牌的补贴140万已经全拿了，现在IPO还能补多少", "挂牌时已经拿满140万了，现在上市还能补多少"],
)
def test_an_amount_already_received_is_a_prior_whichever_side_says_so(text):
    m = read_mentions(text)
    assert [a.value for a in m.priors] == [140 * W] and not m.live_amounts


def test_words_after_a_figure_name_it_only_within_its_clause():
    from assistant.understanding.cues import cue_strength

    m = read_mentions("在保责任余额增加了1个亿，另外代偿损失了1800万")
    loss = next(r for r in CAT if r.id == "guarantee_loss_compensation").main_input
    assert cue_strength(m.amounts[0], loss) == 0
    assert cue_strength(m.amounts[1], loss) > 0


def test_of_one_clause_the_rule_that_takes_the_figure_is_asked_about():
    d = decision("我们是国家级国际科技合作基地，今年从外方购买技术花了350万，能补多少")
    assert d.action == "compute" and d.rule.id == "foreign_tech_purchase"


@pytest.mark.parametrize(
    ("text", "rule_id", "base"),
    [
        ("项目总研发投入800万，不到一千万，今年实际研发费用720万，能补多少钱", "key_rd_project", 720),
        ("我们是重大项目（研发投入1000万以上），今年研发支出800万，补多少？", "major_rd_project", 800),
    ],
)
def test_a_figure_about_a_threshold_decides_whether_the_rule_applies(text, rule_id, base):
    d = decision(text)
    assert d.action == "compute" and d.rule.id == rule_id
    assert d.binding.inputs["base_yuan"] == base * W


def test_a_documents_title_in_the_question_names_the_document_not_a_rule():
    d = decision("那个加快建设东北亚科技创新创业创投中心的意见，2020年R&D经费占GDP的目标是多少？")
    assert d.rule is None or d.rule.id != "equity_investment_reward"


def test_spans_of_time_are_read_in_years_and_calendar_years_are_not_spans():
    from assistant.understanding.mentions import read_mentions

    assert [float(d.value) for d in read_mentions("毕业都3年多了").durations] == [3.0]
    assert [round(float(d.value), 3) for d in read_mentions("两个月前刚完成").durations] == [0.167]
    assert read_mentions("2018年投了2000万").durations == []
    assert read_mentions("两个月前完成").counts == []  # 两个 of 两个月 is no count


def test_a_sum_of_money_beside_a_fixed_award_asks_which_rule_of_the_clause():
    # the figure is the purchase value of the clause's computing rule, or nothing the fixed sum needs:
    # it is not ignored, the asker is asked which, naming both
    d = decision("我们国家级国际科技合作基地从外方合作伙伴那里买了420万的技术，能补多少")
    assert d.action == "ask_rule"
    assert {r.id for r in d.rules} == {"international_base", "foreign_tech_purchase"}
    # the fixed sum alone, with no figure, is computed
    assert decision("新增国家级国际科技合作基地能补多少").action in ("compute", "levels")


def test_of_close_rules_the_only_one_taking_the_named_sum_of_money_is_meant():
    # 在孵企业 brings the per-company incubator award close, but it takes a count, not the investment
    d = decision("我们一单投了八千万，投的是大连某孵化器里的在孵企业，奖励多少")
    assert d.action == "compute" and d.rule.id == "equity_investment_reward"


def test_a_word_two_entity_types_share_names_both():
    e = read_entities("我们是上海注册的投资机构，想问投贷联动补贴", CAT)
    assert {"投资机构", "股权投资企业管理机构"} <= set(e.own)
    # the longest word still wins over a word inside it
    assert "企业" not in read_entities("我们是高新技术企业", CAT).present


@pytest.mark.parametrize(
    ("text", "count", "left_out"),
    [
        # counts the words add up, less the one whose own span the rule's 毕业2年之内 rules out
        ("孵化器今年有3家在孵企业被认定为高企，另外1家毕业一年半的也认定了，还有1家毕业三年的也认定了", 4, 1),
        # a total told in its parts (其中): the parts, each by its own span
        ("孵化器今年有7家企业被认定为高企，其中4家还在孵，另外3家毕业都3年多了", 4, 1),
        ("孵化器今年有5家企业被认定为高企，其中2家在孵，3家毕业一年", 5, 0),
        # the span said before the cue word
        ("孵化器今年有8家企业被认定为高企，其中7家在孵，另外1家是三年前就毕业的", 7, 1),
    ],
)
def test_counts_are_added_up_or_split_and_each_kept_by_its_own_span(text, count, left_out):
    rule = CAT.get("incubator_hitech_bonus")
    b = bind(rule, read_mentions(text + "，孵化器能拿多少"))
    assert b.inputs["count"] == count and len(b.left_out) == left_out


def test_several_counts_no_word_adds_up_are_asked_about():
    rule = CAT.get("incubator_hitech_bonus")
    b = bind(rule, read_mentions("孵化器今年3家企业认定高企 5家企业入驻，能拿多少"))
    assert b.unclear and "count" not in b.inputs


@pytest.mark.parametrize(
    ("text", "prior"),
    [
        ("今年中央拨款到账3千万，市里还能配套补多少", False),  # the base arriving, not an award received
        ("补贴已经到账300万，今年研发支出2000万还能补多少", True),
        ("新三板挂牌的时候补贴拿满了140万，今年IPO了还能再补多少", True),
    ],
)
def test_money_arriving_is_received_only_when_said_of_an_award(text, prior):
    assert read_mentions(text).amounts[0].prior is prior


def test_english_cue_words_after_a_figure_are_read():
    m = read_mentions("set up an R&D centre in Dalian with RMB 50 million of R&D equipment. What support?")
    assert "equipment" in m.amounts[0].after


def test_a_place_the_party_is_in_is_not_the_party():
    e = read_entities("我们是孵化器里的在孵企业，今年第一次被认定为高新技术企业", CAT)
    assert "科技企业孵化器" not in e.own and "科技企业孵化器" not in e.present
    assert "科技企业孵化器" in read_entities("我们孵化器今年有3家在孵企业被认定为高企", CAT).present


@pytest.mark.parametrize(
    "text",
    [
        "孵化器今年有3家在孵企业被认定为高企，还有2家正在申报",  # the rule's event is not said of the 2
        "孵化器今年7家被认定为高企，其中4家是在孵企业",  # the other 3 are not described
    ],
)
def test_counts_the_words_do_not_settle_are_asked_about(text):
    b = bind(CAT.get("incubator_hitech_bonus"), read_mentions(text + "，孵化器能拿多少"))
    assert b.unclear and "count" not in b.inputs


def test_a_span_of_n_years_and_more_is_over_n():
    b = bind(
        CAT.get("incubator_hitech_bonus"),
        read_mentions("孵化器今年有3家在孵企业被认定为高企，另外1家毕业2年多了也认定了，孵化器能拿多少"),
    )
    assert b.inputs["count"] == 3 and len(b.left_out) == 1


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("我们5个人的团队申报科技惠民项目，总共能拿多少？", "可获10万元"),  # 人 is not what 每项 pays per
        ("我们是人工智能开放式研究院，下设2个实验室，每年总共最多能拿多少？", "最高可获3000万元"),
    ],
)
def test_a_count_of_something_else_does_not_multiply_a_per_item_sum(fake_assistant, text, first):
    from tests.conftest import ask

    assert first in ask(fake_assistant, text).answer.split("\n")[0]


def test_a_figure_before_the_award_it_earned_is_what_was_spent():
    m = read_mentions("第一年研发支出1200万拿了360万补助，第二年2000万拿了600万，第三年还要花1500万")
    assert [p.value for p in m.priors] == [360 * W, 600 * W]


def test_what_each_period_received_under_a_cumulative_cap_is_summed(fake_assistant):
    from tests.conftest import ask

    text = (
        "重大项目第一年实际研发支出1200万拿了360万补助，第二年2000万拿了600万，第三年还要花1500万，"
        "第三年最多还能补多少？"
    )
    assert "可获40万元" in ask(fake_assistant, text).answer.split("\n")[0]


def test_a_corrected_figure_keeps_the_role_named_before_it(fake_assistant):
    from tests.conftest import ask

    head = ask(fake_assistant, "重大项目研发投入是1500万，啊不对财务说是150万，能补多少？").answer.split(
        "\n"
    )[0]
    assert head.startswith("不符合") and "150万" in head and "45万" not in head


def test_a_sum_in_yuan_for_a_threshold_in_dollars_is_not_compared_as_if_it_were_dollars(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant,
        "第四十四条不是说境外上市融资1000万以上就补300万嘛，我们在港股融了2000万人民币，够了吧？",
    )
    head = a.answer.split("\n")[0]
    assert head.startswith("需先确认") and "2000万人民币" in head and "1000万美元" in head
    assert not a.answer.startswith("按第四十四条")


def test_the_askers_own_party_named_as_theirs_is_a_third_party(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant,
        "我们是社会上的技术转移机构（不是高校办的），促成北京一所大学的专利转给大连一家企业，合同额450万。"
        "我们机构能补多少？我们备了案的技术经纪人个人那块奖励呢？",
    )
    assert not a.answer.startswith("不符合")
    assert "13.5万" in a.answer and "4.5万" in a.answer


def test_a_second_figure_for_another_party_of_the_clause_is_that_partys_quantity(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant,
        "我们运营一个市级以上的孵化器和一个备案众创空间，年度考评都是优秀。孵化器去年运营成本320万，众创空间35万，分别能补多少？",
    )
    first, second = a.answer.split("\n")[:2]
    assert "200万" in first and "众创空间" in second and "24.5万" in second


def test_figures_of_a_list_announced_by_its_count_each_after_a_label_are_its_items():
    m = read_mentions("签了三个合同：技术开发800万、技术转让1500万、专利实施许可200万。能补多少？")
    assert {a.listed for a in m.amounts} == {1}
    # no count announcing them: two labelled figures may be two roles
    m = read_mentions("研发投入800万，设备投入200万，能补多少")
    assert {a.listed for a in m.amounts} == {0}


def test_items_of_a_rule_paying_two_parties_are_totalled_per_party(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant,
        "我们公司跟大工签了三个合同：技术开发800万、技术转让1500万、专利实施许可200万。企业能补多少？学校能拿多少奖励？",
    )
    head = a.answer.split("\n")[0]
    assert "企业合计最高200万元" in head and "高校院所合计最高70万元" in head


def test_a_figure_restated_as_another_value_is_asked_about_and_the_same_value_is_one_figure():
    rule = CAT.get("equity_investment_reward")
    b = bind(rule, read_mentions("基金投了一家大连高企，金额是1000万，也就是一千五百万元，奖励能拿多少？"))
    assert b.unclear and "amount_yuan" not in b.inputs
    b = bind(rule, read_mentions("基金投了一家大连高企，金额是1000万，也就是一千万元，奖励能拿多少？"))
    assert b.inputs["amount_yuan"] == 1000 * W and not b.claims
    b = bind(rule, read_mentions("基金单笔投了600万，就是那笔800万的投资，奖励能拿多少？"))
    assert b.unclear and "amount_yuan" not in b.inputs
    # the sum of the figures before it, and a result the user expects, are not restatements
    m = read_mentions("去年基金投了300万，今年又投了500万，也就是800万，奖励一共能拿多少？")
    assert [a.value for a in m.live_amounts] == [300 * W, 500 * W]
    m = read_mentions("引进的研发机构设备投入2000万，就是600万补助对吧？")
    assert not any(a.conflict for a in m.amounts)


@pytest.mark.parametrize(
    "text",
    [
        "立项了1个重点学科重大课题、2个应用基础研究项目、3个软科学研究项目，第一年一共多少",
        "批了我们重点学科重大课题1项、应用基础研究2项、软科学3项，今年到账多少",
    ],
)
def test_counts_beside_the_names_of_per_item_sums_are_a_list(text):
    from assistant.understanding.counted import counted_items

    found = counted_items(text, read_mentions(text), CAT)
    # 重点学科重大课题 is also 行动计划第12项's: the other counts name 第七条, so it is read there
    assert [(c.rule.article, c.count) for c in found] == [(7, 1), (7, 2), (7, 3)]


@pytest.mark.parametrize(
    "text",
    [
        "我们学院报了两个重大课题，都批的话总共多少",
        "孵化器有3家在孵企业被认定为高企",
        "我们申报了5个应用基础研究项目，最后批了2个；软科学报了3个批了1个，能拿多少？",  # counts of no name
        "我们课题组有5个人做应用基础研究，3个人做软科学研究，能拿多少",  # people, not projects
        "我们有3个应用基础研究项目和2个软科学项目，都没有获得科技创新基金立项，能拿多少？",  # not funded
    ],
)
def test_one_count_or_no_per_item_name_is_not_a_list(text):
    from assistant.understanding.counted import counted_items

    assert counted_items(text, read_mentions(text), CAT) == []


@pytest.mark.parametrize(
    ("text", "growth"),
    [
        ("我们是小贷公司，对科技创新企业的贷款余额年初1.2亿，年末1.6亿，能拿多少奖励？", 4000),
        ("小贷公司科技企业贷款余额从8000万增加到1.1亿，奖励多少", 3000),
    ],
)
def test_a_balance_at_two_times_binds_its_growth(text, growth):
    rule = CAT.get("microcredit_increase_reward")
    b = bind(rule, read_mentions(text))
    assert b.inputs[rule.main_input.name] == growth * W and b.increase is not None


def test_two_balances_the_later_smaller_are_not_a_growth():
    rule = CAT.get("microcredit_increase_reward")
    b = bind(rule, read_mentions("小贷公司贷款余额年初1.6亿，年末1.2亿，奖励多少"))
    assert b.increase is None


def test_an_alias_describing_a_party_does_not_name_its_rule():
    # "A股上市公司" is who was bought (第四十三条), not the A-share listing of 第四十二条
    text = "去年通过收购大连本地一家A股上市公司实现上市，一年内净利润涨了25%，能拿补贴吗"
    (top,) = rank(INDEX, text, read_mentions(text))[:1]
    assert top.rule.article == 43 and "A股上市" not in top.aliases
    listing = rank(INDEX, "我们准备A股上市，有多少补贴", read_mentions("我们准备A股上市，有多少补贴"))[0]
    assert listing.rule.article == 42


def test_a_follow_up_carries_the_question_before_over_to_what_it_names():
    before = "高新区人工智能产业到2019年收入目标多少？"
    assert carried_over(before, "金普新区那边呢") == (
        "金普新区人工智能产业到2019年收入目标多少？",
        ["金普新区"],
    )
    assert carried_over(before, "那呢") is None  # names nothing new


def test_a_later_figure_after_is_names_what_it_is_unless_it_joins_the_figures_or_the_sum_paid():
    m = read_mentions("放过一笔贷款，三百万。核销后认定的本金损失是一百六十万，能补多少")
    assert not m.amounts[1].claim and [a.value for a in m.live_amounts] == [300 * W, 160 * W]
    assert read_mentions("投资2000万，就是90万吧").amounts[1].claim
    assert read_mentions("the reward for a 20 million yuan investment is 5 million yuan").amounts[1].claim


def test_where_the_asker_came_from_is_not_what_they_are():
    e = read_entities("我们是从市级孵化器里孵出来的，刚第一次被认定为高新技术企业", CAT)
    assert e.own == ["高新技术企业"]


def test_a_foreign_figure_restated_in_yuan_is_not_another_amount():
    m = read_mentions("刚在香港主板上市，融资2000万美元（差不多合1.4亿人民币），上市补贴能拿多少")
    assert m.live_amounts == [] and m.foreign[0].unit == "usd"
    assert [a.value for a in read_mentions("融资2000万美元，另外贷款1.4亿").live_amounts] == [140_000_000]


@pytest.mark.parametrize(
    ("rule_id", "text", "base"),
    [
        # the verb and its figure apart, its object between them
        (
            "equity_investment_reward",
            "基金总规模5个亿。上个月单笔投了辖区内一家高薪技术企业1200万，能拿多少",
            1200,
        ),
        # a verb cue said with 了 is the same verb with another complement
        ("tech_insurance_compensation", "保费一共收了45万。今年出险了，我们实际赔给企业600万，能补多少", 600),
    ],
)
def test_a_figure_is_bound_by_the_verb_of_its_clause_beside_a_distractor(rule_id, text, base):
    rule = CAT.get(rule_id)
    b = bind(rule, read_mentions(text))
    assert b.complete and b.inputs[rule.main_input.name] == base * W


def test_a_totalling_word_before_a_figure_does_not_ask_for_a_sum():
    from assistant.intent import TOTAL_Q

    assert not TOTAL_Q.search("保费一共收了45万") and not TOTAL_Q.search("前两年拿过补助，合计900万了")
    assert TOTAL_Q.search("两项一共能拿多少") and TOTAL_Q.search("设备300万，技术200万，加起来呢")


def test_a_negation_covers_the_list_after_it_and_not_located_in():
    e = read_entities("也不是科技型中小企业，也不在任何孵化器、众创空间里。银行给我们放贷款", CAT)
    assert {"科技型中小企业", "科技企业孵化器", "众创空间"} <= set(e.negated) and "银行" in e.present
    e = read_entities("不是孵化器，众创空间能拿多少", CAT)  # a comma ends the list: 众创空间 is asked about
    assert e.negated == ["科技企业孵化器"] and e.present == ["众创空间"]


def test_words_the_question_denies_do_not_pick_the_rule():
    text = (
        "我们没有高企资质，也不在任何孵化器、众创空间里。银行要是给我们放信用贷款，能享受市里的风险补偿吗？"
    )
    (top, second) = rank(INDEX, text, read_mentions(text))[:2]
    assert top.rule.id == "bank_loan_loss_compensation" and second.rule.id != "incubator_hitech_bonus"


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("项目总投入1200万，今年研发支出300万，能补多少", 4),  # meets 200万 and 1000万以上: the higher tier
        ("项目总投入600万，今年研发支出300万，能补多少", 5),
    ],
)
def test_of_tiers_on_one_quantity_the_highest_the_figure_meets_leads(text, article):
    hits = rank(INDEX, text, read_mentions(text))
    assert (
        hits[0].rule.article == article and decide(hits, text, read_mentions(text), CAT).action == "compute"
    )


def test_an_award_named_then_its_figure_after_a_comma_is_what_was_received():
    m = read_mentions("去年按实际研发支出拿过一次补助，120万。今年实际研发又花了350万")
    assert [a.value for a in m.priors] == [120 * W] and [a.value for a in m.live_amounts] == [350 * W]


def test_a_balance_said_last_year_then_at_this_years_end_is_a_growth():
    rule = CAT.get("microcredit_increase_reward")
    b = bind(rule, read_mentions("贷款余额去年是3,000万，今年底到了7800万，奖励多少"))
    assert b.inputs[rule.main_input.name] == 4800 * W
