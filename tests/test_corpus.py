"""The corpus is the seed with layout repaired and nothing of the text lost or added."""

import json
import re
from pathlib import Path

import pytest

from ingest.seed import DOCUMENTS, split_seed, strip_markup

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_b359705ced6d618a.txt"
CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _sentences(text: str) -> set[str]:
    return {s for s in re.split(r"(?<=[。；！？])", _squash(text)) if s}


def test_committed_corpus_matches_a_fresh_split():
    fresh = split_seed(SEED.read_text(encoding="utf-8"))
    for doc_id, text in fresh.items():
        assert (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8") == text


def test_no_character_lost_or_added():
    seed = _squash(strip_markup(SEED.read_text(encoding="utf-8")))
    corpus = "".join(_squash((CORPUS / f"{m.doc_id}.txt").read_text(encoding="utf-8")) for m in DOCUMENTS)
    assert corpus == seed


def test_every_seed_sentence_is_in_the_corpus_and_vice_versa():
    seed_sentences = _sentences(strip_markup(SEED.read_text(encoding="utf-8")).replace("\n\n", ""))
    corpus_text = "".join((CORPUS / f"{m.doc_id}.txt").read_text(encoding="utf-8") for m in DOCUMENTS)
    corpus_sentences = _sentences(corpus_text)
    assert seed_sentences - corpus_sentences == set()
    assert corpus_sentences - seed_sentences == set()


def test_page_break_inside_article_47_is_joined():
    text = (CORPUS / "measures-2017-52.txt").read_text(encoding="utf-8")
    assert "超过 1000 万元不超过 3000 万元（含 3000万元)的部分按投资额的1.5%给予奖励" in text
    assert "**" not in text


def test_metadata_files_describe_each_document():
    for meta in DOCUMENTS:
        data = json.loads((CORPUS / f"{meta.doc_id}.json").read_text(encoding="utf-8"))
        assert data["doc_number"] == meta.doc_number
        assert data["title"]
