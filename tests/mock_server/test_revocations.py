"""The revocation ledger never forgets a live revocation: entries
leave in expiry order once what they cover has expired; at its limit the mock refuses to issue
rather than forget."""

from __future__ import annotations

import httpx
import pytest

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._revocations import LedgerFull, RevocationLedger

LOOKUP = "/1/content/music.AR.1/lookup"


def test_live_entries_stay_past_any_count_and_leave_at_expiry():
    ledger = RevocationLedger(max_entries=3)
    for index in range(10):
        ledger.revoke_token(f"t{index}", expires_at=100.0 + index)
    assert len(ledger) == 10  # over the limit by revocations: none forgotten
    with pytest.raises(LedgerFull, match="revocation-limit"):
        ledger.check_room(now=0.0)
    ledger.prune(now=106.5)
    assert len(ledger) == 3
    ledger.check_room(now=107.5)  # two left: room again


def test_a_grant_keeps_its_longest_horizon():
    ledger = RevocationLedger()
    ledger.revoke_grant("g", until=500.0)
    ledger.revoke_grant("g", until=100.0)
    ledger.prune(now=200.0)
    assert len(ledger) == 1
    ledger.prune(now=500.0)
    assert len(ledger) == 0


def test_a_revocation_is_one_heap_push_never_a_sort(monkeypatch: pytest.MonkeyPatch):
    # The old ledger sorted itself on every revocation once full (0.7 -> 15.5 ms each, p50 at
    # 64 clients 15 -> 940 ms). Speed is measured in `make bench`; here, the cause: no sort.
    from mock_server import _revocations

    ledger = RevocationLedger(max_entries=10)
    for index in range(5_000):
        ledger.revoke_token(f"t{index}", expires_at=1e9 - index)
    pushes: list[object] = []
    real_push = _revocations.heapq.heappush

    def counting_push(heap: list[object], item: object) -> None:
        pushes.append(item)
        real_push(heap, item)  # type: ignore[type-var]

    def no_sort(*args: object, **kwargs: object) -> None:
        raise AssertionError("a revocation sorted the ledger")

    monkeypatch.setattr(_revocations.heapq, "heappush", counting_push)
    monkeypatch.setattr(_revocations.heapq, "heapify", no_sort)
    monkeypatch.setattr("builtins.sorted", no_sort)
    for index in range(100):
        ledger.revoke_token(f"late{index}", expires_at=2e9 + index)
    assert len(pushes) == 100
    assert len(ledger) == 5_100


def _client(state: MockState) -> httpx.Client:
    transport = InProcessTransport(create_app(state=state))
    return httpx.Client(transport=transport, base_url="http://127.0.0.1:8080")


def test_past_the_limit_nothing_revoked_comes_back_and_issuance_is_refused():
    """The overflow test: revoke more tokens than the limit, mint and revoke past it; every
    revoked token stays refused, issuance is a clear 503, and once the revoked tokens expire
    by the mock clock, issuance resumes."""
    limit = 50
    state = MockState(Settings(revocation_limit=limit, app_token_lifetime=600))
    with _client(state) as http:
        revoked: list[str] = []
        while True:
            minted = http.post("/_mock/tokens", json={"kind": "app", "lifetime": 600})
            if minted.status_code == 503:
                assert minted.json()["error"] == "at_capacity"
                assert "revocation" in minted.json()["message"]
                break
            token = minted.json()["token"]
            assert http.post("/_mock/tokens/revoke", json={"token": token}).status_code == 200
            revoked.append(token)
            assert len(revoked) <= limit
        assert len(revoked) == limit
        app_token = http.post(
            "/accesstoken.srf",
            data={
                "grant_type": "client_credentials",
                "client_id": "000000004C1B7E2A",
                "client_secret": "gr00ve+Demo/Secret=",
                "scope": "app.music.xboxlive.com",
            },
        )
        assert app_token.status_code == 503
        assert app_token.json()["error"] == "temporarily_unavailable"
        assert app_token.headers["retry-after"]
        for token in revoked:
            answer = http.get(LOOKUP, headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 401, token
        state.clock.advance(601)
        assert http.post("/_mock/tokens", json={"kind": "app"}).status_code == 201
        for token in revoked:
            answer = http.get(LOOKUP, headers={"Authorization": f"Bearer {token}"})
            assert answer.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_EXPIRED"
