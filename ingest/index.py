"""Vector stores (Chroma embedded / Chroma server / in-memory fake) and the incremental ingest.

Chunk ids are content hashes, so an unchanged corpus embeds nothing and a changed document
re-embeds only the chunks whose text changed. The published state is ``manifest.json``, written
atomically after every vector is in the store: an ingest killed half-way leaves the previous
manifest — and so the previous index — in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ingest.chunks import Chunk, chunk_documents
from ingest.embeddings import Embedder
from ingest.structure import load_corpus

MANIFEST = "manifest.json"
BATCH = 16


class VectorStore(Protocol):
    def ids(self) -> set[str]: ...

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]]) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def query(self, embedding: np.ndarray, k: int) -> list[tuple[str, float]]: ...


class InMemoryStore:
    """Exact cosine search in memory; the deterministic double for tests."""

    def __init__(self) -> None:
        self._vecs: dict[str, np.ndarray] = {}

    def ids(self) -> set[str]:
        return set(self._vecs)

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        for i, v in zip(ids, embeddings, strict=True):
            self._vecs[i] = np.asarray(v, dtype=np.float32)

    def delete(self, ids: list[str]) -> None:
        for i in ids:
            self._vecs.pop(i, None)

    def query(self, embedding: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self._vecs:
            return []
        keys = list(self._vecs)
        mat = np.stack([self._vecs[i] for i in keys])
        sims = mat @ embedding
        order = np.argsort(-sims)[:k]
        return [(keys[j], float(sims[j])) for j in order]


def _chroma_embedding_function(embedder: Embedder):
    """Wrap our embedder as a Chroma EmbeddingFunction so Chroma never falls back to its own model."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class PolicyEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            self._embedder = embedder

        def __call__(self, input: Documents) -> Embeddings:
            return list(self._embedder.embed_passages(list(input)))

        def embed_query(self, input: Documents) -> Embeddings:
            return [self._embedder.embed_query(t) for t in input]

        @staticmethod
        def name() -> str:
            return "policy-assistant"

        def get_config(self) -> dict[str, Any]:
            return {"model": embedder.name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> PolicyEmbeddingFunction:
            return PolicyEmbeddingFunction()

        def default_space(self):  # type: ignore[override]
            return "cosine"

    return PolicyEmbeddingFunction()


def collection_name(prefix: str, embedder_name: str) -> str:
    """One collection per embedding model, named by a short hash so any model id gives a valid,
    distinct name (Chroma wants 3-512 chars of [a-zA-Z0-9._-], starting and ending alphanumeric)."""
    digest = hashlib.sha256(embedder_name.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


class ChromaStore:
    """Chroma collection: embedded ``PersistentClient`` on disk, or ``HttpClient`` for a server."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        path: Path | None = None,
        host: str | None = None,
        port: int = 8000,
        collection: str = "policy_chunks",
    ) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if host:
            self.client = chromadb.HttpClient(host=host, port=port, settings=settings)
        else:
            assert path is not None
            path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(path), settings=settings)
        self.collection = self.client.get_or_create_collection(
            collection_name(collection, embedder.name),
            embedding_function=_chroma_embedding_function(embedder),  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
        )

    def ids(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=1000, offset=offset)
            out.update(got["ids"])
            if len(got["ids"]) < 1000:
                return out
            offset += 1000

    def add(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        vectors: Any = [np.asarray(e, dtype=np.float32) for e in embeddings]
        metas: Any = metadatas
        self.collection.upsert(ids=ids, embeddings=vectors, metadatas=metas)

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 500):
            self.collection.delete(ids=ids[i : i + 500])

    def query(self, embedding: np.ndarray, k: int) -> list[tuple[str, float]]:
        n = self.collection.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=[np.asarray(embedding, dtype=np.float32)],  # type: ignore[arg-type]
            n_results=min(k, n),
            include=["distances"],
        )
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]  # type: ignore[index]


@dataclass
class IngestReport:
    chunks: int
    embedded: int
    deleted: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "chunks": self.chunks,
            "embedded": self.embedded,
            "deleted": self.deleted,
            "seconds": round(self.seconds, 2),
        }


def _meta(c: Chunk) -> dict[str, Any]:
    return {
        "doc_id": c.doc_id,
        "kind": c.kind,
        "article": c.article if c.article is not None else -1,
        "item": c.item if c.item is not None else -1,
        "section": c.section,
        "start": c.start,
        "end": c.end,
    }


def read_manifest(data_dir: Path) -> dict[str, Any] | None:
    path = data_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("chunks"), list):
        return None
    return data


def write_manifest(data_dir: Path, embedder_name: str, chunks: Sequence[Chunk]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(
        json.dumps(
            {"embedder": embedder_name, "created": time.time(), "chunks": [c.as_dict() for c in chunks]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    os.replace(tmp, data_dir / MANIFEST)


def ingest(
    corpus_dir: Path, data_dir: Path, embedder: Embedder, store: VectorStore, *, progress: bool = False
) -> IngestReport:
    """Bring the store and manifest in line with the corpus, embedding only what is new."""
    started = time.perf_counter()
    load_corpus.cache_clear()
    chunks = chunk_documents(load_corpus(corpus_dir), embedder.name)
    present = store.ids()
    todo = [c for c in chunks if c.id not in present]
    batches = range(0, len(todo), BATCH)
    if progress and todo:
        from tqdm import tqdm

        batches = tqdm(batches, desc="embedding", unit="batch")  # type: ignore[assignment]
    for i in batches:
        batch = todo[i : i + BATCH]
        vecs = embedder.embed_passages([c.embed_text for c in batch])
        store.add([c.id for c in batch], vecs, [_meta(c) for c in batch])
    write_manifest(data_dir, embedder.name, chunks)
    # Only after the new manifest is published do the old vectors go.
    wanted = {c.id for c in chunks}
    stale = sorted(present - wanted)
    if stale:
        store.delete(stale)
    return IngestReport(len(chunks), len(todo), len(stale), time.perf_counter() - started)
