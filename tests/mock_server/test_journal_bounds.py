"""The journal keeps a bounded amount of what clients send, never a media ticket in clear, and
a client's mistakes (a malformed request, going away) are not logged as the mock's errors."""

from __future__ import annotations

import logging
import socket
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from mock_server import CredentialSeen, Journal, JournalEntry, MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._journal import (
    ENTRY_BOUND_BYTES,
    MAX_PATH_CHARS,
    MAX_QUERY_NAMES,
    entry_bytes,
)
from mock_server._server import RunningServer, start_server


def _deep_size(value: object, seen: set[int] | None = None) -> int:
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, list | tuple | set):
        size += sum(_deep_size(item, seen) for item in value)
    elif hasattr(value, "__slots__"):
        size += sum(_deep_size(getattr(value, name, None), seen) for name in value.__slots__)
    return size


def test_an_entry_stays_within_its_bound_whatever_the_request(
    client: httpx.Client, state: MockState
):
    names = "&".join(f"{'n' * 100}{i}=v" for i in range(63))
    client.get("/1/" + "p" * 7000 + "?" + names)
    entry = state.journal.query(side="api")[-1]
    assert len(entry.path) <= MAX_PATH_CHARS + 1
    assert len(entry.query_names) <= MAX_QUERY_NAMES
    assert _deep_size(entry) < ENTRY_BOUND_BYTES


def _large_entry(seq: int) -> JournalEntry:
    entry = JournalEntry(
        seq=seq,
        time=float(seq),
        method=f"M{seq % 7}",
        path=f"/1/{seq}" + "\u00e9" * 500,  # a two-byte character: a wider string
        query_names=tuple(f"{i}{seq}".ljust(64, "n") for i in range(MAX_QUERY_NAMES)),
    )
    entry.credentials = [CredentialSeen("header:Authorization", f"{seq:012x}")]
    entry.token_fingerprint = f"{seq:012x}"
    entry.violate("no-credential")
    return entry


def test_the_journal_holds_no_more_bytes_than_its_bound():
    journal = Journal(max_entries=10_000, max_bytes=256 * 1024)
    for seq in range(1, 2_001):
        journal.append(_large_entry(seq))
    kept = list(journal)
    assert 20 < len(kept) < 2_000  # the byte bound, not the count, holds it
    assert kept[-1].seq == 2_000 and [e.seq for e in kept] == list(range(kept[0].seq, 2_001))
    seen: set[int] = set()
    held = sum(_deep_size(entry, seen) for entry in kept)
    held += sys.getsizeof(journal._entries) + sys.getsizeof(journal._costs)
    held += sum(sys.getsizeof(cost) for cost in journal._costs)
    assert held <= journal.bytes <= journal.max_bytes
    assert journal.bytes == sum(entry_bytes(entry) for entry in kept)
    journal.clear()
    assert journal.bytes == 0 and len(journal) == 0


def test_the_newest_entry_stays_whatever_its_size():
    journal = Journal(max_entries=10, max_bytes=1)
    for seq in (1, 2):
        journal.append(_large_entry(seq))
    assert [e.seq for e in journal] == [2]


def test_journal_bytes_bounds_the_served_journal():
    state = MockState(Settings(journal_bytes=64 * 1024))
    names = "&".join(f"{'n' * 60}{i}=v" for i in range(MAX_QUERY_NAMES))
    with httpx.Client(
        transport=InProcessTransport(create_app(state=state)), base_url="http://127.0.0.1"
    ) as http:
        for index in range(200):
            http.get(f"/1/content/music/search?{names}&q={index}")
    assert state.journal.max_bytes == 64 * 1024
    assert 10 < len(state.journal) < 200
    assert state.journal.bytes <= 64 * 1024
    assert state.journal.query()[-1].seq == state.journal.last_seq


def test_a_media_ticket_is_journaled_as_its_fingerprint(client: httpx.Client, state: MockState):
    ticket = "SIGNED-TICKET-abcdef0123456789"
    client.get(f"/media/stream/{ticket}.mp3")
    entry = state.journal.query(path="/media/")[-1]
    assert ticket not in entry.path
    assert entry.path.startswith("/media/stream/~") and entry.path.endswith(".mp3")
    assert ticket not in str(entry.to_json())


@pytest.fixture(scope="module")
def live() -> Iterator[RunningServer]:
    with start_server(Settings(port=0)) as server:
        yield server


def _raw(server: RunningServer, data: bytes, *, read: bool = True) -> bytes:
    port = int(server.auth_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        if not read:
            return b""
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_client_mistakes_log_nothing_above_debug(
    live: RunningServer, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.INFO):
        answer = _raw(live, b"GARBAGE \x00\x01 nonsense\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 400")
        # A client that goes away in the middle of its body.
        _raw(
            live,
            b"POST /1/content/music/collection/playlists/create HTTP/1.1\r\n"
            b"Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"Na',
            read=False,
        )
        time.sleep(0.3)
        assert httpx.get(live.auth_url + "/_mock/health").status_code == 200
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert loud == [], [r.getMessage() for r in loud]
