"""One live policy-assistant server (fake embedder) shared by the tests that speak to it over HTTP."""

import pytest

from tests.servers import policy_server


@pytest.fixture(scope="session")
def live_env(tmp_path_factory):
    return {
        "POLICY_DATA_DIR": str(tmp_path_factory.mktemp("live")),
        "POLICY_EMBEDDER": "fake",
        "POLICY_TODAY": "2026-11-26",
    }


@pytest.fixture(scope="session")
def live_server(live_env):
    with policy_server(live_env, timeout=180) as (url, _proc):
        yield url
