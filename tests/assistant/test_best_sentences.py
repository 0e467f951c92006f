"""Which sentences of a passage lead a lookup answer."""

from assistant.compose import best_sentences

PASSAGE = "到2019年，自创区建设取得显著进展；新增高新技术企业450家，中小微企业达到1万家；组织协调更加顺畅。"


def test_a_figure_question_leads_with_the_sentence_stating_the_figure_for_its_term():
    out = best_sentences(
        PASSAGE, ["2019", "自创区", "高新技术企业"], limit=1, question="到2019年新增高新技术企业多少家"
    )
    assert out == ["新增高新技术企业450家，中小微企业达到1万家；"]


def test_a_question_without_a_figure_keeps_the_sentence_with_most_terms():
    out = best_sentences(PASSAGE, ["自创区", "建设", "进展"], limit=1, question="自创区建设有什么进展")
    assert out == ["到2019年，自创区建设取得显著进展；"]


def test_a_question_in_two_parts_gets_each_parts_sentence():
    item = "允许研发团队所得比例不低于70%。推进合作项目200项。（责任单位：市科技局、市教育局）"
    out = best_sentences(
        item,
        ["研发团队", "比例", "责任单位"],
        limit=1,
        question="研发团队最少能分到几成？这一条的责任单位都有哪些",
    )
    assert out == ["允许研发团队所得比例不低于70%。", "（责任单位：市科技局、市教育局）"]


def test_a_greeting_part_adds_nothing():
    out = best_sentences(PASSAGE, ["自创区", "建设", "进展"], limit=1, question="您好。自创区建设有什么进展")
    assert out == ["到2019年，自创区建设取得显著进展；"]


def test_a_bare_how_much_about_a_proportion_is_not_a_money_question():
    from assistant.intent import asks_money

    assert not asks_money("高新技术产品收入占总收入的比例准备降到多少？")
    assert asks_money("比例是30%，能补多少钱")
    assert asks_money("研发投入1000万，能拿多少")


def test_a_question_asking_who_is_responsible_gets_the_units_responsibility_line():
    item = "争取投贷联动试点。建立融资信息服务平台。（责任单位：市金融局、市科技局）"
    out = best_sentences(
        item, ["投贷联动", "试点"], limit=1, question="争取投贷联动试点这一块是哪些部门负责的？"
    )
    assert "（责任单位：市金融局、市科技局）" in out
