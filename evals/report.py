"""What the eval shows: the terminal table and the Markdown report with its pass-rate chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.scoring import CaseResult

REPORTS = Path(__file__).resolve().parent / "reports"


def table(summary: dict[str, Any]) -> str:
    lines = [f"{'category':<16}{'cases':>7}{'pass':>9}"]
    for cat, s in summary["per_category"].items():
        lines.append(f"{cat:<16}{s['cases']:>7}{s['pass_rate']:>9.1%}")
    lines.append(f"{'overall':<16}{summary['cases']:>7}{summary['pass_rate']:>9.1%}")
    lines.append(
        f"wrong computed amounts: {summary['wrong_amounts']}   "
        f"untraceable numbers: {summary['untraced_numbers']}   citation recall {summary['citation_recall']:.3f}"
        f"   precision {summary['citation_precision']:.3f}   latency p50 {summary['latency_ms']['p50']} ms"
        f" p95 {summary['latency_ms']['p95']} ms"
    )
    return "\n".join(lines)


def svg_chart(series: dict[str, dict[str, float]]) -> str:
    """A small grouped bar chart of pass rate per category (no plotting dependency needed)."""
    cats = sorted({c for s in series.values() for c in s})
    colors = ["#2f6fb0", "#c0504d", "#9bbb59"]
    bar, gap, height = 14, 12, 220
    width = 60 + len(cats) * (len(series) * bar + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 90}" font-size="10">',
        f'<line x1="50" y1="{height}" x2="{width}" y2="{height}" stroke="#333"/>',
    ]
    for t in (0, 0.5, 1.0):
        y = height - t * (height - 20)
        parts.append(f'<text x="10" y="{y + 3}">{int(t * 100)}%</text>')
    x = 60
    for cat in cats:
        for k, (_name, s) in enumerate(series.items()):
            v = s.get(cat, 0.0)
            h = v * (height - 20)
            parts.append(
                f'<rect x="{x + k * bar}" y="{height - h}" width="{bar - 2}" height="{h}" '
                f'fill="{colors[k % 3]}"/>'
            )
        parts.append(f'<text x="{x}" y="{height + 14}" transform="rotate(35 {x},{height + 14})">{cat}</text>')
        x += len(series) * bar + gap
    for k, name in enumerate(series):
        parts.append(
            f'<rect x="{60 + k * 140}" y="{height + 70}" width="10" height="10" fill="{colors[k % 3]}"/>'
            f'<text x="{75 + k * 140}" y="{height + 79}">{name}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def write_report(
    summary: dict[str, Any],
    results: list[CaseResult],
    baseline: dict[str, Any] | None,
    retrieval: dict[str, Any] | None = None,
) -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    series = {"policy-assistant": {c: s["pass_rate"] for c, s in summary["per_category"].items()}}
    if baseline:
        series["naive baseline"] = {c: s["pass_rate"] for c, s in baseline["per_category"].items()}
    (REPORTS / "pass_rate.svg").write_text(svg_chart(series), encoding="utf-8")
    lines = [
        "# Eval report",
        "",
        "![pass rate per category](pass_rate.svg)",
        "",
        "| category | cases | policy-assistant | naive baseline |",
        "| --- | ---: | ---: | ---: |",
    ]
    for cat, s in summary["per_category"].items():
        b = baseline["per_category"].get(cat, {}).get("pass_rate") if baseline else None
        lines.append(f"| {cat} | {s['cases']} | {s['pass_rate']:.1%} | {'' if b is None else f'{b:.1%}'} |")
    base_overall = f"{baseline['pass_rate']:.1%}" if baseline else ""
    lines.append(f"| **overall** | {summary['cases']} | **{summary['pass_rate']:.1%}** | {base_overall} |")
    lines += [
        "",
        f"- untraceable numbers: {summary['untraced_numbers']}",
        f"- citation recall {summary['citation_recall']:.3f}, precision {summary['citation_precision']:.3f}",
        f"- latency p50 {summary['latency_ms']['p50']} ms, p95 {summary['latency_ms']['p95']} ms (in-process)",
        "",
    ]
    if retrieval:
        lines += [
            "## Retrieval gold set",
            "",
            "| document | n | hit@1 | hit@5 | MRR |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name, m in [("overall", retrieval["overall"]), *retrieval["per_doc"].items()]:
            lines.append(f"| {name} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['mrr']:.3f} |")
        lines.append("")
    failures = [r for r in results if not r.passed]
    lines.append(f"## Failures ({len(failures)})")
    for r in failures:
        lines += [
            "",
            f"### {r.id} ({r.category})",
            "",
            *[f"- {p}" for p in r.problems],
            "",
            "```",
            r.answer[:800],
            "```",
        ]
    path = REPORTS / "latest.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
