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
