"""The authorization server's memory: shared by apps on one state, bounded, expiring by the
mock clock, and emptied by reset()."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from auth_support import WEB_APP, WEB_REDIRECT, WEB_SECRET, Flow

from mock_server import MockState, create_app
from mock_server._clock import Clock
from mock_server._inprocess import InProcessTransport
from mock_server.auth import AuthStore
from mock_server.auth._expiring import ExpiringTable


@pytest.fixture
def second_client(state: MockState) -> Iterator[httpx.Client]:
    transport = InProcessTransport(create_app(state=state, sides=("auth",)))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as http:
        yield http


def test_two_apps_on_one_state_share_codes(flow, second_client):
    code = flow.code()

    second = Flow(second_client, flow.state)
    assert second.redeem(code).status_code == 200
    assert flow.redeem(code).json()["error"] == "invalid_grant"


def test_concurrent_redemptions_of_one_code_yield_one_success(flow, second_client):
    code = flow.code()
    form = {
        "grant_type": "authorization_code",
        "client_id": WEB_APP,
        "client_secret": WEB_SECRET,
        "code": code,
        "redirect_uri": WEB_REDIRECT,
    }
    clients = [flow.client, second_client] * 4

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(
            pool.map(lambda c: c.post("/oauth20_token.srf", data=form).status_code, clients)
        )

    assert sorted(statuses) == [200] + [400] * (len(clients) - 1)


def test_reset_forgets_codes_and_sessions(flow, state):
    code = flow.code()
    state.reset()

    assert flow.redeem(code).json()["error"] == "invalid_grant"
    assert state.part(AuthStore).find_code(code) is None


def test_a_table_entry_expires_by_the_mock_clock():
    clock = Clock()
    clock.freeze(1000.0)
    table: ExpiringTable[str] = ExpiringTable(clock)
    table.put("k", "v", expires_at=1010.0)

    assert table.get("k") == "v"
    clock.advance(10)
    assert table.get("k") is None
    assert table.pop("k") is None


def test_a_table_stays_bounded():
    clock = Clock()
    clock.freeze(0.0)
    table: ExpiringTable[int] = ExpiringTable(clock, max_entries=3)
    for i in range(10):
        table.put(str(i), i, expires_at=100.0)

    assert [table.get(str(i)) for i in range(10)] == [None] * 7 + [7, 8, 9]


def test_a_table_prunes_expired_entries_on_insert():
    clock = Clock()
    clock.freeze(0.0)
    table: ExpiringTable[int] = ExpiringTable(clock)
    table.put("old", 1, expires_at=5.0)
    clock.advance(6)
    table.put("new", 2, expires_at=100.0)

    assert len(table) == 1
    assert table.get("new") == 2


def test_put_new_takes_a_key_once_until_its_entry_expires():
    clock = Clock()
    clock.freeze(0.0)
    table: ExpiringTable[int] = ExpiringTable(clock)

    assert table.put_new("k", 1, expires_at=10.0)
    assert not table.put_new("k", 2, expires_at=10.0)
    assert table.get("k") == 1
    clock.advance(10)
    assert table.put_new("k", 3, expires_at=20.0)
    assert table.get("k") == 3
