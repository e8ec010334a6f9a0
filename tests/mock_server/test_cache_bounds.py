"""Every cache is bounded in bytes, not only in entries (20 distinct
16 MiB Authorization headers grew the server by 703 MiB, never released)."""

from __future__ import annotations

import httpx
from test_journal_bounds import _deep_size

from mock_server import MockState, _tokens
from mock_server._clock import Clock
from mock_server._responses import MAX_CACHED_MESSAGE_CHARS, _error_bodies
from mock_server._token_cache import FINGERPRINT_CACHE_BYTES
from mock_server._tokens import MAX_CACHED_TOKEN_CHARS, TokenKind, TokenService

LOOKUP = "/1/content/music.AR.1/lookup"


def test_long_bearer_tokens_are_not_kept(client: httpx.Client):
    for index in range(20):
        token = f"EwA{index:04d}" + "a" * 12_000
        response = client.get(LOOKUP, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
    assert all(len(key) <= MAX_CACHED_TOKEN_CHARS for key in _tokens._FINGERPRINTS)


def test_a_long_valid_token_is_verified_but_not_cached():
    service = TokenService(Clock())
    scopes = {f"scope{i}" for i in range(800)}
    token, _ = service.mint(TokenKind.USER, "app", lifetime=60, user_id="u", scopes=scopes)
    assert len(token) > MAX_CACHED_TOKEN_CHARS
    assert service.decode(token) is not None
    assert token not in service._cache
    short, _ = service.mint(TokenKind.APP, "app", lifetime=60)
    assert service.decode(short) is not None
    assert short in service._cache


def test_the_token_cache_holds_no_more_bytes_than_its_bound():
    service = TokenService(Clock())
    service._cache.max_bytes = 64 * 1024
    for index in range(2_000):
        token, _ = service.mint(
            TokenKind.USER, f"client{index}", lifetime=60, user_id=f"user{index}", scopes={"a"}
        )
        assert service.decode(token) is not None
    assert len(service._cache) > 50
    assert _deep_size(dict(service._cache)) <= service._cache.bytes <= 64 * 1024


def test_the_fingerprint_cache_holds_no_more_bytes_than_its_bound():
    # Anyone can send tokens, valid or not: 20 MiB of distinct ones.
    for index in range(5_000):
        token = f"EwA{index:05d}" + "q" * 4_000
        assert _tokens.cached_fingerprint(token) == _tokens.fingerprint(token)
    cache = _tokens._FINGERPRINTS
    assert len(cache) > 50
    assert _deep_size(dict(cache)) <= cache.bytes <= FINGERPRINT_CACHE_BYTES


def test_error_bodies_quoting_long_values_are_not_kept(client: httpx.Client, state: MockState):
    token = client.post("/_mock/tokens", json={"kind": "app"}).json()["token"]
    long_value = "x" * 2000
    client.get(
        "/1/content/music/search",
        params={"q": "a", "maxItems": long_value},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert all(len(key[1] or "") <= MAX_CACHED_MESSAGE_CHARS for key in _error_bodies._bodies)
