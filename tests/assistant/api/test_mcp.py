"""The MCP server, through the MCP SDK's own client: in process, over streamable HTTP at /mcp,
and over stdio as `policy-assistant mcp`."""

import asyncio
import os
import sys

import pytest
from mcp import Client, StdioServerParameters

from assistant.config import Settings
from assistant.mcp_server import build_mcp_server
from assistant.runtime import Runtime
from calculators.registry import CALCULATORS
from tests.conftest import CORPUS, TODAY


async def check_equity_reward(client: Client) -> None:
    names = {t.name for t in (await client.list_tools()).tools}
    assert {"search_policy", "get_article", *CALCULATORS} <= names
    result = await client.call_tool(
        "equity_investment_reward", {"amount_yuan": 20_000_000, "prior_rewards_yuan": 0}
    )
    assert not result.is_error
    body = result.structured_content
    assert body["amount_yuan"] == "450000.00" and body["amount_display"] == "45万元"
    assert any(c["article"] == 47 and c["section"].endswith("第四十七条") for c in body["citations"])


@pytest.fixture
def runtime(fake_retriever, fake_assistant, tmp_path):
    settings = Settings(data_dir=tmp_path, corpus_dir=CORPUS, embedder="fake", today=TODAY)
    return Runtime(settings, fake_retriever.embedder, fake_retriever.store, fake_retriever, fake_assistant)


def test_tools_come_from_the_registry_with_their_parameters(runtime):
    async def run():
        async with Client(build_mcp_server(lambda: runtime)) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            for spec in CALCULATORS.values():
                schema = tools[spec.name].input_schema
                assert set(schema["properties"]) == {p.name for p in spec.params}
                assert set(schema.get("required", [])) == {p.name for p in spec.params if p.required}
            await check_equity_reward(client)

    asyncio.run(run())


def test_search_and_article_carry_citations_and_bad_input_is_a_tool_error(runtime):
    async def run():
        async with Client(build_mcp_server(lambda: runtime)) as client:
            hits = (
                await client.call_tool("search_policy", {"query": "第二十三条", "k": 2})
            ).structured_content
            assert hits["hits"][0]["citation"]["article"] == 23
            article = (
                await client.call_tool("get_article", {"doc_id": "guide-2017-118", "number": 26})
            ).structured_content
            assert article["citation"]["item"] == 26 and article["text"] == article["citation"]["quote"]
            bad = await client.call_tool("equity_investment_reward", {"amount_yuan": "-5"})
            assert bad.is_error and "负数" in bad.content[0].text
            unknown = await client.call_tool("get_article", {"doc_id": "measures-2017-52", "number": 99})
            assert unknown.is_error

    asyncio.run(run())


def test_mounted_at_mcp_over_streamable_http(live_server):
    async def run():
        async with Client(f"{live_server}/mcp") as client:
            await check_equity_reward(client)

    asyncio.run(run())


def test_policy_assistant_mcp_over_stdio(live_server, live_env):
    # The live server has built the index in live_env's data dir; the stdio server loads it.
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "assistant.cli", "mcp"],
        env={**os.environ, **live_env},
    )

    async def run():
        async with Client(params) as client:
            await check_equity_reward(client)

    asyncio.run(run())
