"""How good the answers are: users' 👎 feedback exported as eval cases, and the eval suite."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def feedback_case(row: dict[str, Any]) -> dict[str, Any]:
    """A 👎 answer as an eval-case skeleton in the conversations.jsonl shape; a maintainer fills in ``expect``."""
    return {
        "id": f"feedback-{row['id']}",
        "category": "feedback",
        "turns": list(row.get("turns") or [row["question"]]),
        "expect": {
            "amounts_yuan": [],
            "citations": [],
            "calculator": None,
            "decline": False,
            "must_contain": [],
            "must_not_contain": [],
        },
        "feedback": {
            "answer": row["answer"],
            "comment": row.get("comment", ""),
            "citations": row.get("citations", []),
            "rated_at": row.get("updated_at") or row.get("created_at"),
        },
    }


def cmd_feedback(args: argparse.Namespace) -> int:
    from assistant.config import get_settings
    from assistant.feedback import FeedbackStore

    rows = FeedbackStore(get_settings().feedback_db_url).entries(rating=-1, limit=100_000)
    lines = [json.dumps(feedback_case(r), ensure_ascii=False, default=str) for r in reversed(rows)]
    text = "".join(line + "\n" for line in lines)
    if args.output:
        from pathlib import Path

        Path(args.output).write_text(text, encoding="utf-8")
        print(f"已写出 {len(lines)} 条 👎 反馈 → {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.runner import main as eval_main

    return eval_main(args)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``feedback export`` and ``eval`` subcommands, with their arguments."""
    s = sub.add_parser("feedback", help="feedback from users")
    fb = s.add_subparsers(dest="feedback_command", required=True)
    s = fb.add_parser("export", help="👎 answers as eval-case skeletons (question, answer, comment)")
    s.add_argument("--jsonl", action="store_true", help="one JSON object per line (the only format)")
    s.add_argument("-o", "--output", help="write to this file instead of standard output")
    s.set_defaults(func=cmd_feedback)
    s = sub.add_parser("eval", help="run the eval suite")
    s.add_argument("--dataset")
    s.add_argument("--base-url")
    s.add_argument("--json", action="store_true")
    s.add_argument("--baseline", action="store_true", help="also score the naive baseline")
    s.add_argument("--retrieval", action="store_true", help="also run the retrieval metrics")
    s.add_argument("--report", action="store_true", help="write the Markdown report under evals/reports/")
    s.set_defaults(func=cmd_eval)
