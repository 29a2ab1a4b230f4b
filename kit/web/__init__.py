"""HTTP helpers the features use: sessions, problem+json, pagination, idempotency, rate limits,
server-sent events."""
