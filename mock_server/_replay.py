"""Answer replay: a repeated Groove read gets the bytes of its first answer again, for as long
as nothing that answer depended on has changed.

A mock sits inside its users' test runs and load tests, where the same reads come back
thousands of times. Rendering and encoding a catalog page costs several times what the
framework costs; sending recorded bytes costs a dictionary lookup. What keeps a replay right:

- **The key is the whole request**: method, scheme, path (decoded and raw), query string and
  every header in order. A credential is a header or a query parameter, so another token (or the
  same one elsewhere) is another key, and so is another `Origin` or `Accept-Language`.
- **Only reads that change nothing are recorded**: the routes in `REPLAYABLE_ROUTES`, GET, no
  request body, no fault fired, not a 5xx, one body message. Every other request (a write, a
  sign-in, a stream, a control call) moves the state's version when it ends, so whatever it
  changed, nothing recorded before it is replayed after it; only an API GET that reached no
  route (a 404, a 400 of the API's middleware) leaves it, since no handler ran.
- **`MockState.version` moves on every change an answer can depend on** that does not come by
  HTTP: clock jumps, revocations, consent and sign-out, scenario edits, collection edits, reset.
  An answer is recorded with the version it began at and replayed only at that same version.
- **Time**: an answer is right until the first deadline it found still ahead (its token's
  expiry); one that embeds a running clock's reading (a continuation token's expiry) is
  replayed for one second at most. See `mock_server._clock.ClockReads`.
- **Faults**: while any fault is queued nothing is replayed or recorded.
- **Memory**: at most `MAX_ANSWERS` answers and `MAX_TOTAL_BYTES` of bodies, oldest out first.
- **The journal** gets an entry for every replayed request: the first answer's entry with its
  own sequence number, time and duration.

`Settings.answer_replay = "off"` (`groove-mock serve --answer-replay off`) leaves it out.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Hashable
from time import perf_counter

from ._clock import stop_watching, watch_reads
from ._journal import ENTRY_KEY, CredentialSeen, JournalEntry
from ._state import MockState
from ._values import DataValue, frozen_value
from .types import ASGIApp, Message, Receive, Scope, Send

REPLAYABLE_ROUTES = frozenset(
    {
        "/1/content/{ids}/lookup",
        "/1/content/{ns}/search",
        "/1/content/{ns}/catalog/genres",
        "/3/content/{ns}/catalog/genres",
        "/1/content/{ns}/catalog/moods",
        "/1/content/{ns}/catalog/activities",
        "/1/content/{ns}/catalog/{type}/browse",
        "/1/content/{ns}/spotlight",
        "/1/content/{ns}/newreleases",
        "/1/content/{id}/{source}/{browse_type}/{extra}/browse",
        "/1/content/{ns}/collection/{type}/browse",
        "/1/user/{ns}/profile",
    }
)
"""The Groove reads whose answer depends only on the request, the versioned state and the
clock: catalog, collection browse and profile. Not radio (`next` moves the station), preview and
stream (each call makes a new media ticket) nor the media itself."""

READ_PREFIXES = ("/1/", "/3/")
MAX_ANSWERS = 4096
MAX_BODY_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 16 * 1024 * 1024
"""Recorded bodies together: the oldest answers go first when a new one would not fit."""

RequestKey = tuple[Hashable, ...]


@frozen_value
class Answer(DataValue):
    """A recorded answer, and the journal entry of its request less what each request has of
    its own (sequence number, time, duration)."""

    version: int
    until: float
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    query_names: tuple[str, ...]
    error_code: str | None
    credentials: tuple[CredentialSeen, ...]
    token_kind: str | None
    token_fingerprint: str | None
    client_id: str | None
    user_id: str | None
    violations: tuple[str, ...]


def request_key(scope: Scope) -> RequestKey:
    return (
        scope["path"],
        scope.get("raw_path"),
        scope.get("query_string", b""),
        scope.get("scheme"),
        scope.get("root_path", ""),
        tuple(scope["headers"]),
    )


class AnswerReplay:
    """The outermost layer of an app that serves the Groove API (see the module docstring)."""

    def __init__(self, app: ASGIApp, state: MockState, paused: Callable[[], bool]):
        self.app = app
        self.state = state
        self.paused = paused
        self.answers: dict[RequestKey, Answer] = {}
        self.body_bytes = 0
        # Recording may race when several in-process transports (each with its own loop
        # thread) share one app; replaying only reads the dict.
        self._keeping = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(READ_PREFIXES)
            or self.paused()
        ):
            await self._changing(scope, receive, send)
            return
        key = request_key(scope)
        try:
            answer = self.answers.get(key)
        except TypeError:  # headers as lists, not tuples: no key, so no replay
            await self._changing(scope, receive, send)
            return
        if (
            answer is not None
            and answer.version == self.state.version
            and (answer.until == math.inf or self.state.clock.record_time() < answer.until)
        ):
            await self._replay(scope, answer, send)
            return
        await self._record(key, scope, receive, send)

    async def _changing(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A request that may change what reads answer: the version moves when it ends."""
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http":
                self.state.changed()

    async def _replay(self, scope: Scope, answer: Answer, send: Send) -> None:
        started = perf_counter()
        journal = self.state.journal
        entry = JournalEntry(
            seq=journal.next_seq(),
            time=self.state.clock.record_time(),
            method="GET",
            path=scope["path"],
            query_names=answer.query_names,
            status=answer.status,
            error_code=answer.error_code,
            credentials=list(answer.credentials),
            token_kind=answer.token_kind,
            token_fingerprint=answer.token_fingerprint,
            client_id=answer.client_id,
            user_id=answer.user_id,
            violations=list(answer.violations),
        )
        scope[ENTRY_KEY] = entry
        entry.duration_ms = (perf_counter() - started) * 1000
        journal.append(entry)
        await send(
            # A fresh list each time, for the same reason as in `keep`.
            {"type": "http.response.start", "status": answer.status, "headers": [*answer.headers]}
        )
        await send({"type": "http.response.body", "body": answer.body})

    async def _record(self, key: RequestKey, scope: Scope, receive: Receive, send: Send) -> None:
        version = self.state.version
        sent: list[Message] = []

        async def keep(message: Message) -> None:
            # As the mock sent it: a middleware wrapped around the app may edit the message.
            if message["type"] == "http.response.start":
                sent.append({**message, "headers": list(message.get("headers", []))})
            else:
                sent.append(message)
            await send(message)

        reads, watching = watch_reads()
        unchanging = False
        try:
            await self.app(scope, receive, keep)
            # No route reached (a 404, or an answer of the API's middleware such as the 400 to
            # an XML Accept header): no handler ran, so nothing can have changed.
            unchanging = scope.get("route") is None or _replayable(scope)
        finally:
            stop_watching(watching)
            if not unchanging:
                self.state.changed()
        if not _replayable(scope) or self.state.version != version:
            return
        answer = _answer_of(scope, sent, version, reads.until)
        if answer is not None:
            self._keep(key, answer)

    def _keep(self, key: RequestKey, answer: Answer) -> None:
        answers = self.answers
        with self._keeping:
            replaced = answers.pop(key, None)
            if replaced is not None:
                self.body_bytes -= len(replaced.body)
            while answers and (
                len(answers) >= MAX_ANSWERS or self.body_bytes + len(answer.body) > MAX_TOTAL_BYTES
            ):
                self.body_bytes -= len(answers.pop(next(iter(answers))).body)
            answers[key] = answer
            self.body_bytes += len(answer.body)


