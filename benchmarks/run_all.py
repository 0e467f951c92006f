"""Run every benchmark and write benchmarks/out/results.json (BENCHMARKS.md quotes these figures)."""

from __future__ import annotations

import json
import platform
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import bench_ingest, bench_load, bench_query, bench_startup
from benchmarks.common import OUT, ROOT


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    results = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "cpus": __import__("os").cpu_count(),
    }
    results["ingest"] = bench_ingest.main()
    results["query"] = bench_query.main(data)
    results["startup"] = bench_startup.main(data)
    results["load"] = bench_load.main(data)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
