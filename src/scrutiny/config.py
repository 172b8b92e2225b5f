"""Settings, read from `SCRUTINY_*` environment variables when asked for, never at import."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from scrutiny.errors import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> list[Network]:
    """Comma-separated addresses or networks ("10.0.0.5, 192.168.0.0/24"); ValueError naming
    the first entry that is neither."""
    networks: list[Network] = []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network") from None
    return networks


class Settings(BaseSettings):
    """Everything the product can be configured with.

    database_url: SQLAlchemy URL; default a SQLite file `scrutiny.db` in the working directory.
    signin_attempts_per_minute: failed sign-ins one account may have in a minute [attempts].
    signin_failures_per_address_per_minute: failed sign-ins one address may make in a minute,
      whatever the accounts [attempts] (higher: an office may share one address).
    trusted_proxies: comma-separated addresses or networks of reverse proxies whose
      X-Forwarded-For and X-Forwarded-Proto are believed; empty (the default) trusts none.
    max_document_figures: figures stored per document [figures]; the rest are counted only.
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
    signin_failures_per_address_per_minute: int = Field(default=20, gt=0)
    trusted_proxies: str = ""
    max_document_figures: int = Field(default=5000, gt=0)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        parse_networks(value)
        return value

    def trusted_proxy_networks(self) -> list[Network]:
        return parse_networks(self.trusted_proxies)

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
