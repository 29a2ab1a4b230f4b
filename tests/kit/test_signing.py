"""Directory-scoped playback tokens: one token opens everything under its scope and nothing
else; a forged, altered or foreign token is 403, an expired one of ours 410; keys rotate by id."""

from __future__ import annotations

import pytest

from kit import clock
from kit.signing import BadToken, ExpiredToken, Keys, sign, verify

KEYS = Keys(current="k2", secrets={"k1": "old secret " * 3, "k2": "new secret " * 3})


def test_a_token_opens_its_scope_until_it_expires(frozen_clock: clock.FrozenClock) -> None:
    token = sign(KEYS, "videos/a1/", ttl_s=600)
    assert token.startswith("k2.")
    assert verify(KEYS, token, "videos/a1/") == int(clock.time()) + 600
    with pytest.raises(BadToken):
        verify(KEYS, token, "videos/a2/")  # another asset's directory
    frozen_clock.advance(601)
    with pytest.raises(ExpiredToken) as expired:
        verify(KEYS, token, "videos/a1/")
    assert expired.value.status == 410


def test_forged_altered_and_rotated_tokens(frozen_clock: clock.FrozenClock) -> None:
    token = sign(KEYS, "videos/a1/", ttl_s=600)
    kid, expires, mac = token.split(".")
    for bad in ("", "nonsense", f"k9.{expires}.{mac}", f"{kid}.{int(expires) + 3600}.{mac}",
                f"{kid}.{expires}.{mac[:-2]}xx", f"{kid}.soon.{mac}"):
        with pytest.raises(BadToken) as refused:
            verify(KEYS, bad, "videos/a1/")
        assert refused.value.status == 403
    # an old key still listed verifies its tokens; dropped, they are refused at once
    old = sign(Keys(current="k1", secrets=KEYS.secrets), "videos/a1/", ttl_s=600)
    assert verify(KEYS, old, "videos/a1/")
    with pytest.raises(BadToken):
        verify(Keys(current="k2", secrets={"k2": KEYS.secrets["k2"]}), old, "videos/a1/")
    # an expired token that was never ours is 403, not 410 (nothing is said of forgeries)
    frozen_clock.advance(601)
    with pytest.raises(BadToken):
        verify(KEYS, f"{kid}.{expires}.{mac[:-2]}xx", "videos/a1/")
    with pytest.raises(ValueError):
        Keys(current="k3", secrets={"k1": "x"})
