"""Talking to the pages in process, from loopback or from another address."""

from __future__ import annotations

import httpx

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport

BASE_URL = "http://127.0.0.1:8080"


def pages_client(state: MockState, peer: str = "127.0.0.1") -> httpx.Client:
    transport = InProcessTransport(create_app(state=state), client=(peer, 50000))
    return httpx.Client(transport=transport, base_url=BASE_URL)
