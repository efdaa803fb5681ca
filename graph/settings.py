"""Configuration, read once from the environment (and `.env`); nothing else reads os.environ."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
        default=None, description="Write endpoints are off unless this is set."
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
    ecograph_cypher_rate_per_min: int = Field(
        default=60, gt=0, description="POST /cypher: statements per minute and caller (429 beyond)."
    )
    ecograph_cypher_concurrent: int = Field(
        default=2, gt=0, description="POST /cypher: statements one caller may run at once (429 beyond)."
    )
    ecograph_text_model: str = Field(
        default="fr_core_news_md",
        min_length=1,
        description="The spaCy model that reads articles (POST /documents, `ecograph ingest text`).",
    )

    @property
    def neo4j_home(self) -> Path:
        return self.ecograph_data_dir.resolve() / "neo4j"

    @property
    def uses_embedded(self) -> bool:
        return self.neo4j_uri is None


@cache
def get_settings() -> Settings:
    return Settings()
