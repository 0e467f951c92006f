"""A rule's textual conditions, read against what the question says: met, not met, or not spoken of."""

import pytest

from assistant.understanding.conditions import assess, short_of_term
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


@pytest.mark.parametrize(
    ("rule_id", "text"),
    [
        ("municipal_alliance", "我们是联盟的成员单位，不是牵头单位，联盟被认定为市级，能拿30万吗"),
        ("backdoor_listing", "收购了杭州的上市公司，但上市公司注册地暂时不打算迁到大连，能拿200万吗"),
    ],
)
def test_a_denial_of_part_of_a_condition_before_or_after_its_words(rule_id, text):
    assert [a.met for a in assess(CAT.get(rule_id), text)] == [False]


def test_a_bracketed_qualifier_is_not_a_denial():
    said = assess(
        CAT.get("transfer_agency_brokerage"), "我们是技术转移服务机构（社会办的），促成成果转给大连企业"
    )
    assert all(a.met for a in said)


def test_a_foreign_figure_short_of_the_threshold_gets_a_verdict(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant, "我们是大连的公司，在香港创业板上市了，融资大概800万美元，能拿境外上市那300万吗？"
    )
    assert a.answer.startswith("不符合：第四十四条") and "1000万美元以上" in a.answer


def test_naming_who_a_rule_is_for_says_nothing_about_its_condition():
    text = "我们和投资机构一起给一家高企做了投贷联动"
    assert assess(CAT.get("loan_investment_linkage"), text) == []


def test_a_bank_placed_outside_dalian_is_not_eligible_though_its_borrower_is_local(fake_assistant):
    from tests.conftest import ask

    a = ask(
        fake_assistant,
        "我们是上海的一家城商行（大连没有注册机构），和投资机构一起给大连一家高企做了投贷联动，贷了2000万元，能拿补贴吗？",
    )
    assert a.answer.startswith("不符合：第四十条")


@pytest.mark.parametrize(
    ("text", "short"),
    [
        # every kind denied but one the question does not speak of
        (
            "我们不是高企，也没评科技型中小企业，也不在孵化器里，银行给我们放信用贷款能补偿吗",
            ["技术先进型服务企业"],
        ),
        # one denial listing two kinds
        (
            "我们不是高企，也不是科技型中小企业，没在任何孵化器或众创空间里，银行放信用贷款能补偿吗",
            ["技术先进型服务企业"],
        ),
        # one kind affirmed: the definition is met
        ("我们是科技型中小企业，不是高企，银行给我们放信用贷款能补偿吗", None),
        ("我们不是高企，是孵化器或众创空间里的在孵企业，银行放信用贷款能补偿吗", None),
        # the term itself affirmed
        ("我们是市里重点扶持的科技创新企业，银行放信用贷款能补偿吗", None),
        # nothing said about the kinds
        ("银行给企业放信用贷款，坏账能补偿多少", None),
    ],
)
def test_a_defined_term_is_short_when_its_kinds_are_denied_and_none_affirmed(text, short):
    cat = catalogue()
    rule = cat.get("bank_loan_loss_compensation")
    found = short_of_term(rule, text, cat.documents[rule.doc_id].terms, cat.beneficiary_words)
    assert (found.rest if found else None) == short


def test_a_denial_said_of_the_rules_own_beneficiary_is_not_about_the_terms_party():
    cat = catalogue()
    rule = cat.get("equity_investment_reward")
    text = "我们基金不是孵化器，投了一家大连公司800万，奖励多少"
    assert short_of_term(rule, text, cat.documents[rule.doc_id].terms, cat.beneficiary_words) is None
