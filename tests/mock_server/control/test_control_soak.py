"""100,000 requests straight into the ASGI app: the journal stays at its bound and memory
stays flat (no per-request leak in the journal, the faults or the token caches)."""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

from mock_server import MockState, Settings, create_app
from mock_server.control import MockControl

REQUESTS = 100_000
JOURNAL_SIZE = 500
SPOTLIGHT = "/1/content/music/spotlight"


def _scope(path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1:8080"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }


async def _drive(app: Any, control: MockControl, count: int, statuses: dict[int, int]) -> None:
    """Mostly the cheapest journaled request (no credential: 401), one in 100 with a valid
    app token (200), one in 1000 hit by a queued fault (503)."""
    token = control.app_token().authorization.encode()
    cheap = _scope(SPOTLIGHT, b"country=US&language=en", [])
    served = _scope(SPOTLIGHT, b"", [(b"authorization", token)])

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    for index in range(count):
        if index % 1000 == 0:
            control.inject(SPOTLIGHT, status=503)
        template = served if index % 100 == 50 else cheap
        # A fresh scope per request, as a server gives: the app writes into it.
        await app(dict(template), receive, send)


def _objects() -> int:
    gc.collect()
    return len(gc.get_objects())


def test_the_journal_and_memory_stay_bounded_over_100k_requests():
    state = MockState(Settings(journal_size=JOURNAL_SIZE))
    app = create_app(state=state)
    control = MockControl(state)
    statuses: dict[int, int] = {}
    loop = asyncio.new_event_loop()
    try:
        warm_up = REQUESTS // 10
        loop.run_until_complete(_drive(app, control, warm_up, statuses))
        baseline = _objects()
        # CPU time, not wall time: a busy CI machine must not fail the test.
        started = time.process_time()
        loop.run_until_complete(_drive(app, control, REQUESTS - warm_up, statuses))
        elapsed = time.process_time() - started
    finally:
        loop.close()

    assert sum(statuses.values()) == REQUESTS
    assert statuses[200] == REQUESTS // 100
    assert statuses[503] == REQUESTS // 1000
    assert statuses[401] == REQUESTS - REQUESTS // 100 - REQUESTS // 1000
    assert len(state.journal) == JOURNAL_SIZE
    assert state.journal.cursor == REQUESTS
    assert control.faults() == []
    # Each request makes a journal entry and a few objects: a leak of even one object per
    # request would add 90,000 here.
    growth = _objects() - baseline
    assert growth < 5_000, f"{growth} more live objects after {REQUESTS} requests"
    assert elapsed < 60, f"{REQUESTS} requests took {elapsed:.1f} s of CPU"
