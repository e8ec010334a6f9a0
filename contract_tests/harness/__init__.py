"""The harness one rule runs in: a fresh mock on a host, the wire tap in front of it, the
suite's browser, and the `Session` a check drives the client and reads the evidence through.

`_hosting` says where the mock lives (in process, or on a socket with TLS if asked); `_tap` is
the ASGI wrapper that records what reached the mock (`WireRecord`) and can answer in its place
(`Fault`); `_browser` follows redirects and answers the sign-in page as a person would;
`_registration` holds the suite's two apps and builds the `Environment` a client gets;
`_session` is one rule's run, `Session`.
"""

from __future__ import annotations

from ._hosting import Host, InProcessHost, SocketHost, trusting
from ._session import Blocked, RuleFailed, Session, SessionOptions, StepRecord, probe_client
from ._tap import Fault, WireRecord, WireTap

__all__ = [
    "Blocked",
    "Fault",
    "Host",
    "InProcessHost",
    "RuleFailed",
    "Session",
    "SessionOptions",
    "SocketHost",
    "StepRecord",
    "WireRecord",
    "WireTap",
    "probe_client",
    "trusting",
]
