"""What the app holds for its lifetime: settings, the database engine, Redis clients, the job
dispatcher and blob storage."""

from __future__ import annotations

from dataclasses import dataclass

import redis
import redis.asyncio as aioredis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kit import storage as blobs
from kit.db import make_engine, make_sessionmaker
from kit.dispatch import Dispatcher
from kit.settings import Settings
from kit.web import sse


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: redis.Redis
    aredis: aioredis.Redis
    jobs: Dispatcher
    storage: blobs.Storage

    @classmethod
    def from_settings(cls, settings: Settings) -> AppState:
        engine = make_engine(settings.database_url)
        client = redis.Redis.from_url(settings.redis_url, socket_timeout=5,
                                      socket_connect_timeout=3, health_check_interval=30)
        return cls(settings, engine, make_sessionmaker(engine, streams=client), client,
                   # Live events block in XREAD for up to sse.BLOCK_MS: a read timeout
                   # shorter than that (redis-py's default is 5 s) cut quiet SSE streams.
                   aioredis.Redis.from_url(settings.redis_url, socket_connect_timeout=3,
                                           socket_timeout=sse.BLOCK_MS / 1000 + 10,
                                           health_check_interval=30),
                   Dispatcher(client),
                   blobs.from_settings(settings.storage, settings.secret_key, settings.http))

    def close(self) -> None:
        self.redis.close()
        self.engine.dispose()
