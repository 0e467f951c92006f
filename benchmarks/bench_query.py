"""Retrieval latency (hybrid search) and deterministic answer latency, in process, on the real index."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.config import Settings
from assistant.runtime import build_runtime
from benchmarks.common import ROOT, peak_rss_mib, summary_ms
from evals.retrieval import load_gold
from evals.runner import load_cases


def main(data_dir: Path) -> dict:
    rt = build_runtime(
        Settings(data_dir=data_dir, corpus_dir=ROOT / "corpus", today=date(2026, 11, 26)), ensure_index=True
    )
    queries = [r["q"] for r in load_gold()]
    rt.retriever.search(queries[0])  # warm-up
    search_ms = []
    for _ in range(3):
        for q in queries:
            t = time.perf_counter()
            rt.retriever.search(q, k=5)
            search_ms.append((time.perf_counter() - t) * 1000)
    answer_ms = []
    for case in load_cases():
        messages: list[dict[str, str]] = []
        for turn in case["turns"]:
            messages.append({"role": "user", "content": turn})
            t = time.perf_counter()
            a = rt.assistant.answer(messages)
            answer_ms.append((time.perf_counter() - t) * 1000)
            messages.append({"role": "assistant", "content": a.answer})
    return {"search": summary_ms(search_ms), "answer": summary_ms(answer_ms), "peak_rss_mib": peak_rss_mib()}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"), indent=2))
