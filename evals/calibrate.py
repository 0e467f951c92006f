"""Calibrate the rule decision on the development set: for every case that expects a calculator,
the score of the best rule the calculator computes against the best other rule.

    python -m evals.calibrate            # print the table and the separation it implies
Only evals/conversations.jsonl (the development set) is read: the held-out set never tunes anything.
"""

from __future__ import annotations

import json
import sys

from assistant.runtime import get_runtime
from assistant.understanding.mentions import read_mentions
from assistant.understanding.ranking import rank
from calculators.registry import call_for
from evals.runner import DATASET, load_cases


def main() -> int:
    rt = get_runtime()
    index = rt.assistant.rule_index
    rows = []
    for case in load_cases(DATASET):
        calc = case["expect"].get("calculator")
        if not calc or len(case["turns"]) != 1:
            continue
        text = case["turns"][0]
        hits = rank(index, text, read_mentions(text))
        good = [h for h in hits if call_for(h.rule, {i.name: 1 for i in h.rule.inputs})[0] == calc]
        bad = [h for h in hits if h not in good]
        g = good[0].score if good else 0.0
        b = bad[0].score if bad else 0.0
        rows.append(
            (g - b, g, b, case["id"], text, good[0].rule.id if good else "-", bad[0].rule.id if bad else "-")
        )
    rows.sort()
    for margin, g, b, cid, text, gid, bid in rows:
        print(f"{margin:+.2f} good {g:.2f} ({gid}) bad {b:.2f} ({bid})  {cid}: {text[:50]}")
    ok = [r for r in rows if r[0] > 0]
    # Questions that are not about a rule (lookups, declines): how high does the best rule score?
    others = []
    for case in load_cases(DATASET):
        if case["expect"].get("calculator") or len(case["turns"]) != 1:
            continue
        text = case["turns"][0]
        hits = rank(index, text, read_mentions(text))
        if hits:
            others.append((hits[0].score, case["id"], text, hits[0].rule.id))
    others.sort(reverse=True)
    print("\nnot about a rule, highest first:")
    for score, cid, text, rid in others[:15]:
        print(f"{score:.2f} ({rid})  {cid}: {text[:50]}")
    goods = sorted(r[1] for r in ok)
    print(
        json.dumps(
            {
                "cases": len(rows),
                "separated": len(ok),
                "good_scores_p10": goods[len(goods) // 10] if goods else None,
                "min_good": goods[0] if goods else None,
                "others_p90": sorted(o[0] for o in others)[int(len(others) * 0.9)] if others else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
