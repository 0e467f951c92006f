"""Every article and numbered item is addressable, by every way people write the reference."""

import pytest

from assistant.references import (
    AmbiguousReferenceError,
    ArticleLookup,
    UnknownReferenceError,
    detect_doc,
    find_references,
)
from core.numerals import int_to_chinese

ITEM_COUNTS = {"opinions-2017-31": 18, "guide-2017-118": 37, "plan-2017-119": 28}
DOC_WORDS = {"opinions-2017-31": "意见", "guide-2017-118": "指南", "plan-2017-119": "三年行动计划"}


def test_measures_has_8_chapters_and_66_articles(docs):
    passages = docs["measures-2017-52"].passages
    assert [p.article for p in passages if p.kind == "article"] == list(range(1, 67))
    chapters = {p.section.split(" > ")[0] for p in passages if p.kind == "article"}
    assert len(chapters) == 8


@pytest.mark.parametrize(("doc_id", "count"), ITEM_COUNTS.items())
def test_numbered_items(docs, doc_id, count):
    assert [p.item for p in docs[doc_id].passages if p.kind == "item"] == list(range(1, count + 1))


def test_stage_targets_per_year(docs):
    stages = [p for p in docs["plan-2017-119"].passages if p.kind == "stage_target"]
    assert len(stages) == 18
    assert {p.section.rsplit(" > ", 1)[-1] for p in stages} == {"2017年", "2018年", "2019年"}


def test_offsets_are_verbatim(docs):
    for doc in docs.values():
        for p in doc.passages:
            assert doc.text[p.start : p.end] == p.text


@pytest.mark.parametrize("n", range(1, 67))
def test_every_article_resolves_by_every_spelling(docs, n):
    lookup = ArticleLookup(docs)
    for text in (f"第{int_to_chinese(n)}条", f"第{n}条", f"{n}条说什么", f"Article {n}", f"article {n}?"):
        passages = lookup.resolve(text)
        assert [p.article for p in passages] == [n], text
        assert passages[0].text.startswith(f"第{int_to_chinese(n)}条")


@pytest.mark.parametrize(("doc_id", "count"), ITEM_COUNTS.items())
def test_every_item_resolves(docs, doc_id, count):
    lookup = ArticleLookup(docs)
    for n in range(1, count + 1):
        for text in (f"{DOC_WORDS[doc_id]}第{n}项", f"{DOC_WORDS[doc_id]}第{int_to_chinese(n)}项"):
            passages = lookup.resolve(text)
            assert [(p.doc_id, p.item) for p in passages] == [(doc_id, n)], text


def test_unknown_article_is_a_clear_error(docs):
    with pytest.raises(UnknownReferenceError) as info:
        ArticleLookup(docs).resolve("第九十九条")
    assert "共66条" in info.value.message_zh


def test_item_without_document_asks_which(docs):
    with pytest.raises(AmbiguousReferenceError):
        find_references("第8项是什么")


def test_document_aliases():
    assert detect_doc("三年行动计划第8项") == "plan-2017-119"
    assert detect_doc("指南第26项") == "guide-2017-118"
    assert detect_doc("大政发〔2017〕52号") == "measures-2017-52"
