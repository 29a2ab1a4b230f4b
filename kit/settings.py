"""Settings of the database-side deployables, the api and the worker (env prefix USEFULWRITER_).

Read when asked (`get_settings()`), never at import. Outside development, secrets must be set to
real values: a placeholder or a missing secret stops the process at start instead of signing
tokens with a well-known key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-never-use-in-production"
PLACEHOLDERS = frozenset({"", "changeme", "changethis", "secret", "placeholder", DEV_SECRET})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="USEFULWRITER_")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/usefulwriter"
    redis_url: str = "redis://127.0.0.1:6379/0"
    secret_key: str = DEV_SECRET  # signs access tokens
    webhook_secret: str = DEV_SECRET  # signs callback webhooks (HMAC-SHA256)
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    # limits of the edge
    max_source_bytes: int = 64 * 1024
    max_stdin_bytes: int = 1024 * 1024
    max_package_bytes: int = 32 * 1024 * 1024
    max_output_mb: float = 64.0  # the most a package's limits.output may allow per test
    wait_timeout_s: float = 15.0  # wait=true returns the queued submission after this
    submissions_per_minute: int = 60  # per user
    requests_per_minute: int = 1200  # per user or client address
    # reliability
    reconcile_every_s: float = 2.0
    lost_after_s: float = 15.0  # queued/running with no job and no lease for this long: lost
    max_attempts: int = 3
    webhook_attempts: int = 6
    webhook_backoff_s: float = 2.0
    webhook_allow_private: bool = False  # let callbacks reach private addresses (tests, dev)

    @model_validator(mode="after")
    def _enforce_real_secrets(self) -> Settings:
        if self.environment == "development":
            return self
        for name in ("secret_key", "webhook_secret"):
            value = getattr(self, name)
            if value.lower() in PLACEHOLDERS or len(value) < 32:
                raise ValueError(f"USEFULWRITER_{name.upper()} must be a real secret of at least "
                                 f"32 characters outside development (got a placeholder)")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
