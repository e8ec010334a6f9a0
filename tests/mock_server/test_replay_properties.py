"""Answer replay against the full stack (mock_server/_replay.py).

The oracle: whatever `app` (the replay in front of the full stack) answers to a read, the full
stack behind it (`app.replay.app`) answers the same bytes to the same request right now, and
journals the same entry (less its sequence number, time and duration). A Hypothesis state
machine mixes reads (catalog lookups, browses and their continuation tokens, collection browse,
profile, search; nine kinds of credential, Origin and Accept-Language) with every change a read
depends on (collection and playlist edits over HTTP and in process, clock jumps, revocation,
sign-out, consent, Music Pass, language, app enrollment, caps, reset, faults). Its
`around_a_change` rule is where a stale replay would show: reads recorded, one change and
nothing else, the same reads again. The clock stays frozen, so continuation tokens are the same
bytes however often they are made.

The machine also predicts when a read must be replayed (its answer was recorded at the state
version that is still current, and no fault is queued) and checks that it was: a replay that
never happens would pass the oracle too.

Then deterministic tests: every read of the pool replayed byte for byte without reaching the
stack, continuation through replayed pages, faults on recorded reads, two apps on one state
(the two-port layout of `start_server`), and two bugs the machine found (now fixed): an outer
middleware that edits the answer's headers in place, and a cap lowered on a live store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from replay_support import CountingStack

from mock_server import MockState, Settings, TokenKind, create_app
from mock_server._app import MockApp
from mock_server._replay import MAX_BODY_BYTES
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE
from mock_server.control import MockControl
from mock_server.control._fault_queue import FaultQueue
from mock_server.groove._errors import CollectionFull
from mock_server.groove.library._collection import CollectionStore
from mock_server.groove.library._from_catalog import track_resolver
from mock_server.types import ASGIApp, Message, Scope

EPOCH = 1_700_000_000.0
WEB_APP = "000000004C1B7E2A"
ADA = "4a1f9c2e7b3d5068"  # paid Music Pass, US
CLEO = "9e3d6a0f2c7b1845"  # no Music Pass, GB
USERS = {"ada": ADA, "cleo": CLEO}

DAFT_PUNK = "music.C61C0000-0200-11DB-89CA-0019B92A3933"
RAM = "music.B13EB907-0100-11DB-89CA-0019B92A3933"
GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
GIVE_LIFE_BACK = "music.AA3EB907-0100-11DB-89CA-0019B92A3933"
DISCOVERY = "music.3E362806-0100-11DB-89CA-0019B92A3933"
NOTHING = "music.00000000-0000-0000-0000-000000000000"
TRACKS = (GET_LUCKY, GIVE_LIFE_BACK)
SHORT_LIFETIME = 600.0


# requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    name: str
    path: str
    params: tuple[tuple[str, str], ...] = ()


READS = (
    Read("lookup track", f"/1/content/{GET_LUCKY}/lookup"),
    Read("lookup album with tracks", f"/1/content/{RAM}/lookup", (("extras", "Tracks"),)),
    Read("lookup two", f"/1/content/{GET_LUCKY},{GIVE_LIFE_BACK}/lookup"),
    Read("lookup unknown", f"/1/content/{NOTHING}/lookup"),
    Read(
        "lookup in collection", f"/1/content/{GIVE_LIFE_BACK}/lookup", (("source", "collection"),)
    ),
    Read(
        "lookup album in collection",
        f"/1/content/{RAM}/lookup",
        (("source", "collection"), ("extras", "Tracks")),
    ),
    Read("catalog albums page", "/1/content/music/catalog/albums/browse", (("maxItems", "2"),)),
    Read(
        "album tracks page",
        f"/1/content/{DISCOVERY}/catalog/album/tracks/browse",
        (("maxItems", "3"),),
    ),
    Read("artist albums", f"/1/content/{DAFT_PUNK}/catalog/artist/albums/browse"),
    Read("collection tracks", "/1/content/music/collection/tracks/browse", (("maxItems", "2"),)),
    Read("collection playlists", "/1/content/music/collection/playlists/browse"),
    Read("collection albums", "/1/content/music/collection/albums/browse", (("maxItems", "3"),)),
    Read("profile", "/1/user/music/profile"),
    Read("search", "/1/content/music/search", (("q", "daft punk"), ("maxItems", "2"))),
    Read(
        "search collection",
        "/1/content/music/search",
        (("q", "get lucky"), ("source", "collection")),
    ),
    Read("genres", "/3/content/music/catalog/genres"),
    Read("spotlight", "/1/content/music/spotlight"),
)

READ = {read.name: read for read in READS}

CREDENTIALS = (
    "none",
    "app",
    "ada",
    "cleo",
    "ada-short",
    "revoked",
    "two",
    "malformed",
    "ada-in-query",
)
ORIGIN = (b"origin", b"https://player.example")
FRENCH = (b"accept-language", b"fr-FR,fr;q=0.9")


@dataclass(frozen=True)
class Request:
    """One HTTP request, as plain data: each call makes a fresh ASGI scope from it."""

    method: str
    path: str
    query: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""

    def scope(self) -> Scope:
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": self.method,
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": self.query,
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1:8080"), *self.headers],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8080),
        }


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def _call(app: ASGIApp, request: Request, owner: MockApp | None = None) -> Answer:
    messages: list[Message] = []
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": request.body, "more_body": False}

    async def send(message: Message) -> None:
        messages.append(message)

    scope = request.scope()
    if owner is not None:
        scope["app"] = owner  # what Starlette's __call__ sets before its middleware stack
    await app(scope, receive, send)
    start, *bodies = messages
    assert start["type"] == "http.response.start", messages
    return Answer(
        start["status"],
        tuple((bytes(k), bytes(v)) for k, v in start.get("headers", [])),
        b"".join(bytes(m.get("body", b"")) for m in bodies),
    )


OWN = ("seq", "time", "duration_ms")


def _journaled(entries: list[Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.to_json().items() if k not in OWN} for e in entries]


class Mock:
    """One state, its app with the replay, the full stack behind it (counted), an event loop."""

    def __init__(self, state: MockState | None = None, app: MockApp | None = None):
        self.state = state or MockState(Settings())
        self.state.clock.freeze(EPOCH)
        built = app or create_app(state=self.state)
        assert isinstance(built, MockApp)
        self.app = built
        self.loop = asyncio.new_event_loop()
        self.run(self.app, Request("GET", "/_mock/health"))  # builds the middleware stack
        assert self.app.replay is not None
        self.replay = self.app.replay
        self.stack = CountingStack(self.replay)
        self.full = self.stack.inner

    def close(self) -> None:
        self.loop.close()

    def run(self, app: ASGIApp, request: Request) -> Answer:
        return self.loop.run_until_complete(_call(app, request, self.app))

    def journaled(self, app: ASGIApp, request: Request) -> tuple[Answer, list[dict[str, Any]]]:
        cursor = self.state.journal.cursor
        answer = self.run(app, request)
        entries, _ = self.state.journal.read_after(cursor)
        return answer, _journaled(entries)

    def mint(self, kind: str, user: str | None = None, lifetime: float = 3600.0) -> str:
        if kind == "app":
            return self.state.tokens.mint(
                TokenKind.APP, WEB_APP, lifetime=lifetime, scopes={APP_SCOPE}
            )[0]
        return self.state.tokens.mint(
            TokenKind.USER, WEB_APP, lifetime=lifetime, user_id=user, scopes={GROOVE_SCOPE}
        )[0]


def _bearer(token: str) -> tuple[bytes, bytes]:
    return (b"authorization", f"Bearer {token}".encode())


def make_request(
    read: Read,
    credential: str,
    tokens: dict[str, str],
    *,
    origin: bool = False,
    french: bool = False,
) -> Request:
    headers: list[tuple[bytes, bytes]] = []
    params = list(read.params)
    if credential in ("app", "ada", "cleo", "ada-short", "revoked"):
        headers.append(_bearer(tokens[credential]))
    elif credential == "two":
        headers += [_bearer(tokens["ada"]), _bearer(tokens["app"])]
    elif credential == "malformed":
        headers.append((b"authorization", b"Bearer not a token!"))
    elif credential == "ada-in-query":
        params.append(("access_token", tokens["ada"]))
    if origin:
        headers.append(ORIGIN)
    if french:
        headers.append(FRENCH)
    return Request("GET", read.path, urlencode(params).encode(), tuple(headers))


def continuations(request: Request, answer: Answer) -> list[Request]:
    """The same request with each continuation token the answer holds: with nothing else of
    its query but a query credential, as documented, and with all of it (which the journal
    notes as a violation)."""
    if answer.status != 200:
        return []
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "ContinuationToken" and isinstance(inner, str):
                    found.append(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(answer.json())
    query = parse_qsl(request.query.decode(), keep_blank_values=True)
    kept = [(name, value) for name, value in query if name == "access_token"]
    return [
        Request(
            "GET",
            request.path,
            urlencode([("continuationToken", token), *rest]).encode(),
            request.headers,
        )
        for token in found
        for rest in dict.fromkeys((tuple(kept), tuple(query)))
    ]


def _json_post(path: str, token: str, body: dict[str, Any]) -> Request:
    return Request(
        "POST",
        path,
        b"",
        (_bearer(token), (b"content-type", b"application/json")),
        json.dumps(body).encode(),
    )


# the state machine ---------------------------------------------------------------------------

USER_NAMES = st.sampled_from(sorted(USERS))
CHANGES: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "edit_collection": {
        "user": USER_NAMES,
        "track": st.sampled_from(TRACKS),
        "add": st.booleans(),
    },
    "create_playlist": {"user": USER_NAMES, "track": st.sampled_from(TRACKS)},
    "edit_collection_in_process": {
        "user": USER_NAMES,
        "track": st.sampled_from(TRACKS),
        "add": st.booleans(),
    },
    "advance_clock": {"seconds": st.sampled_from([1.0, 120.0, 300.0, SHORT_LIFETIME + 1, 3601.0])},
    "revoke_token": {"credential": st.sampled_from(["app", "ada", "cleo", "ada-short"])},
    "sign_out": {"user": USER_NAMES},
    "revoke_consent": {"user": USER_NAMES},
    "change_music_pass": {
        "user": USER_NAMES,
        "music_pass": st.sampled_from(["paid", "trial", "none"]),
    },
    "change_language": {"language": st.sampled_from(["en", "fr"])},
    "enroll_app": {"enrolled": st.booleans()},
    "lower_cap": {
        "cap": st.sampled_from(["track_cap", "playlist_cap"]),
        "value": st.integers(0, 12),
    },
    "reset": {},
    "fault_on_a_read": {
        "read": st.sampled_from(READS),
        "credential": st.sampled_from(["app", "ada", "none"]),
        "kind": st.sampled_from(["503", "429", "pass"]),
    },
    "stray_fault": {},
}
"""Every change the machine makes: the arguments of the machine's method of that name."""

