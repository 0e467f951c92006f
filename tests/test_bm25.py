"""BM25 tokens: Chinese by jieba, English words folded to a stem so a question's form meets the text's."""

import pytest

from ingest.bm25 import BM25Index, stem, tokenize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("commercialization", "commercialisation"),
        ("projects", "project"),
        ("subsidies", "subsidy"),
        ("listed", "listing"),
        ("bases", "base"),
        ("losses", "loss"),
    ],
)
def test_forms_of_one_english_word_share_a_stem(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("word", ["研发费用", "R&D", "fund", "2018", "process"])
def test_chinese_short_and_non_alphabetic_tokens_pass_unchanged(word):
    assert stem(word.lower()) == word.lower()


def test_an_english_question_matches_the_other_spelling_in_the_text():
    index = BM25Index(["technology commercialisation project", "key laboratory evaluation"])
    scores = index.scores("tech commercialization projects")
    assert scores[0] > 0 and scores[1] == 0
    assert "研发" in tokenize("研发费用") or "研发费用" in tokenize("研发费用")
