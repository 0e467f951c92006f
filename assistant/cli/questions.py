"""Asking the documents: ``ask`` (an answer), ``search`` (retrieval hits), ``article`` (one article, verbatim)."""

from __future__ import annotations

import argparse

from assistant.cli.output import print_json


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.runtime import get_runtime

    answer = get_runtime().assistant.answer([{"role": "user", "content": args.question}])
    if args.json:
        print_json(answer.model_dump())
    else:
        print(answer.answer)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from assistant.runtime import get_runtime

    hits = get_runtime().retriever.search(args.query, k=args.k)
    if args.json:
        print_json([h.as_dict() for h in hits])
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
        print_json(passage_citation(passage).model_dump())
    else:
        print(f"[{passage.doc_id}] {passage.section}\n{passage.text}")
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``ask``, ``search`` and ``article`` subcommands, with their arguments."""
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
