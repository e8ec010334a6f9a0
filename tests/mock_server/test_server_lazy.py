"""A served mock wraps its app in `ConnectionAccess` (control/_connection.py), which keeps the
server's `send` where the fault middleware looks for it; that module, and serving, never import
httpx (tests/mock_server/test_server.py drops a connection over a socket)."""

from __future__ import annotations

from mock_server import Settings, _server
from mock_server.control import ConnectionAccess, DroppedConnection, _connection
from mock_server.control._dropped import DroppedConnection as FromItsModule


def test_the_served_app_is_wrapped_to_keep_the_servers_send():
    with _server.start_server(Settings(port=0)) as running:
        served = [server.config.app for server in running._servers]
    assert all(isinstance(app, ConnectionAccess) for app in served)
    assert _connection.SERVER_SEND_KEY == "groove.server_send"


def test_the_control_package_names_lead_to_their_modules():
    assert ConnectionAccess is _connection.ConnectionAccess
    assert DroppedConnection is FromItsModule
