"""Bodies over POLICY_MAX_REQUEST_BYTES get 413 JSON however they are sent, chunked included."""

import json

import httpx
import pytest

from tests.conftest import make_test_app
from tests.servers import live_app

LIMIT = 4_000


@pytest.fixture(scope="module")
def url(fake_retriever, fake_assistant, tmp_path_factory):
    app, _ = make_test_app(
        fake_retriever, fake_assistant, tmp_path_factory.mktemp("limit"), max_request_bytes=LIMIT
    )
    with live_app(app) as base:
        yield base


def _chunks(payload: bytes, size: int = 1024):
    for i in range(0, len(payload), size):
        yield payload[i : i + size]


def _chat_body(question: str) -> bytes:
    return json.dumps({"messages": [{"role": "user", "content": question}]}, ensure_ascii=False).encode()


def test_chunked_body_over_the_limit_is_413(url):
    # A valid request, padded with a long harmless earlier turn: only its size is wrong.
    body = json.dumps(
        {
            "messages": [
                {"role": "user", "content": "孵化器" * 3000},
                {"role": "assistant", "content": "好的"},
                {"role": "user", "content": "国家级孵化器补多少"},
            ]
        },
        ensure_ascii=False,
    ).encode()
    assert len(body) > 4 * LIMIT
    r = httpx.post(
        f"{url}/v1/chat", content=_chunks(body), headers={"content-type": "application/json"}, timeout=30
    )
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in r.request.headers
    assert r.status_code == 413
    assert set(r.json()) == {"error", "detail"} and "请求过大" in r.json()["error"]


def test_chunked_body_under_the_limit_is_answered(url):
    r = httpx.post(
        f"{url}/v1/chat",
        content=_chunks(_chat_body("国家级孵化器补多少"), 16),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert r.status_code == 200 and "100万" in r.json()["answer"]


def test_declared_length_over_the_limit_is_refused_in_english_when_asked(url):
    r = httpx.post(
        f"{url}/v1/chat",
        content=_chat_body("x" * (2 * LIMIT)),
        headers={"content-type": "application/json", "accept-language": "en-US"},
        timeout=30,
    )
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_chunked_body_to_a_calculator_is_limited_too(url):
    body = json.dumps({"arguments": {"amount_yuan": "2000万", "pad": "0" * (2 * LIMIT)}}).encode()
    r = httpx.post(
        f"{url}/v1/calculators/equity_investment_reward",
        content=_chunks(body),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 413
