"""The feedback store: one rating per answer (the latest wins), comments, listing, older databases upgraded."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

from assistant.feedback import FeedbackStore


def store(tmp_path, name="fb.db"):
    return FeedbackStore(f"sqlite:///{tmp_path / name}")


def rate(s, answer_id, rating, question="国家级孵化器补多少？"):
    return s.rate(answer_id=answer_id, rating=rating, question=question, answer="100万元", citations=[])


def test_a_second_rating_of_the_same_answer_replaces_the_first(tmp_path):
    s = store(tmp_path)
    assert rate(s, "a1", 1) is False
    assert rate(s, "a1", -1) is True
    assert rate(s, "a1", -1) is True
    rows = s.entries()
    assert len(rows) == 1
    assert rows[0]["rating"] == -1 and rows[0]["answer_id"] == "a1"


def test_ratings_of_different_answers_are_kept_apart(tmp_path):
    s = store(tmp_path)
    rate(s, "a1", 1)
    rate(s, "a2", -1)
    assert {(r["answer_id"], r["rating"]) for r in s.entries()} == {("a1", 1), ("a2", -1)}
    assert [r["answer_id"] for r in s.entries(rating=-1)] == ["a2"]


def test_comment_attaches_to_the_rated_answer_and_withdraw_removes_it(tmp_path):
    s = store(tmp_path)
    rate(s, "a1", -1)
    assert s.comment("a1", "金额应为50万")
    assert s.entries()[0]["comment"] == "金额应为50万"
    assert not s.comment("missing", "x")
    s.withdraw("a1")
    assert s.count() == 0


def test_concurrent_first_ratings_of_one_answer_leave_one_row(tmp_path):
    s = store(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: rate(s, "same", r), [1, -1] * 8))
    assert s.count() == 1


def test_an_older_database_without_answer_ids_is_upgraded_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at DATETIME NOT NULL, "
        "rating INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, comment TEXT NOT NULL, "
        "citations JSON NOT NULL, client VARCHAR(64) NOT NULL)"
    )
    con.execute(
        "INSERT INTO feedback (created_at, rating, question, answer, comment, citations, client) "
        "VALUES ('2026-01-01 00:00:00', -1, '旧问题', '旧回答', '', '[]', '')"
    )
    con.commit()
    con.close()
    s = store(tmp_path, "old.db")
    rate(s, "new", 1)
    rows = {r["question"]: r for r in s.entries()}
    assert rows["旧问题"]["rating"] == -1 and rows["旧问题"]["turns"] == ["旧问题"]
    assert rows["国家级孵化器补多少？"]["answer_id"] == "new"
