"""`DroppedConnection`: a "drop" fault in process, as the client under test sees it.

Its own module, imported only when a drop happens in process (where httpx is loaded already):
serving the mock must not import httpx, whose command line brings rich, pygments and click
(about 4 MiB of a served mock's memory; `tests/mock_server/test_server_imports.py`).
"""

from __future__ import annotations

import httpx

from .._errors import NoResponse


class DroppedConnection(NoResponse, httpx.RemoteProtocolError):
    """A dropped connection, as a client in process sees it: httpx's own error."""
