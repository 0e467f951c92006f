"""The rules catalogue at the terminal: ``calc`` (one calculator), ``rules`` (the catalogue), ``match`` (政策匹配)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from assistant.cli.output import print_json
from core.errors import PolicyInputError


def cmd_calc(args: argparse.Namespace) -> int:
    from calculators.registry import CALCULATORS, get_calculator, run_calculator

    if args.list or not args.name:
        if args.json:
            print_json([s.as_dict() for s in CALCULATORS.values()])
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
        print_json(result.as_dict())
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
        print_json([cat.rule_record(r) for r in cat])
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
        print_json(report.as_dict())
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


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``calc``, ``rules`` and ``match`` subcommands, with their arguments."""
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