READ_BATCHES = st.lists(
    st.tuples(
        st.sampled_from(READS),
        st.sampled_from(CREDENTIALS),
        st.booleans(),  # Origin
        st.booleans(),  # Accept-Language
        st.booleans(),  # again, at once
    ),
    min_size=1,
    max_size=5,
)

STATS: Counter[str] = Counter()
"""What the machine did over a whole test: reads, reads predicted to be replayed, reads
replayed, faults fired, and how many of each change."""


class ReplayMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = Mock()
        self.state = self.mock.state
        self.faults = self.state.part(FaultQueue)
        self.control = MockControl(self.state)
        self.tokens: dict[str, str] = {}
        self.recorded: dict[Request, int] = {}
        """Request -> the state version its answer was recorded at (the model's prediction)."""
        self.pages: list[Request] = []
        """Requests for the next pages of lists read so far."""
        self.history: list[Request] = []
        """Recent reads: reading one again after a change is where a stale replay would be."""

    @initialize()
    def credentials(self) -> None:
        self.tokens = {
            "app": self.mock.mint("app"),
            "ada": self.mock.mint("user", ADA),
            "cleo": self.mock.mint("user", CLEO),
            "ada-short": self.mock.mint("user", ADA, lifetime=SHORT_LIFETIME),
            "revoked": self.mock.mint("user", CLEO),
        }
        self.control.revoke_token(self.tokens["revoked"])

    def teardown(self) -> None:
        self.mock.close()

    # reads ---------------------------------------------------------------------------------

    def check_read(self, request: Request) -> Answer:
        """One read through the replay, checked against the full stack right after."""
        mock = self.mock
        before, paused, reached = self.state.version, self.faults.armed, mock.stack.calls
        got, got_entry = mock.journaled(mock.app, request)
        replayed = mock.stack.calls == reached
        after = self.state.version
        want, want_entry = mock.journaled(mock.full, request)

        assert got.status == want.status, (request, got.body, want.body)
        assert got.headers == want.headers, request
        assert got.body == want.body, request
        assert got_entry == want_entry, request
        assert len(got_entry) == 1, got_entry

        predicted = not paused and self.recorded.get(request) == before
        if predicted:
            STATS["predicted"] += 1
            assert replayed, f"not replayed at the version it was recorded at: {request}"
        if replayed:
            STATS["replayed"] += 1
            assert not paused, "replayed while a fault was queued"
        STATS["reads"] += 1
        if not paused and after == before and got.status < 500 and len(got.body) <= MAX_BODY_BYTES:
            self.recorded[request] = before
        if request not in self.history:
            self.history = [*self.history, request][-16:]
        self.pages = [*self.pages, *continuations(request, got)][-16:]
        return got

    @rule(reads=READ_BATCHES)
    def read(self, reads: list[tuple[Read, str, bool, bool, bool]]) -> None:
        """A few reads, each maybe twice in a row."""
        for read, credential, origin, french, again in reads:
            request = make_request(read, credential, self.tokens, origin=origin, french=french)
            self.check_read(request)
            if again:
                self.check_read(request)

    @precondition(lambda self: bool(self.history))
    @rule(data=st.data())
    def read_again(self, data: st.DataObject) -> None:
        """Recent reads again, as a client polls: after the changes since, if any."""
        picked = data.draw(
            st.lists(st.sampled_from(self.history), min_size=1, max_size=4), label="reads"
        )
        for request in picked:
            self.check_read(request)

    @precondition(lambda self: bool(self.pages))
    @rule(data=st.data())
    def follow(self, data: st.DataObject) -> None:
        """The next page of a list read before (its token may have expired since)."""
        self.check_read(data.draw(st.sampled_from(self.pages), label="page"))

    # changes: `change` makes one, `around_a_change` reads around one ----------------------

    def post(self, path: str, user: str, body: dict[str, Any]) -> Answer:
        """A write as the user, with a token minted now: through the replay, as a client."""
        token = self.mock.mint("user", USERS[user])
        answer = self.mock.run(self.mock.app, _json_post(path, token, body))
        assert answer.status < 500, answer.body
        return answer

    def edit_collection(self, user: str, track: str, add: bool) -> None:
        """Over HTTP, through the replay."""
        verb = "add" if add else "delete"
        self.post(f"/1/content/music/collection/{verb}", user, {"TrackIds": [track]})

    def create_playlist(self, user: str, track: str) -> None:
        self.post(
            "/1/content/music/collection/playlists/create",
            user,
            {"Name": "Mix", "TrackActions": [{"Action": "Add", "Id": track}]},
        )

    def edit_collection_in_process(self, user: str, track: str, add: bool) -> None:
        store = self.state.part(CollectionStore)
        change = store.add_tracks if add else store.delete_tracks
        with contextlib.suppress(CollectionFull):  # a cap lowered below the collection
            change(USERS[user], [track], track_resolver(self.state))

    def advance_clock(self, seconds: float) -> None:
        self.state.clock.advance(seconds)

    def revoke_token(self, credential: str) -> None:
        self.control.revoke_token(self.tokens[credential])

    def sign_out(self, user: str) -> None:
        self.state.sign_out(USERS[user], WEB_APP)

    def revoke_consent(self, user: str) -> None:
        self.control.revoke_consent(USERS[user], WEB_APP)

    def change_music_pass(self, user: str, music_pass: Any) -> None:
        self.control.put_user(USERS[user], music_pass=music_pass)

    def change_language(self, language: str) -> None:
        self.control.put_user(ADA, language=language)

    def enroll_app(self, enrolled: bool) -> None:
        self.control.put_app(WEB_APP, enrolled=enrolled)

    def lower_cap(self, cap: str, value: int) -> None:
        setattr(self.state.part(CollectionStore), cap, value)

    def reset(self) -> None:
        self.state.reset()
        self.state.clock.freeze(EPOCH)

    def fault_on_a_read(self, read: Read, credential: str, kind: str) -> None:
        """A fault queued for a read (perhaps recorded before) fires on it: never skipped."""
        request = make_request(read, credential, self.tokens)
        if self.faults.armed:
            self.control.clear_faults()
        spec: dict[str, Any] = {"method": "GET"}
        if kind == "503":
            spec.update(error="SERVICE_UNAVAILABLE", status=503)
        elif kind == "429":
            spec.update(error="TOO_MANY_REQUESTS", retry_after=7)
        self.control.inject(read.path, **spec)
        reached = self.mock.stack.calls
        got, (entry,) = self.mock.journaled(self.mock.app, request)
        assert self.mock.stack.calls == reached + 1, "the fault was skipped by a replay"
        assert entry["fault"] is not None, entry
        assert not self.faults.armed
        if kind == "pass":
            want, (want_entry,) = self.mock.journaled(self.mock.full, request)
            assert (got.status, got.headers, got.body) == (want.status, want.headers, want.body)
            assert {**entry, "fault": None} == want_entry
        else:
            assert got.status == int(kind), got.body
        STATS["faults fired"] += 1

    def stray_fault(self) -> None:
        """A fault no read matches: reads go through in full while it is queued."""
        self.control.inject("/1/content/*/preview", method="GET", status=503)

    @precondition(lambda self: self.faults.armed)
    @rule()
    def clear_faults(self) -> None:
        self.control.clear_faults()

    def apply(self, change: str, data: st.DataObject) -> None:
        arguments = data.draw(st.fixed_dictionaries(CHANGES[change]), label=change)
        getattr(self, change)(**arguments)
        STATS[change] += 1

    @rule(change=st.sampled_from(sorted(CHANGES)), data=st.data())
    def change(self, change: str, data: st.DataObject) -> None:
        self.apply(change, data)

    @rule(reads=READ_BATCHES, change=st.sampled_from(sorted(CHANGES)), data=st.data())
    def around_a_change(
        self, reads: list[tuple[Read, str, bool, bool, bool]], change: str, data: st.DataObject
    ) -> None:
        """Where a stale replay would show: reads recorded (each made twice, as a first
        collection read seeds it), one change and nothing else, the same reads again."""
        requests = [
            make_request(read, credential, self.tokens, origin=origin, french=french)
            for read, credential, origin, french, _ in reads
        ]
        if self.history:
            recent = st.lists(st.sampled_from(self.history), max_size=3, unique=True)
            requests += data.draw(recent, label="and recent reads")
        for request in requests:
            self.check_read(request)
            self.check_read(request)
        self.apply(change, data)
        for request in requests:
            self.check_read(request)

    @invariant()
    def clock_is_frozen(self) -> None:
        assert self.state.clock.frozen


