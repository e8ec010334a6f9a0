"""A connection that sends no request is closed after `idle_timeout` (uvicorn alone held it
forever: its keep-alive timer starts only after an answer), and nothing else changes: a slow
answer is not cut, a keep-alive connection serves its next request."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from mock_server import Settings
from mock_server._server import RunningServer, start_server

IDLE = 1
# Generous: a loaded machine may be late, never ten times late.
BOUND = 10 * IDLE


@pytest.fixture(scope="module")
def live() -> Iterator[RunningServer]:
    with start_server(Settings(port=0, idle_timeout=IDLE)) as server:
        yield server


def _connect(server: RunningServer) -> socket.socket:
    port = int(server.auth_url.rsplit(":", 1)[1])
    return socket.create_connection(("127.0.0.1", port), timeout=BOUND)


def _closed_within_bound(sock: socket.socket) -> float:
    """Seconds until the server closed `sock` (reading what it sent); fails past BOUND."""
    started = time.monotonic()
    while True:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            pytest.fail(f"the server kept a silent connection open for {BOUND} s")
        if not chunk:
            return time.monotonic() - started
        if time.monotonic() - started > BOUND:
            pytest.fail(f"the server kept the connection open for {BOUND} s")


@pytest.mark.parametrize(
    "sent",
    [b"", b"\r\n\r\n", b"\r\r\n\r\n", b"GET /1/content/music/spotlight HTTP/1.1\r\nHost: x\r\n"],
    ids=["nothing", "empty-lines", "bare-cr", "half-a-head"],
)
def test_a_connection_that_sends_no_request_is_closed(live: RunningServer, sent: bytes):
    with _connect(live) as sock:
        if sent:
            sock.sendall(sent)
        assert _closed_within_bound(sock) >= IDLE * 0.5


def test_trickling_bytes_does_not_keep_a_head_waiting(live: RunningServer):
    with _connect(live) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nX-Slow: ")
        sock.settimeout(0.25)
        started = time.monotonic()
        while time.monotonic() - started < BOUND:
            try:
                sock.sendall(b"a")
                if sock.recv(65536) == b"":
                    break
            except TimeoutError:
                continue
            except OSError:  # reset: closed
                break
        else:
            pytest.fail(f"a head trickled in for {BOUND} s")


def test_a_slow_answer_is_not_cut_and_keep_alive_serves_the_next_request(live: RunningServer):
    live.control.inject("/1/content/music/spotlight", delay=IDLE * 1.5)
    with _connect(live) as sock:
        for index in range(2):
            started = time.monotonic()
            sock.sendall(b"GET /1/content/music/spotlight HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = sock.recv(65536)
            assert answer.startswith(b"HTTP/1.1 401"), answer[:80]  # no token: a prompt answer
            if index == 0:  # the delayed one: longer than the idle timeout, not cut
                assert time.monotonic() - started >= IDLE * 1.5
        # Idle after its answers: closed as uvicorn closes keep-alive connections.
        _closed_within_bound(sock)
