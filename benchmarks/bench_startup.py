"""Startup to ready (/healthz 200) with an existing index and with none (index built at start)."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT
from tests.servers import policy_server


def time_to_ready(data_dir: Path) -> float:
    started = time.perf_counter()
    with policy_server({"POLICY_DATA_DIR": str(data_dir)}, timeout=600):
        return round(time.perf_counter() - started, 2)


def main(existing: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        no_index = time_to_ready(fresh)
        shutil.rmtree(fresh, ignore_errors=True)
    return {"ready_with_index_s": time_to_ready(existing), "ready_without_index_s": no_index}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"), indent=2))
