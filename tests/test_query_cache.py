"""One question is embedded once: retrieval and the rule index share a bounded query cache."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embeddings import FakeEmbedder, QueryCachingEmbedder


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return super().embed_query(text)


def test_a_query_is_embedded_once_and_the_vector_is_the_same():
    inner = CountingEmbedder()
    cached = QueryCachingEmbedder(inner)
    a = cached.embed_query("投资奖励")
    b = cached.embed_query("投资奖励")
    assert inner.queries == ["投资奖励"]
    assert np.array_equal(a, inner.embed_query("投资奖励"))
    assert a is b
    with pytest.raises(ValueError):
        a[0] = 1.0  # shared between callers: read-only


def test_the_cache_is_bounded_and_forgets_the_least_recent():
    inner = CountingEmbedder()
    cached = QueryCachingEmbedder(inner, size=2)
    for q in ["甲", "乙", "甲", "丙", "甲", "乙"]:
        cached.embed_query(q)
    assert inner.queries == ["甲", "乙", "丙", "乙"]


def test_passages_pass_through_and_identity_is_the_inner_models():
    inner = CountingEmbedder()
    cached = QueryCachingEmbedder(inner)
    assert cached.name == inner.name and cached.dim == inner.dim
    assert cached.embed_passages(["一", "二"]).shape == (2, inner.dim)
