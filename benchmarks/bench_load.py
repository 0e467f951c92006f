"""Load test against `policy-assistant serve` on loopback: N concurrent clients, M /v1/chat requests.

Bounded in count and time; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, proc_peak_rss_mib, summary_ms
from tests.servers import policy_server

QUESTIONS = [
    "我们基金投了2000万，能拿多少奖励？",
    "技术合同300万元，企业和高校各能拿多少？",
    "国家级孵化器补多少",
    "第四十七条",
    "科技创新券怎么申请",
    "这个政策现在还有效吗？",
    "我们是高新技术企业，能申请哪些支持？",
    "指南里氢能方向重点突破哪些技术",
    "投贷联动业务贷款3000万，补贴多少",
    "三年行动计划第8项",
]


def question(i: int, vary: bool) -> str:
    """The i-th request's question; with ``vary`` every amount differs per request, so no cache of
    query embeddings or rankings can answer it from an earlier request."""
    q = QUESTIONS[i % len(QUESTIONS)]
    return re.sub(r"(\d+)万", lambda m: f"{int(m.group(1)) + i}万", q) if vary else q


async def run_load(url: str, clients: int, total: int, time_limit_s: float, vary: bool = False) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = iter(range(total))
    deadline = time.monotonic() + time_limit_s

    async def client_loop(client: httpx.AsyncClient) -> None:
        for i in counter:
            if time.monotonic() > deadline:
                return
            body = {"messages": [{"role": "user", "content": question(i, vary)}]}
            t = time.perf_counter()
            try:
                r = await client.post("/v1/chat", json=body)
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            latencies.append((time.perf_counter() - t) * 1000)

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "latency": summary_ms(latencies),
        "errors": errors,
    }


def main(
    data_dir: Path, clients: int = 20, total: int = 2000, time_limit_s: float = 600, vary: bool = False
) -> dict:
    started = time.perf_counter()
    with policy_server({"POLICY_DATA_DIR": str(data_dir), "POLICY_TODAY": "2026-11-26"}, timeout=300) as (
        url,
        proc,
    ):
        ready_s = round(time.perf_counter() - started, 2)
        result = asyncio.run(run_load(url, clients, total, time_limit_s, vary))
        result["amounts_vary_per_request"] = vary
        result["startup_to_ready_s"] = ready_s
        result["server_peak_rss_mib"] = proc_peak_rss_mib(proc.pid)
    return result


if __name__ == "__main__":
    vary = "--vary" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--vary"]
    numbers = [int(a) for a in args[1:3]]
    print(json.dumps(main(Path(args[0]) if args else ROOT / "data", *numbers, vary=vary), indent=2))