def _machine_settings() -> settings:
    """Half the profile's examples, of 40 steps each (about a second in the default profile)."""
    parent = settings()
    return settings(
        parent,
        max_examples=max(10, parent.max_examples // 2),
        stateful_step_count=40,
        deadline=None,
        suppress_health_check=[*parent.suppress_health_check, HealthCheck.too_slow],
    )


@pytest.mark.fuzz
def test_a_read_through_the_replay_answers_what_the_full_stack_answers_now():
    STATS.clear()
    run_state_machine_as_test(ReplayMachine, settings=_machine_settings())
    # The oracle alone passes a replay that never replays: the machine must have seen some,
    # each one where the model predicted it, and faults fired on reads.
    assert STATS["replayed"] >= STATS["predicted"] > 0, STATS
    assert STATS["faults fired"] > 0, STATS


# deterministic tests -------------------------------------------------------------------------


@pytest.fixture
def mock() -> Iterator[Mock]:
    made = Mock()
    yield made
    made.close()


def _tokens(mock: Mock) -> dict[str, str]:
    tokens = {
        "app": mock.mint("app"),
        "ada": mock.mint("user", ADA),
        "cleo": mock.mint("user", CLEO),
        "ada-short": mock.mint("user", ADA, lifetime=SHORT_LIFETIME),
        "revoked": mock.mint("user", CLEO),
    }
    MockControl(mock.state).revoke_token(tokens["revoked"])
    return tokens


def _same_as_full_stack(mock: Mock, request: Request) -> Answer:
    got, got_entry = mock.journaled(mock.app, request)
    want, want_entry = mock.journaled(mock.full, request)
    assert (got.status, got.headers, got.body) == (want.status, want.headers, want.body)
    assert got_entry == want_entry
    return got


@pytest.mark.parametrize("read", READS, ids=[r.name for r in READS])
def test_every_read_of_the_pool_is_replayed_with_the_full_stack_s_bytes(mock: Mock, read: Read):
    tokens = _tokens(mock)
    for credential in CREDENTIALS:
        for origin, french in ((False, False), (True, True)):
            request = make_request(read, credential, tokens, origin=origin, french=french)
            _same_as_full_stack(mock, request)  # a first collection read seeds it: not kept
            first = _same_as_full_stack(mock, request)
            reached = mock.stack.calls
            again = _same_as_full_stack(mock, request)
            assert mock.stack.calls == reached, f"{credential}: the repeat reached the stack"
            assert again == first


def test_continuing_from_a_replayed_page_reaches_the_next_page(mock: Mock):
    request = make_request(READ["catalog albums page"], "app", _tokens(mock))
    first = _same_as_full_stack(mock, request)
    replayed = _same_as_full_stack(mock, request)
    assert replayed == first
    following, _with_max_items = continuations(request, replayed)
    second = _same_as_full_stack(mock, following)
    assert second.status == 200
    assert second.json()["Albums"]["Items"] != first.json()["Albums"]["Items"]
    reached = mock.stack.calls
    assert _same_as_full_stack(mock, following) == second
    assert mock.stack.calls == reached


def test_a_collection_edit_over_http_shows_in_every_read_that_depends_on_it(mock: Mock):
    tokens = _tokens(mock)
    reads = [
        make_request(read, "ada", tokens)
        for read in READS
        if read.name in ("lookup in collection", "collection tracks", "profile")
    ]
    for request in reads:
        _same_as_full_stack(mock, request)
        _same_as_full_stack(mock, request)
    before = [_same_as_full_stack(mock, request) for request in reads]
    token = mock.mint("user", ADA)
    added = mock.run(
        mock.app,
        _json_post("/1/content/music/collection/add", token, {"TrackIds": [GIVE_LIFE_BACK]}),
    )
    assert added.status == 200, added.body
    after = [_same_as_full_stack(mock, request) for request in reads]
    for old, new in zip(before, after, strict=True):
        assert old.body != new.body


@pytest.mark.parametrize("kind", ["pass", "delay"])
def test_a_fault_that_lets_a_recorded_read_through_is_journaled_and_not_recorded(
    mock: Mock, kind: str
):
    request = make_request(READ["lookup track"], "app", _tokens(mock))
    first = _same_as_full_stack(mock, request)
    _same_as_full_stack(mock, request)
    control = MockControl(mock.state)
    control.inject(READ["lookup track"].path, method="GET", delay=0.001 if kind == "delay" else 0)
    reached = mock.stack.calls
    got, (entry,) = mock.journaled(mock.app, request)
    assert mock.stack.calls == reached + 1
    assert got == first
    assert entry["fault"] is not None and entry["fault"].startswith("f1:")
    reached = mock.stack.calls
    _, (entry,) = mock.journaled(mock.app, request)  # recorded again after the fault fired
    assert entry["fault"] is None
    assert mock.stack.calls == reached + 1


def test_a_fault_queued_for_another_path_holds_every_replay(mock: Mock):
    request = make_request(READ["lookup track"], "app", _tokens(mock))
    _same_as_full_stack(mock, request)
    MockControl(mock.state).inject("/1/content/*/preview", status=503)
    reached = mock.stack.calls
    for _ in range(3):
        _same_as_full_stack(mock, request)
    assert mock.stack.calls == reached + 3


def _two_apps() -> tuple[Mock, MockApp]:
    """The layout of `start_server` on two ports: the API on one app (with the replay), the
    sign-in and control plane on another, one state."""
    state = MockState(Settings())
    api = create_app(state=state, sides=("api",))
    other = create_app(state=state, sides=("auth", "control"))
    assert isinstance(api, MockApp) and isinstance(other, MockApp)
    return Mock(state, api), other


CONTROL_CHANGES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "clock advanced": ("POST", "/_mock/clock/advance", {"seconds": 4000}),
    "music pass removed": ("PUT", f"/_mock/users/{ADA}", {"music_pass": "none"}),
    "language changed": ("PUT", f"/_mock/users/{ADA}", {"language": "fr"}),
    "consent revoked": ("POST", f"/_mock/users/{ADA}/revoke-consent", {"client_id": WEB_APP}),
    "app unenrolled": ("PUT", f"/_mock/apps/{WEB_APP}", {"enrolled": False}),
    "reset": ("POST", "/_mock/reset", {}),
}


