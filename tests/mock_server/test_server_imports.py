"""Serving the mock does not import httpx: its command line brings rich, pygments and click,
about 4 MiB of a served mock's memory (docs/hardening.md)."""

from __future__ import annotations

import subprocess
import sys


def test_serving_the_mock_does_not_import_httpx():
    code = (
        "import sys, mock_server, mock_server.cli, mock_server._server; "
        "from mock_server import create_app; create_app(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'rich', 'pygments')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.strip() == "[]", found.stdout


def test_dropped_connection_is_still_httpx_s_error():
    import httpx

    from mock_server.control import DroppedConnection

    assert issubclass(DroppedConnection, httpx.RemoteProtocolError)
