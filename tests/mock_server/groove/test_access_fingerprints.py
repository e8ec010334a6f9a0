"""Journaled credential fingerprints stay exact when they come from the per-token cache."""

from __future__ import annotations

import httpx

from mock_server import MockState, TokenKind, _tokens
from mock_server._scenario import APP_SCOPE
from mock_server._token_cache import BoundedCache, fingerprint_bytes
from mock_server._tokens import fingerprint

LOOKUP = "/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup"


def _app_token(state: MockState) -> str:
    token, _ = state.tokens.mint(
        TokenKind.APP, "000000004C1B7E2A", lifetime=3600, scopes={APP_SCOPE}
    )
    return token


def test_repeated_calls_journal_the_same_exact_fingerprint(client: httpx.Client, state):
    token = _app_token(state)
    for _ in range(3):
        assert client.get(LOOKUP, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    entries = state.journal.query(path=LOOKUP + "$")
    assert len(entries) == 3
    for entry in entries:
        assert entry.token_fingerprint == fingerprint(token)
        assert [c.fingerprint for c in entry.credentials] == [fingerprint(token)]
    assert token not in repr(entries)  # never the token in clear


def test_two_credentials_are_fingerprinted_each(client: httpx.Client, state):
    one, two = _app_token(state), _app_token(state)
    response = client.get(LOOKUP, headers={"Authorization": f"Bearer {one}, Bearer {two}"})
    assert response.status_code == 400
    assert response.json()["Error"]["ErrorCode"] == "INCOMPATIBLE_INPUT_PARAMETERS"
    (entry,) = state.journal.query(path=LOOKUP + "$")
    assert [c.fingerprint for c in entry.credentials] == [fingerprint(one), fingerprint(two)]


def test_the_cache_stays_bounded(client: httpx.Client, state, monkeypatch):
    token = _app_token(state)
    two_tokens = 2 * fingerprint_bytes(token, fingerprint(token)) + 10
    monkeypatch.setattr(_tokens, "_FINGERPRINTS", BoundedCache(two_tokens, fingerprint_bytes))
    for _ in range(5):
        token = _app_token(state)
        client.get(LOOKUP, headers={"Authorization": f"Bearer {token}"})
        assert 1 <= len(_tokens._FINGERPRINTS) <= 2
        assert _tokens._FINGERPRINTS.bytes <= two_tokens
    (last,) = state.journal.query(path=LOOKUP + "$", since=state.journal.last_seq - 1)
    assert last.token_fingerprint == fingerprint(token)
