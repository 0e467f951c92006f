"""The ``policy-assistant`` command: ingest, serve, ask, search, article, calc, rules, match, eval.

This module builds the parser and turns errors into exit codes; the subcommands live in ``service``,
``questions``, ``catalogue`` and ``quality``."""

from __future__ import annotations

import argparse
import sys

from assistant.cli import catalogue, quality, questions, service
from assistant.cli.output import print_json
from core.errors import PolicyInputError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policy-assistant", description="大连科技政策助手 / Dalian policy assistant"
    )
    sub = p.add_subparsers(dest="command", required=True)
    service.add_commands(sub)
    questions.add_commands(sub)
    catalogue.add_commands(sub)
    quality.add_commands(sub)
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
            print_json({"error": exc.message(lang), "detail": exc.detail})
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


__all__ = ["build_parser", "main"]
