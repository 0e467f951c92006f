"""LLM mode without any real model: a scripted chat model for the tool loop, and a tiny local
OpenAI-compatible HTTP server so that the real langchain-openai client path runs."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from langchain_core.messages import AIMessage

from assistant.config import Settings
from assistant.llm import LLMAnswerer, ScriptedChatModel, answer_with_optional_llm
from assistant.runtime import Runtime
from tests.conftest import CORPUS, TODAY

QUESTION = [{"role": "user", "content": "我们基金投了2000万，能拿多少奖励？"}]


@pytest.fixture
def runtime(fake_retriever, fake_assistant, tmp_path):
    settings = Settings(data_dir=tmp_path, corpus_dir=CORPUS, embedder="fake", today=TODAY)
    return Runtime(settings, fake_retriever.embedder, fake_retriever.store, fake_retriever, fake_assistant)


def tool_call(name, args, id_="call_1"):
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": id_, "type": "tool_call"}])


def test_tool_call_then_final_answer(runtime):
    model = ScriptedChatModel(
        [
            tool_call("equity_investment_reward", {"amount_yuan": "2000万"}),
            AIMessage(
                content="按第四十七条，管理机构可获奖励45万元（500万×4%=20万，500万×2%=10万，1000万×1.5%=15万）。"
            ),
        ]
    )
    answer = LLMAnswerer(runtime, model).answer(QUESTION)
    assert answer.answer.startswith("按第四十七条")
    assert [tc.name for tc in answer.tool_calls] == ["equity_investment_reward"]
    assert any(c.article == 47 for c in answer.citations)
    assert not any("确定性回答" in w for w in answer.warnings)


def test_invented_number_is_retried_then_replaced(runtime):
    model = ScriptedChatModel(
        [
            tool_call("equity_investment_reward", {"amount_yuan": "2000万"}),
            AIMessage(content="管理机构可获奖励52万元。"),
            AIMessage(content="抱歉，应为53万元。"),
        ]
    )
    answer = LLMAnswerer(runtime, model).answer(QUESTION)
    assert "45万元" in answer.answer and "52万" not in answer.answer
    assert any("无法溯源" in w for w in answer.warnings)
    retry_prompt = model.seen[-1][-1].content
    assert "52万" in retry_prompt


def test_retry_that_fixes_the_number_is_accepted(runtime):
    model = ScriptedChatModel(
        [
            tool_call("equity_investment_reward", {"amount_yuan": "2000万"}),
            AIMessage(content="管理机构可获奖励52万元。"),
            AIMessage(content="管理机构可获奖励45万元。"),
        ]
    )
    answer = LLMAnswerer(runtime, model).answer(QUESTION)
    assert answer.answer == "管理机构可获奖励45万元。"


def test_endpoint_error_falls_back(runtime):
    answer = LLMAnswerer(runtime, ScriptedChatModel([ConnectionError("down")])).answer(QUESTION)
    assert "45万元" in answer.answer
    assert any("大模型服务不可用" in w for w in answer.warnings)


class FakeOpenAI(BaseHTTPRequestHandler):
    script: ClassVar[list] = []
    delay = 0.0

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        json.loads(self.rfile.read(length) or b"{}")
        time.sleep(self.delay)
        reply = FakeOpenAI.script.pop(0)
        if reply == "garbage":
            body = b"<html>not json</html>"
        else:
            body = json.dumps(
                {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "fake",
                    "choices": [{"index": 0, "message": reply, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
            ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_openai():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def llm_runtime(runtime, url, timeout=5.0):
    settings = runtime.settings.model_copy(
        update={"llm_base_url": url, "llm_model": "fake", "llm_timeout": timeout}
    )
    return Runtime(settings, runtime.embedder, runtime.store, runtime.retriever, runtime.assistant)


def test_real_openai_client_path(runtime, fake_openai):
    FakeOpenAI.delay = 0.0
    FakeOpenAI.script = [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {
                        "name": "equity_investment_reward",
                        "arguments": json.dumps({"amount_yuan": "2000万"}),
                    },
                }
            ],
        },
        {"role": "assistant", "content": "按第四十七条计算，奖励为45万元。"},
    ]
    answer = answer_with_optional_llm(llm_runtime(runtime, fake_openai), QUESTION)
    assert answer.answer == "按第四十七条计算，奖励为45万元。"
    assert answer.tool_calls[0].name == "equity_investment_reward"


def test_real_client_bad_number_is_caught(runtime, fake_openai):
    FakeOpenAI.delay = 0.0
    FakeOpenAI.script = [
        {"role": "assistant", "content": "奖励为99万元。"},
        {"role": "assistant", "content": "奖励为98万元。"},
    ]
    answer = answer_with_optional_llm(llm_runtime(runtime, fake_openai), QUESTION)
    assert "45万元" in answer.answer and "99万" not in answer.answer


def test_real_client_timeout_and_garbage_fall_back_in_bounded_time(runtime, fake_openai):
    FakeOpenAI.delay = 2.0
    FakeOpenAI.script = [{"role": "assistant", "content": "slow"}] * 3
    started = time.monotonic()
    answer = answer_with_optional_llm(llm_runtime(runtime, fake_openai, timeout=0.5), QUESTION)
    assert time.monotonic() - started < 10
    assert "45万元" in answer.answer and any("大模型服务不可用" in w for w in answer.warnings)
    FakeOpenAI.delay = 0.0
    FakeOpenAI.script = ["garbage"]
    answer = answer_with_optional_llm(llm_runtime(runtime, fake_openai), QUESTION)
    assert "45万元" in answer.answer and any("大模型服务不可用" in w for w in answer.warnings)


def test_every_calculator_is_offered_to_the_model(runtime):
    from assistant.llm import _tools
    from assistant.tools import ToolBox
    from calculators.registry import CALCULATORS

    names = {t.name for t in _tools(ToolBox(runtime.retriever, TODAY))}
    assert set(CALCULATORS) <= names
    assert {"search_policy", "get_article"} <= names
