"""A journal long-poll ends early when nobody waits for it any more: its client went away, or
the server is stopping (CTL8)."""

from __future__ import annotations

import threading
from typing import Any

import anyio
import httpx

from mock_server import MockState, Settings, create_app
from mock_server._server import start_server

TAIL = "/_mock/journal/tail?wait=60"


def test_a_stopping_server_answers_the_waiting_poll():
    server = start_server(Settings(port=0))
    answers: list[httpx.Response] = []
    poll = threading.Thread(
        target=lambda: answers.append(httpx.get(server.auth_url + TAIL, timeout=30))
    )
    poll.start()
    # Stop only once the poll is being served (uvicorn's request tasks); bounded.
    for _ in range(200):
        if any(s.server_state.tasks for s in server._servers):
            break
        threading.Event().wait(0.05)
    server.stop()
    poll.join(30)
    assert len(answers) == 1
    assert answers[0].status_code == 200  # answered, not cancelled into a 500
    assert answers[0].json()["entries"] == []


def test_a_disconnected_client_ends_the_poll():
    app = create_app(state=MockState())
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/_mock/journal/tail",
        "raw_path": b"/_mock/journal/tail",
        "query_string": b"wait=60",
        "headers": [(b"host", b"127.0.0.1:8080")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
        "scheme": "http",
        "root_path": "",
        "http_version": "1.1",
    }

    async def call() -> None:
        with anyio.fail_after(30):  # a bound against a hang, not a measure of speed
            await app(scope, receive, send)

    anyio.run(call)
    assert sent[0]["status"] == 200
