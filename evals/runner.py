"""The conversation eval: runs a dataset through an answerer, sums up the scores, checks the thresholds."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.answerers import Answerer, baseline_answerer, http_answerer, in_process_answerer
from evals.report import table, write_report
from evals.scoring import CaseResult, normalize_case, provenance_check, score_case

HERE = Path(__file__).resolve().parent
DATASET = HERE / "conversations.jsonl"  # the development set: engine changes are tuned on it
HELDOUT = HERE / "heldout.jsonl"  # written blind from the documents (../shared/HELDOUT.md); never tuned on
THRESHOLDS = HERE / "thresholds.toml"


def load_cases(path: Path = DATASET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_cases(
    cases: list[dict[str, Any]],
    answerer: Answerer,
    provenance: Callable[[dict[str, Any], list[dict[str, str]]], list[str]],
) -> list[CaseResult]:
    results = []
    for case in map(normalize_case, cases):
        messages: list[dict[str, str]] = [dict(m) for m in case["history"]]
        body: dict[str, Any] = {}
        latency = 0.0
        for turn in case["turns"]:
            messages.append({"role": "user", "content": turn})
            started = time.perf_counter()
            body = answerer(messages)
            latency = (time.perf_counter() - started) * 1000
            messages.append({"role": "assistant", "content": body.get("answer", "")})
        untraced = provenance(body, messages[:-1])
        results.append(score_case(case, body, latency, untraced))
    return results


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    by_cat: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_cat[r.category].append(r)
    lat = sorted(r.latency_ms for r in results)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

    return {
        "cases": len(results),
        "pass_rate": round(sum(r.passed for r in results) / max(len(results), 1), 4),
        "per_category": {
            c: {"cases": len(rs), "pass_rate": round(sum(r.passed for r in rs) / len(rs), 4)}
            for c, rs in sorted(by_cat.items())
        },
        "untraced_numbers": sum(len(r.untraced) for r in results),
        "wrong_amounts": sum(r.wrong_amount for r in results),
        "citation_recall": round(statistics.mean(r.citation_recall for r in results), 4) if results else 0,
        "citation_precision": round(statistics.mean(r.citation_precision for r in results), 4)
        if results
        else 0,
        "latency_ms": {"p50": round(statistics.median(lat), 1) if lat else 0, "p95": pct(0.95)},
    }


def check_thresholds(summary: dict[str, Any], path: Path = THRESHOLDS) -> list[str]:
    limits = tomllib.loads(path.read_text(encoding="utf-8"))
    broken = []
    if summary["pass_rate"] < limits["pass_rate"]:
        broken.append(f"pass rate {summary['pass_rate']} < {limits['pass_rate']}")
    calc = summary["per_category"].get("calculation", {}).get("pass_rate", 1.0)
    if calc < limits["calculation_pass_rate"]:
        broken.append(f"calculation pass rate {calc} < {limits['calculation_pass_rate']}")
    if summary["untraced_numbers"] > limits["max_untraced_numbers"]:
        broken.append(f"{summary['untraced_numbers']} untraceable numbers")
    return broken


def main(args: argparse.Namespace) -> int:
    cases = load_cases(Path(args.dataset) if getattr(args, "dataset", None) else DATASET)
    rt = None
    if getattr(args, "base_url", None):
        answerer = http_answerer(args.base_url)
    else:
        from assistant.runtime import get_runtime

        rt = get_runtime()
        answerer = in_process_answerer(rt)
    results = run_cases(cases, answerer, provenance_check)
    summary = summarise(results)
    baseline = None
    if getattr(args, "baseline", False) and rt is not None:
        baseline = summarise(run_cases(cases, baseline_answerer(rt), lambda b, m: []))
    broken = check_thresholds(summary)
    retrieval = None
    if getattr(args, "retrieval", False) and rt is not None:
        from evals.retrieval import evaluate_retriever, load_gold

        retrieval, _ = evaluate_retriever(rt.retriever, load_gold())
    if getattr(args, "report", False):
        write_report(summary, results, baseline, retrieval)
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "summary": summary,
                    "baseline": baseline,
                    "retrieval": retrieval,
                    "thresholds_broken": broken,
                    "failures": [r.__dict__ for r in results if not r.passed],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(table(summary))
        if baseline:
            print("\nnaive baseline (fixed 500-char chunks, dense only, top passage as the answer):")
            print(table(baseline))
        if retrieval:
            print("\nretrieval:", json.dumps(retrieval, ensure_ascii=False))
        for r in results:
            if not r.passed:
                print(f"\nFAIL {r.id} [{r.category}]: {'; '.join(r.problems)}\n  {r.answer[:300]!r}")
        if broken:
            print("\nTHRESHOLDS BROKEN: " + "; ".join(broken), file=sys.stderr)
    return 1 if broken else 0
