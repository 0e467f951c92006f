"""The Chroma server path (chromadb.HttpClient) against a real `chroma run` on loopback."""

import httpx
import pytest

from assistant.retrieval import Retriever
from ingest.embeddings import FakeEmbedder
from ingest.index import ChromaStore, ingest
from tests.conftest import CORPUS
from tests.servers import chroma_server, free_port, policy_server

pytestmark = pytest.mark.chroma_server


def test_ingest_and_search_through_a_chroma_server(tmp_path, docs):
    with chroma_server(tmp_path / "server-db") as port:
        embedder = FakeEmbedder()
        store = ChromaStore(embedder, host="127.0.0.1", port=port)
        report = ingest(CORPUS, tmp_path / "data", embedder, store)
        assert len(store.ids()) == report.chunks
        again = ingest(
            CORPUS, tmp_path / "data", embedder, ChromaStore(embedder, host="127.0.0.1", port=port)
        )
        assert again.embedded == 0
        retriever = Retriever.from_data_dir(tmp_path / "data", embedder, store, docs)
        assert retriever.search("第四十条", k=1)[0].citation.article == 40


def test_unreachable_chroma_server_is_a_clear_error_not_a_half_working_server(tmp_path):
    env = {
        "POLICY_DATA_DIR": str(tmp_path),
        "POLICY_EMBEDDER": "fake",
        "POLICY_CHROMA_HOST": "127.0.0.1",
        "POLICY_CHROMA_PORT": str(free_port()),
    }
    with pytest.raises(RuntimeError), policy_server(env, timeout=60):
        pass


def test_healthz_reports_a_chroma_server_that_went_away(tmp_path):
    import subprocess

    from tests.servers import chroma_binary, wait_http

    port = free_port()
    chroma = subprocess.Popen(
        [chroma_binary(), "run", "--path", str(tmp_path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60, chroma)
        env = {
            "POLICY_DATA_DIR": str(tmp_path / "data"),
            "POLICY_EMBEDDER": "fake",
            "POLICY_CHROMA_HOST": "127.0.0.1",
            "POLICY_CHROMA_PORT": str(port),
        }
        with policy_server(env, timeout=120) as (url, _proc):
            assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
            chroma.terminate()
            chroma.wait(10)
            r = httpx.get(f"{url}/healthz", timeout=30)
            assert r.status_code == 503 and r.json()["status"] == "unavailable"
            chat = httpx.post(
                f"{url}/v1/chat",
                timeout=60,
                json={"messages": [{"role": "user", "content": "三年行动计划的发展目标是什么"}]},  # a search
            )
            assert chat.status_code == 200
            assert any("向量检索暂不可用" in w for w in chat.json()["warnings"])
            calc = httpx.post(
                f"{url}/v1/chat",
                timeout=60,
                json={"messages": [{"role": "user", "content": "单笔投资2000万奖励多少"}]},
            )
            assert "45万元" in calc.json()["answer"]
    finally:
        if chroma.poll() is None:
            chroma.kill()
