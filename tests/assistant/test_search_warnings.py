"""A vector-store failure warns the answer whose search failed, and no other answer."""

import asyncio
import random
import sys
import time

import httpx
import numpy as np
import pytest

from assistant.engine import Assistant
from assistant.retrieval import Retriever
from tests.conftest import TODAY, make_test_app

DOWN = "向量检索暂不可用"
FAILING = ["创新券怎么用", "人才引进有什么政策", "科技金融方面有什么措施", "众创空间有什么扶持"]
WORKING = ["研发机构建设有什么支持", "知识产权保护有哪些措施", "军民融合有什么政策", "技术转移有什么规定"]


class StoreDownForSomeQuestions:
    """The real store, except that it fails (slowly, so requests overlap) for the listed questions."""

    def __init__(self, store, embedder, failing: list[str]) -> None:
        self.store = store
        self.failing = {embedder.embed_query(q).tobytes() for q in failing}

    def ids(self):
        return self.store.ids()

    def query(self, embedding: np.ndarray, k: int):
        time.sleep(random.uniform(0, 0.03))
        if embedding.tobytes() in self.failing:
            raise ConnectionError("chroma unreachable")
        return self.store.query(embedding, k)


@pytest.fixture(scope="module")
def flaky_app(fake_retriever, docs, tmp_path_factory):
    store = StoreDownForSomeQuestions(fake_retriever.store, fake_retriever.embedder, FAILING)
    retriever = Retriever(fake_retriever.chunks, fake_retriever.embedder, store, docs)
    app, _ = make_test_app(retriever, Assistant(retriever, TODAY), tmp_path_factory.mktemp("flaky"))
    return app


def test_each_question_searches(flaky_app):
    """Each question reaches the vector store (else the test below would prove nothing)."""

    async def run():
        transport = httpx.ASGITransport(app=flaky_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for q in FAILING + WORKING:
                r = await client.post("/v1/chat", json={"messages": [{"role": "user", "content": q}]})
                searched = [tc["arguments"].get("query") for tc in r.json()["tool_calls"]]
                assert q in searched, q

    asyncio.run(run())


def test_concurrent_answers_carry_only_their_own_warning(flaky_app):
    questions = (FAILING + WORKING) * 8
    random.Random(13).shuffle(questions)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads interleave often, as under real load

    async def run():
        transport = httpx.ASGITransport(app=flaky_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
            return await asyncio.gather(
                *(
                    client.post("/v1/chat", json={"messages": [{"role": "user", "content": q}]})
                    for q in questions
                )
            )

    try:
        responses = asyncio.run(run())
    finally:
        sys.setswitchinterval(previous)
    for q, r in zip(questions, responses, strict=True):
        assert r.status_code == 200
        warned = any(DOWN in w for w in r.json()["warnings"])
        assert warned == (q in FAILING), (q, r.json()["warnings"])


def test_search_result_carries_its_warning(fake_retriever, docs):
    store = StoreDownForSomeQuestions(fake_retriever.store, fake_retriever.embedder, ["孵化器"])
    retriever = Retriever(fake_retriever.chunks, fake_retriever.embedder, store, docs)
    down = retriever.search("孵化器", k=3)
    assert down and any(DOWN in w for w in down.warnings)  # still answered from keywords
    assert retriever.search("孵化器补助", k=3).warnings == []