def _replayable(scope: Scope) -> bool:
    return getattr(scope.get("route"), "path", None) in REPLAYABLE_ROUTES


def _announces_body(name: bytes, value: bytes) -> bool:
    return name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0")


def _answer_of(scope: Scope, sent: list[Message], version: int, until: float) -> Answer | None:
    """The answer to record, or None when this one must not be replayed."""
    entry = scope.get(ENTRY_KEY)
    if not isinstance(entry, JournalEntry) or entry.fault is not None or len(sent) != 2:
        return None
    start, body = sent
    if (
        start["type"] != "http.response.start"
        or body["type"] != "http.response.body"
        or body.get("more_body", False)
        or start["status"] >= 500
        or len(body.get("body", b"")) > MAX_BODY_BYTES
        or any(_announces_body(name, value) for name, value in scope["headers"])
    ):
        return None
    return Answer(
        version=version,
        until=until,
        status=start["status"],
        headers=list(start.get("headers", [])),
        body=bytes(body.get("body", b"")),
        query_names=entry.query_names,
        error_code=entry.error_code,
        credentials=tuple(entry.credentials),
        token_kind=entry.token_kind,
        token_fingerprint=entry.token_fingerprint,
        client_id=entry.client_id,
        user_id=entry.user_id,
        violations=tuple(entry.violations),
    )
