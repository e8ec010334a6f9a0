"""`DroppedConnection`: a "drop" fault in process, where there is no connection to close
(`_connection`). It is httpx's own `RemoteProtocolError`, so that the client under test sees
what it would see from a server that hung up; this module, imported by the first such drop,
is the one that brings httpx."""

from __future__ import annotations

import httpx

from .._errors import NoResponse


class DroppedConnection(NoResponse, httpx.RemoteProtocolError):
    """A dropped connection, as a client in process sees it."""
