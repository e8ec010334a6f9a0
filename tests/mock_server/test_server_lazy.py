"""A served mock keeps the server's `send` where the fault middleware looks for it, without
importing that middleware (it brings httpx)."""

from __future__ import annotations

from mock_server import _server
from mock_server.control import _fault_middleware


def test_the_server_send_key_is_the_one_the_fault_middleware_reads():
    assert _server.SERVER_SEND_KEY == _fault_middleware.SERVER_SEND_KEY
