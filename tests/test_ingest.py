"""Incremental ingest: content-hash ids, re-embed only what changed, atomic manifest, real Chroma on disk."""

import json
import shutil

import pytest

from assistant.retrieval import IndexNotReadyError, Retriever
from ingest.chunks import MAX_CHUNK_CHARS, chunk_documents
from ingest.embeddings import FakeEmbedder
from ingest.index import ChromaStore, InMemoryStore, ingest, read_manifest
from ingest.structure import load_corpus
from tests.conftest import CORPUS


@pytest.fixture
def corpus_copy(tmp_path):
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


def test_chunks_keep_heading_and_offsets(docs):
    for c in chunk_documents(docs, "m"):
        assert docs[c.doc_id].text[c.start : c.end] == c.text
        assert c.section
        assert len(c.text) <= MAX_CHUNK_CHARS or "。" not in c.text[:-1]


def test_reingest_embeds_nothing_then_only_changes(corpus_copy, tmp_path):
    embedder, store = FakeEmbedder(), InMemoryStore()
    first = ingest(corpus_copy, tmp_path / "data", embedder, store)
    assert first.embedded == first.chunks > 200
    again = ingest(corpus_copy, tmp_path / "data", embedder, store)
    assert (again.embedded, again.deleted) == (0, 0)
    path = corpus_copy / "measures-2017-52.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "第六十四条 本政策措施由市科技局负责解释。", "第六十四条 本政策措施由市科技局负责解释并公布。"
        ),
        encoding="utf-8",
    )
    changed = ingest(corpus_copy, tmp_path / "data", embedder, store)
    assert changed.embedded == 1 and changed.deleted == 1
    load_corpus.cache_clear()


def test_removed_document_chunks_disappear(corpus_copy, tmp_path):
    embedder, store = FakeEmbedder(), InMemoryStore()
    ingest(corpus_copy, tmp_path / "data", embedder, store)
    (corpus_copy / "guide-2017-118.txt").unlink()
    report = ingest(corpus_copy, tmp_path / "data", embedder, store)
    assert report.deleted > 50
    assert all(c["doc_id"] != "guide-2017-118" for c in read_manifest(tmp_path / "data")["chunks"])
    load_corpus.cache_clear()


class ExplodingEmbedder(FakeEmbedder):
    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after

    def embed_passages(self, texts):
        if self.calls + len(texts) > self.after:
            raise KeyboardInterrupt("killed half-way")
        return super().embed_passages(texts)


def test_interrupted_ingest_leaves_previous_index_usable(corpus_copy, tmp_path, docs):
    data = tmp_path / "data"
    store = InMemoryStore()
    ingest(corpus_copy, data, FakeEmbedder(), store)
    before = read_manifest(data)
    path = corpus_copy / "plan-2017-119.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("。", "。 "), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest(corpus_copy, data, ExplodingEmbedder(after=20), store)
    assert read_manifest(data) == before
    retriever = Retriever.from_data_dir(data, FakeEmbedder(), store, docs)
    assert retriever.search("孵化器", k=3)
    done = ingest(corpus_copy, data, FakeEmbedder(), store)
    assert done.embedded > 0 and read_manifest(data) != before
    load_corpus.cache_clear()


def test_missing_or_corrupt_manifest_says_how_to_fix(tmp_path, docs):
    with pytest.raises(IndexNotReadyError, match="policy-assistant ingest"):
        Retriever.from_data_dir(tmp_path, FakeEmbedder(), InMemoryStore(), docs)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexNotReadyError):
        Retriever.from_data_dir(tmp_path, FakeEmbedder(), InMemoryStore(), docs)


def test_real_chroma_on_disk_persists_and_reopens(tmp_path, docs):
    embedder = FakeEmbedder()
    store = ChromaStore(embedder, path=tmp_path / "chroma")
    report = ingest(CORPUS, tmp_path, embedder, store)
    reopened = ChromaStore(embedder, path=tmp_path / "chroma")
    assert len(reopened.ids()) == report.chunks
    retriever = Retriever.from_data_dir(tmp_path, embedder, reopened, docs)
    hit = retriever.search("第四十七条", k=1)[0]
    assert hit.citation.article == 47
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == embedder.name
