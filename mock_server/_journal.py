"""The request journal: what reached the mock, never a secret or a token in clear.

A pure ASGI middleware opens one `JournalEntry` per request and puts it in the scope under
`ENTRY_KEY`; the handlers fill in what they learn (credentials found, token kind and
fingerprint, client, user, error code, contract violations); the entry is appended when the
response starts. The journal is bounded in entries (`journal_size`) and in bytes
(`journal_bytes`, counted by `entry_bytes`), so memory stays flat however long the server runs,
whatever the clients send.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from time import perf_counter
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect

from ._errors import NoResponse
from ._journal_entry import CredentialSeen as CredentialSeen
from ._journal_entry import JournalEntry as JournalEntry
from ._journal_entry import entry_bytes as entry_bytes
from .types import ASGIApp, Message, Receive, Scope, Send

ENTRY_KEY = "groove.entry"
CONTROL_PREFIX = "/_mock/"
# Bytes an entry may hold of what a client sent, whatever it sent: one entry stays within
# ENTRY_BOUND_BYTES, and the journal within `journal_bytes` in all (docs/hardening.md).
MAX_PATH_CHARS = 512
MAX_QUERY_NAMES = 32
MAX_QUERY_NAME_CHARS = 64
ENTRY_BOUND_BYTES = 8 * 1024
JOURNAL_BYTES = 4 * 1024 * 1024

log = logging.getLogger("groove_mock")
# How a client going away shows: Starlette's while reading a body, uvicorn's (an OSError)
# while sending an answer.
_GONE = (ClientDisconnect, ConnectionError, OSError)


FILTERS = (
    "path",
    "method",
    "status",
    "error_code",
    "token_kind",
    "client_id",
    "user_id",
    "side",
    "violation",
    "since",
)
"""The names `Journal.query` filters by; the control plane and the CLI take the same."""


class Journal:
    """A thread-safe log of `JournalEntry`, bounded in entries and in bytes: the oldest entries
    leave when either bound would be passed (the newest entry always stays)."""

    def __init__(self, max_entries: int = 10_000, max_bytes: int = JOURNAL_BYTES):
        self._max_entries = max(1, max_entries)
        self.max_bytes = max_bytes
        self._entries: deque[JournalEntry] = deque()
        self._costs: deque[int] = deque()  # `entry_bytes` of each entry, as appended
        self._bytes = 0
        self._seq = 0
        self._appended = 0
        self._lock = threading.Lock()
        self._waiters: list[threading.Event] = []
        self._closed = False

    @property
    def max_entries(self) -> int:
        return self._max_entries

    @property
    def bytes(self) -> int:
        """What the kept entries cost, by `entry_bytes`."""
        return self._bytes

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def append(self, entry: JournalEntry) -> None:
        cost = entry_bytes(entry)
        with self._lock:
            entries, costs = self._entries, self._costs
            entries.append(entry)
            costs.append(cost)
            self._bytes += cost
            while len(entries) > 1 and (
                len(entries) > self._max_entries or self._bytes > self.max_bytes
            ):
                entries.popleft()
                self._bytes -= costs.popleft()
            self._appended += 1
            if not self._waiters:
                return
            waiters, self._waiters = self._waiters, []
        for event in waiters:
            event.set()

    def close(self) -> None:
        """The server is stopping: followers get an orderly end of stream instead of a request
        cut short by the shutdown (`journal --follow` exits 0 at once)."""
        with self._lock:
            self._closed = True
            waiters, self._waiters = self._waiters, []
        for event in waiters:
            event.set()

    @property
    def closed(self) -> bool:
        return self._closed

    def wait(self, timeout: float) -> bool:
        """Block until the next entry arrives (for `journal --follow`); False on timeout."""
        event = threading.Event()
        with self._lock:
            self._waiters.append(event)
        return event.wait(timeout)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._costs.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        with self._lock:
            return iter(list(self._entries))

    @property
    def last_seq(self) -> int:
        return self._seq

    @property
    def cursor(self) -> int:
        """How many entries were ever appended: a position that `read_after` continues from."""
        return self._appended

    def read_after(self, cursor: int) -> tuple[list[JournalEntry], int]:
        """The entries appended after `cursor` that are still kept, and the new cursor.

        Sequence numbers are taken when a request starts but entries are appended when its
        response starts, so `since=<seq>` can miss a slow request; the cursor cannot.
        """
        with self._lock:
            total = self._appended
            fresh = total - max(0, cursor)
            if fresh <= 0:
                return [], total
            kept = list(self._entries)
            return (kept[-fresh:] if fresh < len(kept) else kept), total

    def query(
        self,
        *,
        path: str | None = None,
        method: str | None = None,
        status: int | None = None,
        error_code: str | None = None,
        token_kind: str | None = None,
        client_id: str | None = None,
        user_id: str | None = None,
        side: str | None = None,
        violation: str | None = None,
        since: int | None = None,
    ) -> list[JournalEntry]:
        """Entries matching every filter given. `path` matches a prefix, or exactly with a
        trailing `$`; `since` keeps entries with a larger sequence number."""
        filters = dict(locals())
        del filters["self"]
        return [e for e in self if matches(e, filters)]

    def violations(self) -> list[JournalEntry]:
        return [e for e in self if e.violations]


def matches(entry: JournalEntry, f: dict[str, Any]) -> bool:
    """Whether an entry passes the `Journal.query` filters in `f` (every name of FILTERS)."""
    path = f["path"]
    if path is not None:
        if path.endswith("$"):
            if entry.path.lower() != path[:-1].lower():
                return False
        elif not entry.path.lower().startswith(path.lower()):
            return False
    checks: Iterable[tuple[str, Any]] = (
        ("method", entry.method),
        ("status", entry.status),
        ("error_code", entry.error_code),
        ("token_kind", entry.token_kind),
        ("client_id", entry.client_id),
        ("user_id", entry.user_id),
        ("side", entry.side),
    )
    for name, value in checks:
        wanted = f[name]
        if wanted is not None and (value.upper() if name == "method" else value) != (
            wanted.upper() if name == "method" else wanted
        ):
            return False
    if f["violation"] is not None and f["violation"] not in entry.violations:
        return False
    return not (f["since"] is not None and entry.seq <= f["since"])


def side_of(path: str) -> str:
    if path.startswith(("/1/", "/3/", "/media/")):
        return "api"
    if path.startswith(CONTROL_PREFIX):
        return "control"
    return "auth"


class JournalMiddleware:
    """Opens a journal entry per request (control-plane requests are not journaled)."""

    def __init__(self, app: ASGIApp, journal: Journal, now: Any):
        self.app = app
        self.journal = journal
        self.now = now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        side = side_of(path)
        if side == "control":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        journal = self.journal
        entry = JournalEntry(
            seq=journal.next_seq(),
            time=self.now(),
            method=sys.intern(scope["method"][:16]),  # one string per method, not per entry
            path=journal_path(path),
            query_names=query_names(query) if query else (),
            side=side,
        )
        scope[ENTRY_KEY] = entry
        started = perf_counter()

        async def send_and_record(message: Message) -> None:
            # Only the start carries a status: body messages go straight through.
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                entry.duration_ms = (perf_counter() - started) * 1000
                journal.append(entry)
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        except _GONE as exc:
            # The client went away (mid-body, or before the answer): its business, not an
            # error of the mock. Journaled with status 0, one line at debug, no 500 to nobody.
            if entry.status:
                return
            log.debug(
                "client went away (%s) on %s %s", type(exc).__name__, entry.method, entry.path
            )
            self.journal.append(entry)
        except NoResponse:
            # A dropped connection (fault injection): journaled with status 0, no answer sent.
            if not entry.status:
                self.journal.append(entry)
            raise
        except Exception as exc:
            # The last guard: an unexpected error becomes a clean 500 in the side's own error
            # shape, journaled, and never a traceback on the wire.
            if entry.status:
                raise
            # The type and the frames, not the message: a message may quote a request value,
            # and a request value may be a token.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error(
                "unexpected %s on %s %s\n%s",
                type(exc).__name__,
                entry.method,
                _loggable(entry.path),
                frames,
            )
            await _send_internal_error(entry, send_and_record)


def journal_path(path: str) -> str:
    """The path as the journal keeps it: a media URL's signed ticket (a credential) as its
    fingerprint, and at most MAX_PATH_CHARS characters."""
    if path.startswith("/media/"):
        head, _, last = path.rpartition("/")
        ticket, dot, extension = last.rpartition(".")
        if not dot:
            ticket, extension = last, ""
        path = f"{head}/~{_fingerprint(ticket)}{dot}{extension}"
    return path if len(path) <= MAX_PATH_CHARS else path[:MAX_PATH_CHARS] + "…"


def query_names(query: bytes) -> tuple[str, ...]:
    """The names of the query's parameters, each once, at most MAX_QUERY_NAMES of them."""
    names: dict[str, None] = {}
    for name, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        names[name[:MAX_QUERY_NAME_CHARS]] = None
        if len(names) >= MAX_QUERY_NAMES:
            break
    return tuple(names)


def _fingerprint(secret: str) -> str:
    # `_tokens.fingerprint`, spelled here: the journal must not import the token machinery.
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def _loggable(path: str) -> str:
    """A path fit for a log: media URLs carry a signed ticket, which is a credential."""
    return "/media/…" if path.startswith("/media/") else path


async def _send_internal_error(entry: JournalEntry, send: Send) -> None:
    body: dict[str, Any]
    if entry.side == "api":
        entry.error_code = "INTERNAL_SERVER_ERROR"
        body = {
            "Error": {"ErrorCode": "INTERNAL_SERVER_ERROR", "Description": "Internal server error"}
        }
    else:
        entry.error_code = "server_error"
        body = {"error": "server_error", "error_description": "unexpected error in the mock"}
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def entry_of(scope: Scope) -> JournalEntry:
    """The request's journal entry (a detached one when the journal middleware is absent)."""
    entry = scope.get(ENTRY_KEY)
    if entry is None:
        entry = JournalEntry(
            seq=0, time=0.0, method=scope.get("method", ""), path="", query_names=()
        )
        scope[ENTRY_KEY] = entry
    assert isinstance(entry, JournalEntry)
    return entry
