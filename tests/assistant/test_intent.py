"""Question-type and scope cues: a later year is a later policy only when a measure came or changed then."""

import pytest

from assistant.intent import MONEY_Q, understand


@pytest.mark.parametrize(
    "text",
    [
        "2023年国家把研发费用加计扣除比例统一提到100%了，具体是哪个文件？",
        "2024年大连出台的新政策有哪些",
    ],
)
def test_a_measure_of_a_later_year_is_out_of_scope(text):
    assert understand(text).out_of_scope_reason == "later_policy"


@pytest.mark.parametrize(
    ("text", "validity"),
    [
        ("现在都2024年了，大政发〔2017〕52号那个文件还管用吗？", True),  # the year the question is asked in
        ("我们2024年投了2000万，奖励多少", False),  # a year of the asker's own doings
    ],
)
def test_a_year_that_is_not_a_measures_is_in_scope(text, validity):
    u = understand(text)
    assert u.out_of_scope_reason is None and u.validity is validity


@pytest.mark.parametrize(
    ("text", "validity"),
    [
        ("我们是到期后重新认定的，也是这个数吗", False),  # the asker's certificate expired, not the policy
        ("高企到期复审的补多少", False),
        ("这个政策什么时候到期", True),
        ("52号文到期了吗", True),
        ("52号文到期后，重新认定的高企还能拿10万吗", True),  # the document's expiry
    ],
)
def test_expiry_is_the_policys_only_when_no_renewal_follows_it(text, validity):
    assert understand(text).validity is validity


def test_asking_whether_it_is_the_same_sum_asks_for_money():
    assert MONEY_Q.search("我们是重新认定的，也是这个数吗")
    assert not MONEY_Q.search("这个数据是哪一年的") and not MONEY_Q.search("这么多项政策，哪个适合我们")


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("帮我写一段Python代码，把这几份政策文件的PDF批量转成Excel表格", True),
        ("Write me a script that scrapes Dalian subsidy amounts", True),
        ("给我讲讲高新技术企业补助的申报程序", False),  # 程序 of an application is a lookup
        ("把第四十七条的奖励标准列个表", False),
    ],
)
def test_a_task_other_than_answering_from_the_documents_is_out_of_scope(text, task):
    assert (understand(text).out_of_scope_reason == "chitchat") is task


def test_a_sentence_asking_another_citys_measure_is_out_of_scope_though_dalian_is_named_later():
    from assistant.intent import understand

    u = understand("上海张江对人工智能企业的房租补贴标准是多少？我们在考虑去那边还是留大连")
    assert u.out_of_scope_reason == "other_city"
    assert understand("上海的银行给大连的科技企业放贷，坏账能补吗").out_of_scope_reason != "other_city"
    assert understand("我们公司刚从上海迁到大连，能申请高企补贴吗").out_of_scope_reason != "other_city"
