"""Settings of the database-side deployables, the api and the worker (env prefix USEFULWRITER_),
with one nested model per outside provider (`USEFULWRITER_MAIL__HOST`,
`USEFULWRITER_STORAGE__BUCKET`, ...). The runner host has its own (runnerhost.settings), and so
has the sandbox (sandbox.settings).

Read when asked (`get_settings()`), never at import. Outside development, secrets must be set to
real values: a placeholder or a missing secret stops the process at start instead of signing
tokens with a well-known key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-never-use-in-production"
PLACEHOLDERS = frozenset({"", "changeme", "changethis", "secret", "placeholder", DEV_SECRET})


USER_AGENT = "UsefulWriter/1.0"


class HttpSettings(BaseModel):
    timeout_s: float = 5.0
    connect_timeout_s: float = 3.0
    retries: int = 2  # connection attempts retried by the transport (never a sent request)
    user_agent: str = USER_AGENT


class MailSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 25
    security: Literal["none", "starttls", "tls"] = "none"
    username: str | None = None
    password: str | None = None
    sender: str = "UsefulWriter <no-reply@usefulwriter.invalid>"
    site_url: str = "http://127.0.0.1:3000"  # the web app, where links in mail lead
    timeout_s: float = 10.0
    attempts: int = 8
    backoff_s: float = 30.0


class StorageSettings(BaseModel):
    """Blobs (packages, and later video, covers, certificates): a local directory, or an
    S3-compatible bucket through boto3."""

    backend: Literal["local", "s3"] = "local"
    root: str = "/var/lib/usefulwriter/blobs"  # local
    public_url: str = "/api/v1/blobs"  # local: where the app serves signed blob URLs
    bucket: str = "usefulwriter"  # s3
    endpoint_url: str | None = None  # s3: None is AWS; any S3-compatible server otherwise
    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: str | None = None


class StripeSettings(BaseModel):
    """No key: paid courses say checkout is unavailable (503) and everything else works."""

    api_key: str | None = None
    webhook_secret: str | None = None
    api_base: str | None = None  # a local Stripe-compatible server in tests
    tolerance_s: int = 300  # how old a webhook's signed timestamp may be
    site_url: str = "http://127.0.0.1:3000"  # where Checkout sends learners back to
    grace_days: float = 7.0  # a membership whose renewal failed keeps its access this long


class VideoSettings(BaseModel):
    """Video uploads and their transcoding (docs/VIDEO.md): limits of what is accepted, and of
    the media sandbox ffmpeg runs in."""

    multipart_max_mb: int = 256  # one request's upload (tus resumable uploads take larger ones)
    max_duration_s: float = 4 * 3600
    cpus: float = 1.0
    memory_mb: int = 1536
    wall_s: float = 4 * 3600
    output_mb: int = 20_000
    attempts: int = 3  # a transcode lost with its worker is sent again this many times
    work_dir: str = "/var/tmp/usefulwriter-media"  # the media worker's scratch space
    # tus resumable uploads: partial uploads wait here (shared by the API's replicas) until
    # they are whole; an upload idle this long is abandoned and its bytes removed
    upload_max_mb: int = 20_000
    upload_dir: str = "/var/tmp/usefulwriter-uploads"
    upload_idle_s: int = 24 * 3600
    # playback tokens (kit.signing): how long a playback link lives, and the keys by id; the
    # current key signs new links, and the others verify until their links expire. Unset, one
    # key is derived from secret_key.
    playback_ttl_s: int = 3 * 3600
    playback_key: str = "k1"
    playback_keys: dict[str, str] = {}


class AISettings(BaseModel):
    """AI hints (lms.hints) through the official `openai` client. Without an api_key, hints
    come from the offline engine, through the same endpoint and ladder."""

    base_url: str | None = None  # any OpenAI-compatible server
    api_key: str | None = None
    model: str = "gpt-4o-mini"
    timeout_s: float = 30.0
    max_retries: int = 2  # the SDK's own retries (429 and 5xx, with its backoff)
    max_tokens: int = 400
    moderation: bool = False  # screen the learner's text and the hint (moderations endpoint)
    moderation_model: str = "omni-moderation-latest"
    # limits, over a rolling day: per learner and challenge, and per course (every engine)
    hints_per_challenge: int = 8
    hints_per_course: int = 2000
    max_code_lines: int = 3  # a hint's code blocks longer than this are removed
    similarity: float = 0.5  # share of a hint's token 5-grams found in a reference solution


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="USEFULWRITER_", env_nested_delimiter="__")

    environment: Literal["development", "test", "production"] = "development"
    # Three database roles (docs/LMS.md, row-level security): the api's login is a member of
    # uw_api and lives under the policies; the worker's of uw_worker; migrations run as the
    # tables' owner and make the other two members of their groups. Unset, both fall back to
    # database_url (one role for everything: the policies then guard nothing).
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/usefulwriter"
    worker_database_url: str | None = None
    owner_database_url: str | None = None
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
    # Peers whose X-Forwarded-For names the client (the web app, a TLS proxy): IPs or networks,
    # comma-separated, or "*". Anyone else's header is ignored, so rate limits count real clients.
    forwarded_allow_ips: str = "127.0.0.1"
    # reliability
    reconcile_every_s: float = 2.0
    lost_after_s: float = 15.0  # queued/running with no job and no lease for this long: lost
    max_attempts: int = 3
    webhook_attempts: int = 6
    webhook_backoff_s: float = 2.0
    webhook_allow_private: bool = False  # let callbacks reach private addresses (tests, dev)
    outbox_keep_days: float = 7.0  # delivered outbox messages are deleted after this
    # outside providers
    http: HttpSettings = Field(default_factory=HttpSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    stripe: StripeSettings = Field(default_factory=StripeSettings)
    video: VideoSettings = Field(default_factory=VideoSettings)
    ai: AISettings = Field(default_factory=AISettings)

    @property
    def worker_db(self) -> str:
        return self.worker_database_url or self.database_url

    @property
    def owner_db(self) -> str:
        return self.owner_database_url or self.database_url

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