@pytest.mark.parametrize("change", CONTROL_CHANGES)
def test_a_change_through_the_other_app_stops_the_api_app_s_replays(change: str):
    mock, other = _two_apps()
    try:
        token = mock.mint("user", ADA)
        added = mock.run(
            mock.app,
            _json_post("/1/content/music/collection/add", token, {"TrackIds": [GIVE_LIFE_BACK]}),
        )
        assert added.status == 200, added.body  # so that a reset changes the collection too
        request = make_request(READ["profile"], "ada", {"ada": token})
        _same_as_full_stack(mock, request)
        before = _same_as_full_stack(mock, request)
        method, path, body = CONTROL_CHANGES[change]
        done = mock.run(
            other,
            Request(
                method,
                path,
                b"",
                ((b"content-type", b"application/json"),),
                json.dumps(body).encode(),
            ),
        )
        assert done.status == 200, done.body
        if change == "reset":
            mock.state.clock.freeze(EPOCH)
        after = _same_as_full_stack(mock, request)
        assert after.body != before.body
    finally:
        mock.close()


def test_a_token_revoked_through_the_other_app_is_refused_at_once():
    mock, other = _two_apps()
    try:
        token = mock.mint("app")
        request = make_request(READ["lookup track"], "app", {"app": token})
        _same_as_full_stack(mock, request)
        assert _same_as_full_stack(mock, request).status == 200
        done = mock.run(
            other,
            Request(
                "POST",
                "/_mock/tokens/revoke",
                b"",
                ((b"content-type", b"application/json"),),
                json.dumps({"token": token}).encode(),
            ),
        )
        assert done.status == 200, done.body
        assert _same_as_full_stack(mock, request).status == 401
    finally:
        mock.close()


