"""Feedback rows in SQLite (WAL) by default, or any SQLAlchemy URL (e.g. PostgreSQL).

A rating given from the UI carries the answer's id: one row per answer, the latest rating wins.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

metadata = MetaData()
feedback_table = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("citations", JSON, nullable=False),
    Column("client", String(64), nullable=False, default=""),
    Column("answer_id", String(64), nullable=True),
    Column("turns", JSON, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Index("ix_feedback_answer_id", "answer_id", unique=True),
)
# Columns added after the first release; older databases get them on start-up.
_ADDED = {"answer_id": "VARCHAR(64)", "turns": "JSON", "updated_at": "TIMESTAMP"}


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


class FeedbackStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(
            url, pool_pre_ping=True, connect_args={"timeout": 30} if url.startswith("sqlite") else {}
        )
        if url.startswith("sqlite"):

            @event.listens_for(self.engine, "connect")
            def _wal(dbapi_conn, _record):  # type: ignore[no-untyped-def]
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()

        with self.engine.begin() as conn:
            self._upgrade(conn)
            metadata.create_all(conn)

    @staticmethod
    def _upgrade(conn: Connection) -> None:
        if not inspect(conn).has_table("feedback"):
            return
        have = {c["name"] for c in inspect(conn).get_columns("feedback")}
        for name, sql_type in _ADDED.items():
            if name not in have:
                conn.execute(text(f"ALTER TABLE feedback ADD COLUMN {name} {sql_type}"))

    def add(
        self,
        *,
        rating: int,
        question: str,
        answer: str,
        comment: str = "",
        citations: list[dict[str, Any]] | None = None,
        client: str = "",
    ) -> int:
        row = {
            "created_at": datetime.now(UTC),
            "rating": rating,
            "question": question,
            "answer": answer,
            "comment": comment,
            "citations": _json(citations or []),
            "client": client,
        }
        with self.engine.begin() as conn:
            result = conn.execute(insert(feedback_table).values(**row))
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def rate(
        self,
        *,
        answer_id: str,
        rating: int,
        question: str,
        answer: str,
        citations: list[dict[str, Any]] | None = None,
        turns: list[str] | None = None,
    ) -> bool:
        """Record the rating of one answer; a later rating replaces the earlier one. True if it replaced one."""
        now = datetime.now(UTC)
        changes = {"rating": rating, "updated_at": now}
        for _attempt in range(2):
            with self.engine.begin() as conn:
                found = conn.execute(
                    update(feedback_table).where(feedback_table.c.answer_id == answer_id).values(**changes)
                ).rowcount
                if found:
                    return True
                try:
                    conn.execute(
                        insert(feedback_table).values(
                            created_at=now,
                            updated_at=now,
                            rating=rating,
                            question=question,
                            answer=answer,
                            comment="",
                            citations=_json(citations or []),
                            client="ui",
                            answer_id=answer_id,
                            turns=_json(turns or [question]),
                        )
                    )
                    return False
                except IntegrityError:  # a concurrent first rating of the same answer won: update it
                    continue
        return True

    def comment(self, answer_id: str, comment: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(feedback_table)
                .where(feedback_table.c.answer_id == answer_id)
                .values(comment=comment, updated_at=datetime.now(UTC))
            ).rowcount
        return bool(done)

    def withdraw(self, answer_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(feedback_table).where(feedback_table.c.answer_id == answer_id))

    def entries(self, rating: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Newest first, as JSON-ready dicts."""
        query = select(feedback_table).order_by(feedback_table.c.id.desc()).limit(limit)
        if rating is not None:
            query = query.where(feedback_table.c.rating == rating)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        out = []
        for r in rows:
            row = dict(r)
            for key in ("created_at", "updated_at"):
                row[key] = row[key].isoformat() if row[key] is not None else None
            row["turns"] = row["turns"] or [row["question"]]
            out.append(row)
        return out

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(feedback_table)).scalar_one())
