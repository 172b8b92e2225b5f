"""Settings, read from `SCRUTINY_*` environment variables when asked for, never at import."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from scrutiny.errors import ConfigError


class Settings(BaseSettings):
    """Everything the product can be configured with.

    database_url: SQLAlchemy URL; default a SQLite file `scrutiny.db` in the working directory.
    """

    model_config = SettingsConfigDict(env_prefix="SCRUTINY_", extra="ignore")

    database_url: str = "sqlite:///scrutiny.db"
    data_dir: Path = Path("scrutiny-data")
    upload_dir: Path = Path("scrutiny-data/uploads")
    max_document_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_document_pages: int = Field(default=2000, gt=0)
    max_unzipped_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    secret_key: str = ""
    session_max_age_seconds: int = Field(default=8 * 3600, gt=0)
    signin_attempts_per_minute: int = Field(default=5, gt=0)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        scheme = value.split(":", 1)[0]
        if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
            raise ValueError(
                f"unsupported database {scheme!r}: use sqlite:///FILE or postgresql+psycopg://..."
            )
        return value


def load_settings(**overrides: object) -> Settings:
    """Read the settings now; a bad value raises ConfigError with one line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "SCRUTINY_" + str(err["loc"][0]).upper() if err["loc"] else "SCRUTINY_*"
        raise ConfigError(f"{name}: {err['msg']}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once on first use."""
    return load_settings()
