"""Answer replay (mock_server/_replay.py): what is replayed, what stops a replay, what never is."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from replay_support import CountingStack

from mock_server import MockState, Settings, TokenKind, create_app
from mock_server._app import MockApp
from mock_server._clock import RUNNING_READ_WINDOW
from mock_server._inprocess import InProcessTransport
from mock_server._journal import CredentialSeen, JournalEntry
from mock_server._replay import REPLAYABLE_ROUTES, AnswerReplay, _answer_of
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE
from mock_server.control import MockControl
from mock_server.groove.library._collection import CollectionStore
from mock_server.types import Message, Scope

BASE_URL = "http://127.0.0.1:8080"

WEB_APP = "000000004C1B7E2A"
ADA = "4a1f9c2e7b3d5068"  # US, Music Pass
GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
OTHER_TRACK = "music.AA3EB907-0100-11DB-89CA-0019B92A3933"
LOOKUP = f"/1/content/{GET_LUCKY}/lookup"
BROWSE = "/1/content/music/collection/tracks/browse"
CATALOG_BROWSE = "/1/content/music/catalog/albums/browse"
PROFILE = "/1/user/music/profile"


@pytest.fixture
def app(state: MockState) -> MockApp:
    return create_app(state=state)


@pytest.fixture
def client(app: MockApp) -> Iterator[httpx.Client]:
    with httpx.Client(transport=InProcessTransport(app), base_url=BASE_URL) as http:
        yield http


@pytest.fixture
def counter(app: MockApp, client: httpx.Client) -> CountingStack:
    client.get("/_mock/health")  # the first request builds the middleware stack
    assert app.replay is not None
    return CountingStack(app.replay)


def app_bearer(state: MockState, lifetime: float = 3600) -> dict[str, str]:
    token, _ = state.tokens.mint(TokenKind.APP, WEB_APP, lifetime=lifetime, scopes={APP_SCOPE})
    return {"Authorization": f"Bearer {token}"}


def user_bearer(state: MockState, user: str = ADA) -> dict[str, str]:
    # A user's collection is seeded on its first read, and seeding is a change (the read that
    # seeds is not recorded): seed it here, so that the tests count only what they mean to.
    state.part(CollectionStore).view(user)
    token, _ = state.tokens.mint(
        TokenKind.USER, WEB_APP, lifetime=3600, user_id=user, scopes={GROOVE_SCOPE}
    )
    return {"Authorization": f"Bearer {token}"}


def twice(client: httpx.Client, url: str, headers: dict[str, str]) -> list[httpx.Response]:
    return [client.get(url, headers=headers) for _ in range(2)]


def same(first: httpx.Response, second: httpx.Response) -> bool:
    return (first.status_code, first.headers.raw, first.content) == (
        second.status_code,
        second.headers.raw,
        second.content,
    )


# what is replayed ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LOOKUP, CATALOG_BROWSE + "?maxItems=3", PROFILE, BROWSE])
def test_a_repeated_read_gets_the_same_bytes_without_running_again(
    client: httpx.Client, state: MockState, counter: CountingStack, url: str
):
    headers = user_bearer(state)
    first, second = twice(client, url, headers)
    assert first.status_code == 200
    assert same(first, second)
    assert counter.calls == 1


def test_a_replayed_request_is_journaled_like_the_first(
    client: httpx.Client, state: MockState, counter: CountingStack
):
    state.journal.clear()
    twice(client, LOOKUP, {**app_bearer(state), "Authorization": "Bearer a, Bearer b"})
    first, second = (entry.to_json() for entry in state.journal)
    assert counter.calls == 1
    assert second["seq"] == first["seq"] + 1
    own = ("seq", "time", "duration_ms")
    assert {k: v for k, v in first.items() if k not in own} == {
        k: v for k, v in second.items() if k not in own
    }
    assert second["error_code"] == "INCOMPATIBLE_INPUT_PARAMETERS"
    assert second["violations"] == ["multiple-credentials"]


def test_errors_are_replayed_too(client: httpx.Client, counter: CountingStack):
    first, second = twice(client, LOOKUP, {})
    assert first.status_code == 401
    assert same(first, second)
    assert counter.calls == 1


def test_every_header_is_part_of_the_key(
    client: httpx.Client, state: MockState, counter: CountingStack
):
    headers = app_bearer(state)
    plain = client.get(LOOKUP, headers=headers)
    from_page = client.get(LOOKUP, headers={**headers, "Origin": "https://example.test"})
    as_xml = client.get(LOOKUP, headers={**headers, "Accept": "application/xml"})
    assert counter.calls == 3
    assert "access-control-allow-origin" not in plain.headers
    assert from_page.headers["access-control-allow-origin"] == "*"
    assert (plain.status_code, as_xml.status_code) == (200, 400)
    assert same(client.get(LOOKUP, headers=headers), plain)
    assert counter.calls == 3


# what stops a replay ---------------------------------------------------------------------------


def _revoke(state: MockState, headers: dict[str, str]) -> None:
    MockControl(state).revoke_token(headers["Authorization"].removeprefix("Bearer "))


CHANGES: dict[str, Callable[[MockState, dict[str, str]], Any]] = {
    "clock advanced": lambda state, _: state.clock.advance(1),
    "clock frozen": lambda state, _: state.clock.freeze(),
    "clock set": lambda state, _: state.clock.set(state.clock.now() + 5),
    "token revoked": _revoke,
    "grant revoked": lambda state, _: state.tokens.revoke_grant("some-grant"),
    "signed out": lambda state, _: state.sign_out(ADA, WEB_APP),
    "consent revoked": lambda state, _: state.revoke_consent(ADA, WEB_APP),
    "user edited": lambda state, _: MockControl(state).put_user(ADA, music_pass=False),
    "collection cap lowered": lambda state, _: setattr(state.part(CollectionStore), "track_cap", 1),
    "reset": lambda state, _: state.reset(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_in_process_stops_every_replay(
    client: httpx.Client, state: MockState, counter: CountingStack, change: str
):
    headers = user_bearer(state)
    twice(client, PROFILE, headers)
    assert counter.calls == 1
    CHANGES[change](state, headers)
    client.get(PROFILE, headers=headers)
    assert counter.calls == 2


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/accesstoken.srf"),
        ("GET", "/oauth20_authorize.srf"),
        ("GET", "/_mock/health"),
        ("POST", "/1/content/music/collection/add"),
        ("HEAD", LOOKUP),
        ("GET", f"/1/content/{GET_LUCKY}/preview"),
    ],
)
def test_any_request_but_a_replayable_read_stops_every_replay(
    client: httpx.Client, state: MockState, counter: CountingStack, method: str, url: str
):
    headers = app_bearer(state)
    twice(client, LOOKUP, headers)
    before = state.version
    client.request(method, url)
    assert state.version > before
    client.get(LOOKUP, headers=headers)
    assert counter.calls == 3  # the two firsts and the request in between


def test_a_revoked_token_is_refused_at_once(client: httpx.Client, state: MockState):
    headers = app_bearer(state)
    assert [r.status_code for r in twice(client, LOOKUP, headers)] == [200, 200]
    _revoke(state, headers)
    refused = client.get(LOOKUP, headers=headers)
    assert refused.status_code == 401
    assert refused.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_INVALID"


def test_a_collection_edit_shows_in_the_next_browse(client: httpx.Client, state: MockState):
    headers = user_bearer(state)
    before = client.get(BROWSE, headers=headers).json()["Tracks"]["TotalItemCount"]
    added = client.post(
        "/1/content/music/collection/add",
        json={"TrackIds": [OTHER_TRACK]},
        headers=headers,
    )
    assert added.status_code == 200, added.text
    after = client.get(BROWSE, headers=headers).json()["Tracks"]["TotalItemCount"]
    assert after == before + 1


def test_a_token_that_expires_as_time_runs_is_refused_without_a_clock_jump(
    app: MockApp, client: httpx.Client, state: MockState, monkeypatch: pytest.MonkeyPatch
):
    headers = app_bearer(state, lifetime=60)
    assert [r.status_code for r in twice(client, LOOKUP, headers)] == [200, 200]
    assert app.replay is not None
    (answer,) = app.replay.answers.values()
    token = headers["Authorization"].removeprefix("Bearer ")
    claims = state.tokens.decode(token)
    assert claims is not None and answer.until == claims.expires_at
    later = time.time() + 61  # real time passes: no jump, no version change
    monkeypatch.setattr("mock_server._clock.time", SimpleNamespace(time=lambda: later))
    expired = client.get(LOOKUP, headers=headers)
    assert expired.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_EXPIRED"


def test_an_answer_holding_a_running_clock_reading_is_kept_one_second_at_most(
    app: MockApp, client: httpx.Client, state: MockState
):
    started = state.clock.now()
    page = client.get(CATALOG_BROWSE, params={"maxItems": 2}, headers=app_bearer(state))
    assert page.json()["Albums"]["ContinuationToken"]
    assert app.replay is not None
    (answer,) = app.replay.answers.values()
    assert started < answer.until <= state.clock.now() + RUNNING_READ_WINDOW


def test_on_a_frozen_clock_the_same_answer_lasts_until_its_token_expires(
    app: MockApp, client: httpx.Client, state: MockState
):
    state.clock.freeze()
    headers = app_bearer(state, lifetime=600)
    client.get(CATALOG_BROWSE, params={"maxItems": 2}, headers=headers)
    assert app.replay is not None
    (answer,) = app.replay.answers.values()
    assert answer.until == state.clock.now() + 600


# what is never replayed ------------------------------------------------------------------------


def test_a_queued_fault_is_never_skipped(
    client: httpx.Client, state: MockState, counter: CountingStack
):
    headers = app_bearer(state)
    twice(client, LOOKUP, headers)
    MockControl(state).inject("/1/content/*", error="SERVICE_UNAVAILABLE", status=503)
    faulted = client.get(LOOKUP, headers=headers)
    assert faulted.status_code == 503
    assert client.get(LOOKUP, headers=headers).status_code == 200
    assert counter.calls == 3


@pytest.mark.parametrize(
    "url", [f"/1/content/{GET_LUCKY}/preview", "/1/content/music/radio/recentlyplayed"]
)
def test_reads_that_change_state_are_never_recorded(
    app: MockApp, client: httpx.Client, state: MockState, url: str
):
    headers = user_bearer(state)
    before = state.version
    twice(client, url, headers)
    assert app.replay is not None
    assert not app.replay.answers
    assert state.version >= before + 2


def test_a_get_with_a_body_is_not_recorded(app: MockApp, client: httpx.Client, state: MockState):
    client.request("GET", LOOKUP, headers=app_bearer(state), content=b"x=1")
    assert app.replay is not None
    assert not app.replay.answers


def test_server_errors_and_streamed_bodies_are_not_recorded():
    scope: Scope = {"headers": [], "groove.entry": None}
    start: Message = {"type": "http.response.start", "status": 200, "headers": []}
    body: Message = {"type": "http.response.body", "body": b"{}"}
    assert _answer_of(scope, [start, body], 0, 1.0) is None  # no journal entry

    scope["groove.entry"] = JournalEntry(seq=1, time=0, method="GET", path="/1/x", query_names=())
    assert _answer_of(scope, [start, body], 0, 1.0) is not None
    assert _answer_of(scope, [{**start, "status": 500}, body], 0, 1.0) is None
    assert _answer_of(scope, [start, {**body, "more_body": True}], 0, 1.0) is None
    assert _answer_of(scope, [start], 0, 1.0) is None


def test_recorded_answers_are_bounded(
    app: MockApp, client: httpx.Client, state: MockState, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("mock_server._replay.MAX_ANSWERS", 3)
    headers = app_bearer(state)
    for market in ("US", "FR", "DE", "GB", "JP"):
        client.get(LOOKUP, params={"market": market}, headers=headers)
    assert app.replay is not None
    assert len(app.replay.answers) == 3


def test_recorded_bodies_are_bounded_in_bytes(
    app: MockApp, client: httpx.Client, state: MockState, monkeypatch: pytest.MonkeyPatch
):
    headers = app_bearer(state)
    client.get(LOOKUP, headers=headers)
    assert app.replay is not None
    one = app.replay.body_bytes
    assert one > 0
    monkeypatch.setattr("mock_server._replay.MAX_TOTAL_BYTES", 2 * one + one // 2)
    for market in ("FR", "DE", "GB", "JP"):
        client.get(LOOKUP, params={"market": market}, headers=headers)
    assert len(app.replay.answers) == 2
    assert app.replay.body_bytes == sum(len(a.body) for a in app.replay.answers.values())
    assert app.replay.body_bytes <= 2 * one + one // 2


def test_replay_off_runs_every_request_in_full(state: MockState):
    app = create_app(Settings(answer_replay="off"))
    with httpx.Client(transport=InProcessTransport(app), base_url=BASE_URL) as http:
        assert http.get(LOOKUP).status_code == 401
    assert isinstance(app, MockApp)
    assert app.replay is None


def test_an_app_without_the_api_has_no_replay(state: MockState):
    app = create_app(state=state, sides=("auth", "control"))
    asyncio.run(_call(app, "/_mock/health"))
    assert app.replay is None


async def _call(app: MockApp, path: str) -> None:
    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        return None

    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("127.0.0.1", 8080),
    }
    await app(scope, receive, send)


def test_every_replayable_route_is_a_read_of_the_api(app: MockApp):
    methods = {route.path: route.methods for route in app.routes if getattr(route, "methods", None)}
    for path in REPLAYABLE_ROUTES:
        assert path in methods, f"{path} is not a route any more"
        assert methods[path] <= {"GET", "HEAD"}, path


def test_an_api_get_that_reaches_no_route_changes_nothing(client: httpx.Client, state: MockState):
    before = state.version
    assert client.get("/1/content/music/no/such/thing").status_code == 404
    assert client.get(LOOKUP, headers={"Accept": "application/xml"}).status_code == 400
    assert state.version == before


def test_a_replayed_entry_carries_every_field_of_the_recorded_one(state: MockState):
    # Recording (_answer_of) and replaying (_replay) each name the entry's fields: a field
    # added to JournalEntry and left out of either would be lost on every replay.
    recorded = JournalEntry(
        seq=7,
        time=1.0,
        method="GET",
        path="/1/x",
        query_names=("market",),
        side="api",
        status=401,
        error_code="ACCESS_TOKEN_EXPIRED",
        credentials=[CredentialSeen("header", "fp")],
        token_kind="app",
        token_fingerprint="fp",
        client_id="c",
        user_id="u",
        violations=["expired-token"],
        fault=None,
        duration_ms=3.0,
    )
    defaults = JournalEntry(seq=0, time=0.0, method="", path="", query_names=())
    request_own = {"seq", "time", "duration_ms", "fault"}
    for name in recorded.to_json():
        # Only API reads are replayed, so `side` is always its default, "api".
        if name not in request_own | {"side"}:
            assert recorded.to_json()[name] != defaults.to_json()[name], name
    scope: Scope = {"path": "/1/x", "headers": [], "groove.entry": recorded}
    start: Message = {"type": "http.response.start", "status": 401, "headers": []}
    answer = _answer_of(scope, [start, {"type": "http.response.body", "body": b"{}"}], 0, 9.0)
    assert answer is not None
    replay = AnswerReplay(create_app(state=state), state, paused=lambda: False)
    replayed_scope: Scope = {"path": "/1/x"}

    async def drop(message: Message) -> None:
        return None

    asyncio.run(replay._replay(replayed_scope, answer, drop))
    replayed = replayed_scope["groove.entry"]
    assert isinstance(replayed, JournalEntry)
    mine = {k: v for k, v in recorded.to_json().items() if k not in request_own}
    assert {k: v for k, v in replayed.to_json().items() if k not in request_own} == mine
