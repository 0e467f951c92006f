"""The ``policy-assistant`` command: ingest, serve, ask, search, article, calc, rules, match, eval."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core.errors import PolicyInputError


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.config import get_settings
    from assistant.runtime import run_ingest

    report = run_ingest(get_settings(), progress=not args.json)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(
            f"索引完成：{report.chunks} 个分块，新嵌入 {report.embedded}，删除 {report.deleted}，用时 {report.seconds:.1f} 秒"
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.runtime import get_runtime

    if args.workers == 1:
        get_runtime(ensure_index=True)  # build the index before the port opens
    else:
        from assistant.config import get_settings
        from assistant.runtime import build_runtime

        build_runtime(get_settings(), ensure_index=True)
    print(
        f"policy-assistant: UI http://{args.host}:{args.port}/  API http://{args.host}:{args.port}/v1  "
        f"docs http://{args.host}:{args.port}/docs",
        flush=True,
    )
    if args.workers > 1:
        uvicorn.run(
            "assistant.api:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
        )
    else:
        from assistant.api import create_app

        uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.runtime import get_runtime

    answer = get_runtime().assistant.answer([{"role": "user", "content": args.question}])
    if args.json:
        _print_json(answer.model_dump())
    else:
        print(answer.answer)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.runtime import get_runtime

    hits = get_runtime().retriever.search(args.query, k=args.k)
    if args.json:
        _print_json([h.as_dict() for h in hits])
        return 0
    for i, h in enumerate(hits, 1):
        c = h.citation
        where = f"第{c.article}条" if c.article else f"第{c.item}项" if c.item else c.section
        print(f"{i}. [{c.doc_id}] {where}  ({h.score:.3f})  {c.section}")
        print(f"   {c.quote[:160]}")
    return 0


def cmd_article(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.citations import passage_citation
    from assistant.config import get_settings
    from assistant.references import ArticleLookup

    lookup = ArticleLookup.from_corpus(Path(get_settings().corpus_dir))
    passage = lookup.get(args.doc_id, args.number)
    if args.json:
        _print_json(passage_citation(passage).model_dump())
    else:
        print(f"[{passage.doc_id}] {passage.section}\n{passage.text}")
    return 0


def cmd_calc(args: argparse.Namespace) -> int:
    from calculators.registry import CALCULATORS, get_calculator, run_calculator

    if args.list or not args.name:
        if args.json:
            _print_json([s.as_dict() for s in CALCULATORS.values()])
        else:
            for spec in CALCULATORS.values():
                params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in spec.params)
                print(f"{spec.name}({params})\n    {spec.title}")
        return 0
    spec = get_calculator(args.name)
    arguments: dict[str, Any] = {}
    for pair in args.arg or []:
        key, _, value = pair.partition("=")
        arguments[key.strip()] = value
    amount_params = [p.name for p in spec.params if p.kind == "amount"]
    if args.amount is not None and amount_params:
        arguments.setdefault(amount_params[0], args.amount)
    from assistant.config import get_settings

    result = run_calculator(args.name, arguments, as_of=get_settings().as_of())
    if args.json:
        _print_json(result.as_dict())
        return 0
    from calculators.amounts import format_wan

    print(
        f"{result.title}：{'最高 ' if result.is_maximum else ''}{format_wan(result.amount_yuan)}（{result.amount_yuan} 元）"
    )
    for i, step in enumerate(result.steps, 1):
        c = step.citation
        where = f"第{c.article}条" if c.article else f"第{c.item}项"
        print(f"  {i}) {step.text}    [{c.doc_id} {where}]")
    for w in result.warnings:
        print(f"  ! {w}")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from calculators.catalogue import catalogue
    from calculators.describe import summary

    cat = catalogue()
    if args.json:
        _print_json([cat.rule_record(r) for r in cat])
        return 0
    for doc in cat.documents.values():
        rules = [r for r in cat if r.doc_id == doc.doc_id]
        if not rules:
            continue
        start, end = doc.valid_from, doc.valid_to
        term = f"{start or '—'} 至 {end or '—'}" if start or end else "原文未规定整体有效期"
        print(
            f"\n{doc.wenhao} {doc.short_title or doc.title_zh}（{doc.doc_id}，{len(rules)} 条规则，{term}）"
        )
        for r in rules:
            own = f"  [{cat.valid_from(r)} 至 {cat.valid_to(r)}]" if r.valid_to or r.valid_from else ""
            print(f"  {r.where_zh:<8}{r.id:<38}{r.kind:<20}{r.title_zh}：{summary(r)}{own}")
            print(
                f"  {'':<8}受益主体：{'、'.join(r.beneficiaries)}"
                + (f"；输入：{', '.join(i.name for i in r.inputs)}" if r.inputs else "")
            )
    print(f"\n共 {len(cat)} 条规则。`policy-assistant rules --json` 输出全部字段。")
    return 0


def _match_profile(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    profile: dict[str, Any] = {"beneficiaries": [], "inputs": {}}
    if args.profile:
        try:
            loaded = json.loads(Path(args.profile).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PolicyInputError(
                f"无法读取画像文件 {args.profile}：{exc}", f"Cannot read profile file {args.profile}: {exc}"
            ) from exc
        if not isinstance(loaded, dict):
            raise PolicyInputError(
                '画像文件须为 JSON 对象：{"beneficiaries": [...], "inputs": {...}}',
                'The profile file must be a JSON object: {"beneficiaries": [...], "inputs": {...}}',
            )
        profile["beneficiaries"] = list(loaded.get("beneficiaries") or [])
        profile["inputs"] = dict(loaded.get("inputs") or {})
    profile["beneficiaries"] += args.beneficiary or []
    for pair in args.input or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise PolicyInputError(
                f"输入“{pair}”格式应为 名称=金额，例如 base_yuan=2000万。",
                f"Input '{pair}' should be name=amount, e.g. base_yuan=2000万.",
            )
        profile["inputs"][key.strip()] = value.strip()
    return profile


def cmd_match(args: argparse.Namespace) -> int:
    from datetime import date

    from calculators.matching import match_policies

    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise PolicyInputError(
                f"日期“{args.as_of}”格式应为 YYYY-MM-DD。", f"Date '{args.as_of}' should be YYYY-MM-DD."
            ) from None
    else:
        from assistant.config import get_settings

        as_of = get_settings().as_of()
    report = match_policies(_match_profile(args), as_of=as_of, lang=args.lang)
    if args.json:
        _print_json(report.as_dict())
        return 0
    zh = args.lang == "zh"
    counts = report.counts()
    print(
        f"主体：{'、'.join(report.beneficiaries) or '—'}；截至 {report.as_of}：匹配 {counts['matched']} 项政策"
        f"（已算出 {counts['computed']}，定额 {counts['fixed']}，待补充金额 {counts['needs_input']}）"
        if zh
        else f"Beneficiaries: {', '.join(report.beneficiaries) or '—'}; as of {report.as_of}: "
        f"{counts['matched']} policies ({counts['computed']} computed, {counts['fixed']} fixed, "
        f"{counts['needs_input']} need an amount)"
    )
    for note in report.notices:
        print(f"! {note}")
    for i, m in enumerate(report.matches, 1):
        amount = (
            f"{'最高 ' if zh and m.is_maximum else 'up to ' if m.is_maximum else ''}{m.as_dict()['amount_display']}"
            if m.amount_yuan is not None
            else ("待补充：" if zh else "needs: ") + "、".join(f"{n['role']}（{n['key']}）" for n in m.needs)
        )
        expired = m.validity["expired"]
        print(f"\n{i}. {m.title}  {m.wenhao} {m.where}  {amount}")
        print(f"   {m.summary}")
        for check in m.to_qualify:
            mark = {"met": "✓", "not_met": "✗", "to_confirm": "?"}[check.status]
            print(f"   {mark} {check.text}")
        if expired or m.validity["not_yet_in_force"]:
            print(f"   ! {m.validity['note']}")
    return 0


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


def cmd_mcp(args: argparse.Namespace) -> int:
    from assistant.mcp_server import run_stdio

    run_stdio()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policy-assistant", description="大连科技政策助手 / Dalian policy assistant"
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("ingest", help="build or update the index")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ingest)
    s = sub.add_parser("serve", help="API and web UI on one port")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--workers", type=int, default=1)
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("mcp", help="the policy tools as an MCP server over stdio")
    s.set_defaults(func=cmd_mcp)
    s = sub.add_parser("ask", help="answer one question")
    s.add_argument("question")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ask)
    s = sub.add_parser("search", help="retrieval hits with citations")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)
    s = sub.add_parser("article", help="one article or item, verbatim")
    s.add_argument("doc_id")
    s.add_argument("number", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_article)
    s = sub.add_parser("calc", help="run a calculator")
    s.add_argument("name", nargs="?")
    s.add_argument("--list", action="store_true")
    s.add_argument("--amount")
    s.add_argument("--arg", action="append", help="extra argument as key=value")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_calc)
    s = sub.add_parser("rules", help="the rules catalogue")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_rules)
    s = sub.add_parser("match", help="policy matching (政策匹配) for a profile")
    s.add_argument("--beneficiary", action="append", help="entity type, e.g. 高新技术企业 or 担保公司")
    s.add_argument(
        "--input", action="append", help="name=amount, e.g. base_yuan=2000万 or <rule_id>.base_yuan=2000万"
    )
    s.add_argument("--profile", help='JSON file {"beneficiaries": [...], "inputs": {...}}')
    s.add_argument("--as-of", help="YYYY-MM-DD (default: POLICY_TODAY or today)")
    s.add_argument("--lang", choices=("zh", "en"), default="zh")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_match)
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except PolicyInputError as exc:
        lang = (
            "en"
            if args.command in ("ask", "search")
            and not any(
                "\u4e00" <= ch <= "\u9fff"
                for ch in str(getattr(args, "question", getattr(args, "query", "")))
            )
            else "zh"
        )
        if getattr(args, "json", False):
            _print_json({"error": exc.message(lang), "detail": exc.detail})
        # the message always reaches stderr, so a script reading only the JSON still sees why it failed
        print(
            f"错误：{exc.message(lang)}" if lang == "zh" else f"error: {exc.message(lang)}",
            file=sys.stderr,
        )
        return 2
    except Exception as exc:  # a clear message instead of a stack trace for setup problems
        from assistant.config import ConfigError
        from assistant.retrieval import IndexNotReadyError

        if isinstance(exc, ConfigError | IndexNotReadyError):
            print(str(exc), file=sys.stderr)
            return 3
        raise


if __name__ == "__main__":
    raise SystemExit(main())
