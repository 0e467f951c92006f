"""Wiring: settings -> embedder, vector store, corpus, retriever, assistant."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings, get_settings
from assistant.engine import Assistant
from assistant.retrieval import IndexNotReadyError, Retriever
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import catalogue
from ingest.embeddings import Embedder, make_embedder
from ingest.index import ChromaStore, IngestReport, VectorStore, ingest
from ingest.structure import load_corpus


@dataclass
class Runtime:
    settings: Settings
    embedder: Embedder
    store: VectorStore
    retriever: Retriever
    assistant: Assistant
    chat_model: Any = None  # a langchain chat model for LLM mode; None: built from the POLICY_LLM_* settings


def make_store(settings: Settings, embedder: Embedder) -> VectorStore:
    if settings.chroma_host:
        return ChromaStore(
            embedder, host=settings.chroma_host, port=settings.chroma_port, collection=settings.collection
        )
    return ChromaStore(embedder, path=Path(settings.data_dir) / "chroma", collection=settings.collection)


def run_ingest(
    settings: Settings,
    embedder: Embedder | None = None,
    store: VectorStore | None = None,
    progress: bool = True,
) -> IngestReport:
    embedder = embedder or make_embedder(settings.embedder, settings.embedding_model)
    store = store or make_store(settings, embedder)
    report = ingest(Path(settings.corpus_dir), Path(settings.data_dir), embedder, store, progress=progress)
    # the rule index's vectors are cached beside the chunks, so serving starts without embedding them
    RuleIndex(catalogue(), embedder, cache_dir=Path(settings.data_dir))
    return report


def build_runtime(
    settings: Settings | None = None,
    *,
    ensure_index: bool = False,
    embedder: Embedder | None = None,
    store: VectorStore | None = None,
) -> Runtime:
    settings = settings or get_settings()
    embedder = embedder or make_embedder(settings.embedder, settings.embedding_model)
    store = store or make_store(settings, embedder)
    docs = load_corpus(Path(settings.corpus_dir))
    try:
        retriever = Retriever.from_data_dir(Path(settings.data_dir), embedder, store, docs)
    except IndexNotReadyError:
        if not ensure_index:
            raise
        ingest(Path(settings.corpus_dir), Path(settings.data_dir), embedder, store, progress=True)
        retriever = Retriever.from_data_dir(Path(settings.data_dir), embedder, store, docs)
    return Runtime(settings, embedder, store, retriever, Assistant(retriever, settings.today))


_lock = threading.Lock()
_runtime: Runtime | None = None


def get_runtime(ensure_index: bool = True) -> Runtime:
    global _runtime
    with _lock:
        if _runtime is None:
            _runtime = build_runtime(ensure_index=ensure_index)
        return _runtime


def reset_runtime() -> None:
    """Forget the default runtime (after a re-ingest) so the next request loads the new index."""
    global _runtime
    with _lock:
        _runtime = None
