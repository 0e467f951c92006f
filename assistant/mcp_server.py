"""The policy tools as an MCP server (official MCP Python SDK): over stdio and mounted at ``/mcp``.

Tools are generated, not listed: ``search_policy`` and ``get_article`` over the corpus, and one
tool per calculator in ``calculators.registry.CALCULATORS`` with the calculator's own parameters.
Every result carries its citations (``doc_id``, article or item, verbatim ``quote`` and offsets).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field

from assistant.calculator_tools import tool_description, typed_function
from assistant.runtime import Runtime
from assistant.tools import ToolBox
from calculators.registry import CALCULATORS
from core.errors import PolicyInputError


def instructions() -> str:
    """What the server is for; document numbers come from the catalogue."""
    from calculators.catalogue import catalogue

    wenhao = ", ".join(d.wenhao for d in catalogue().documents.values())
    return (
        f"Tools over four Dalian science-and-technology policy documents ({wenhao}). Amounts come only "
        "from the calculator tools; quote each result's citations (文号 + 第N条 / 第N项) and pass on "
        "its warnings, which say whether the provision is still in force."
    )


def _tool_error(exc: PolicyInputError) -> Exception:
    from mcp.server.mcpserver.exceptions import ToolError

    message = exc.message_zh if exc.message_en == exc.message_zh else f"{exc.message_zh} / {exc.message_en}"
    return ToolError(message)


def build_mcp_server(runtime: Callable[[], Runtime]) -> Any:
    """An ``MCPServer`` whose tools use the runtime ``runtime()`` returns at call time."""
    from mcp.server.mcpserver import MCPServer

    server = MCPServer(
        name="policy-assistant",
        instructions=instructions(),
        log_level="WARNING",  # the SDK configures root logging; keep the API's logs as they are
    )

    def toolbox() -> ToolBox:
        rt = runtime()
        return ToolBox(rt.retriever, rt.settings.as_of())

    def search_policy(
        query: Annotated[str, Field(description="检索内容，如“孵化器补助”或“第四十七条”")],
        k: Annotated[int, Field(ge=1, le=20, description="返回条数")] = 5,
    ) -> dict[str, Any]:
        """在四份大连科技政策文件中检索条款；每条结果带原文引用（citation）。"""
        try:
            result = toolbox().search(query, k=k)
        except PolicyInputError as exc:
            raise _tool_error(exc) from None
        return {"query": query, "hits": [h.as_dict() for h in result], "warnings": result.warnings}

    def get_article(
        doc_id: Annotated[
            str,
            Field(description="measures-2017-52 | opinions-2017-31 | guide-2017-118 | plan-2017-119"),
        ],
        number: Annotated[int, Field(description="measures-2017-52 为第N条，其余文件为第N项")],
    ) -> dict[str, Any]:
        """按编号取一条（第N条）或一项（第N项）的原文，带引用。"""
        try:
            citation = toolbox().get_article(doc_id, number)
        except PolicyInputError as exc:
            raise _tool_error(exc) from None
        except KeyError:
            raise _tool_error(PolicyInputError(f"未知文件“{doc_id[:64]}”。", "Unknown document.")) from None
        return {"citation": citation, "text": citation["quote"]}

    server.add_tool(search_policy)
    server.add_tool(get_article)

    for spec in CALCULATORS.values():

        def calculate(arguments: dict[str, Any], name: str = spec.name) -> dict[str, Any]:
            tools = toolbox()
            try:
                tools.calculate(name, arguments)
            except PolicyInputError as exc:
                raise _tool_error(exc) from None
            return tools.calls[-1].result  # the result with "citations" for every step

        server.add_tool(
            typed_function(spec, calculate),
            name=spec.name,
            title=spec.title,
            description=tool_description(spec),
        )

    add_match_tool(server, runtime)
    return server


def add_match_tool(server: Any, runtime: Callable[[], Runtime]) -> None:
    """``match_policies`` (政策匹配): the same report as ``POST /v1/match``."""
    from calculators.matching import match_policies as match_profile

    def match_policies(
        beneficiaries: Annotated[
            list[str], Field(description="申请主体类型，见 policy-assistant rules --json")
        ],
        inputs: Annotated[
            dict[str, float | int | str] | None, Field(description="已知金额，键为规则的输入名")
        ] = None,
    ) -> dict[str, Any]:
        """政策匹配：按主体类型与已知金额列出可申请的每条政策、金额或所缺信息、条件、引用与有效期。"""
        try:
            result = match_profile(
                {"beneficiaries": beneficiaries, "inputs": inputs or {}}, as_of=runtime().settings.as_of()
            )
        except PolicyInputError as exc:
            raise _tool_error(exc) from None
        return result.as_dict()

    server.add_tool(match_policies)


def run_stdio() -> None:
    """``policy-assistant mcp``: the same tools over stdin/stdout for a local agent client."""
    from assistant.runtime import get_runtime

    get_runtime(ensure_index=True)  # build or load the index before the client's first call
    build_mcp_server(lambda: get_runtime(ensure_index=False)).run("stdio")
