"""Configuration, read once from the environment (and `.env`); nothing else reads os.environ."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    neo4j_uri: str | None = Field(
        default=None, description="Bolt URI of an external Neo4j; unset means the embedded default."
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = Field(
        default=None, description="Unset with the embedded default: read from its data directory."
    )
    neo4j_database: str = "neo4j"
    ecograph_api_key: SecretStr | None = Field(
        default=None,
        description="An admin key from the environment (people get theirs from `ecograph users add`).",
    )
    ecograph_read_access: Literal["public", "login"] = Field(
        default="public", description="`login`: every read route needs a viewer key or a session."
    )
    ecograph_session_hours: float = Field(
        default=12.0, gt=0, le=24 * 30, description="How long a browser sign-in lasts."
    )
    ecograph_secure_cookies: bool = Field(
        default=False, description="Mark session cookies Secure even when the request came over http."
    )
    ecograph_data_dir: Path = Path(".ecograph")
    ecograph_bolt_port: int = 7687
    ecograph_neo4j_heap: str = Field(
        default="2g", pattern=r"^[0-9]+[mMgG]$", description="Java heap of the embedded Neo4j (-Xmx)."
    )
    ecograph_cypher_timeout_s: float = Field(
        default=10.0, gt=0, description="POST /cypher: server-side transaction timeout."
    )
    ecograph_cypher_memory_mb: int = Field(
        default=256, gt=0, description="POST /cypher: a statement using more heap than this is stopped."
    )
    ecograph_cypher_row_limit: int = Field(default=1000, gt=0, description="POST /cypher: rows returned.")
    ecograph_allowed_hosts: str = Field(
        default="127.0.0.1,localhost",
        description="Host names the API answers to, comma-separated (others get 400); `*` for any.",
    )
    ecograph_cypher_rate_per_min: int = Field(
        default=60, gt=0, description="POST /cypher: statements per minute and caller (429 beyond)."
    )
    ecograph_cypher_concurrent: int = Field(
        default=2, gt=0, description="POST /cypher: statements one caller may run at once (429 beyond)."
    )
    ecograph_supervise: bool = Field(
        default=True, description="The API restarts the embedded Neo4j when it stops unexpectedly."
    )
    ecograph_text_model: str = Field(
        default="fr_core_news_md",
        min_length=1,
        description="The spaCy model that reads articles (POST /documents, `ecograph ingest text`).",
    )
    ecograph_answer_cache_mb: float = Field(
        default=64,
        ge=0,
        description="Read answers kept per graph version (api/answer_cache.py), in MiB; 0 turns it off.",
    )
    ecograph_analytics_stale: bool = Field(
        default=True,
        description="After a write, analytics answer with the previous version (marked) while one "
        "background thread recomputes.",
    )

    @property
    def neo4j_home(self) -> Path:
        return self.ecograph_data_dir.resolve() / "neo4j"

    @property
    def allowed_hosts(self) -> list[str]:
        return [host.strip() for host in self.ecograph_allowed_hosts.split(",") if host.strip()]

    @property
    def uses_embedded(self) -> bool:
        return self.neo4j_uri is None


@cache
def get_settings() -> Settings:
    return Settings()