class StampEachAnswer:
    """An ASGI middleware around the mock that adds a header of its own (a request id, a trace
    header) to every answer, in place on the start message. (Starlette's
    `MutableHeaders(scope=message)` replaces the list instead: the first stamp is then kept
    in the recorded answer, without the growth.)"""

    def __init__(self, app: ASGIApp):
        self.app = app
        self.count = 0

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        self.count += 1
        stamp = str(self.count).encode()

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-number", stamp))
            await send(message)

        await self.app(scope, receive, stamped)


def test_a_middleware_around_the_mock_sees_a_fresh_answer_each_time(mock: Mock):
    outer = StampEachAnswer(mock.app)
    request = make_request(READ["lookup track"], "app", _tokens(mock))
    stamps = []
    for _ in range(3):
        answer = mock.run(outer, request)
        stamps.append([value for name, value in answer.headers if name == b"x-request-number"])
    assert stamps == [[b"1"], [b"2"], [b"3"]]


@pytest.mark.parametrize(
    ("cap", "count", "remaining"),
    [
        ("track_cap", "TrackCount", "RemainingTrackCount"),
        ("playlist_cap", "PlaylistCount", "RemainingPlaylistCount"),
    ],
)
def test_a_cap_lowered_shows_in_the_profile_of_a_user_read_before(
    mock: Mock, cap: str, count: str, remaining: str
):
    request = make_request(READ["profile"], "ada", {"ada": mock.mint("user", ADA)})
    held = _same_as_full_stack(mock, request).json()["Collection"][count]
    setattr(mock.state.part(CollectionStore), cap, held + 4)
    assert _same_as_full_stack(mock, request).json()["Collection"][remaining] == 4
