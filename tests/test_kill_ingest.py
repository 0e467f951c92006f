"""An ingest killed with SIGKILL half-way (real Chroma on disk) leaves the previous index serving."""

import shutil
import signal
import subprocess
import sys
import time

import pytest

from assistant.retrieval import Retriever
from ingest.embeddings import FakeEmbedder
from ingest.index import ChromaStore, ingest, read_manifest
from ingest.structure import load_corpus
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

SLOW_INGEST = """
import sys, time
from pathlib import Path
from ingest.embeddings import FakeEmbedder
from ingest.index import ChromaStore, ingest

class SlowEmbedder(FakeEmbedder):
    def embed_passages(self, texts):
        time.sleep(0.3)
        return super().embed_passages(texts)

corpus, data = Path(sys.argv[1]), Path(sys.argv[2])
embedder = SlowEmbedder()
embedder.name = FakeEmbedder().name  # same collection as the index it updates
print("started", flush=True)
ingest(corpus, data, embedder, ChromaStore(embedder, path=data / "chroma"))
"""


def test_sigkill_mid_ingest(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    data = tmp_path / "data"
    embedder = FakeEmbedder()
    ingest(corpus, data, embedder, ChromaStore(embedder, path=data / "chroma"))
    before = read_manifest(data)

    for path in corpus.glob("*.txt"):  # every chunk changes: a long re-embed
        path.write_text(path.read_text(encoding="utf-8").replace("。", "。 "), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, str(corpus), str(data)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)

    assert read_manifest(data) == before
    store = ChromaStore(embedder, path=data / "chroma")
    load_corpus.cache_clear()
    old_docs = load_corpus(CORPUS)
    retriever = Retriever.from_data_dir(data, embedder, store, old_docs)
    assert retriever.search("第四十七条", k=1)[0].citation.article == 47

    report = ingest(corpus, data, embedder, store)
    assert report.embedded > 0 and read_manifest(data) != before
    assert len(store.ids()) == report.chunks
    load_corpus.cache_clear()
