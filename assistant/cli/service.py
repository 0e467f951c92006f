"""Running the assistant: ``ingest`` (build the index), ``serve`` (API and web UI), ``mcp`` (tools over stdio)."""

from __future__ import annotations

import argparse

from assistant.cli.output import print_json


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.config import get_settings
    from assistant.runtime import run_ingest

    report = run_ingest(get_settings(), progress=not args.json)
    if args.json:
        print_json(report.as_dict())
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


def cmd_mcp(args: argparse.Namespace) -> int:
    from assistant.mcp_server import run_stdio

    run_stdio()
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``ingest``, ``serve`` and ``mcp`` subcommands, with their arguments."""
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
