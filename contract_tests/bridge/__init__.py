"""The bridge: a client in any language, as an adapter process speaking JSON lines
(docs/bridge.md).

`command_factory(command)` is a `ClientFactory` like any other: `_process_adapter` speaks the
protocol (hello, steps, outcomes, close) and turns every way a process can break it into a
verdict; `_process` starts the process in a session of its own, writes without blocking, keeps
its stderr and ends its whole process group; `_protocol` checks every message against its JSON
Schema in `schemas/`, the protocol's one definition.
"""

from __future__ import annotations

from ._process_adapter import AdapterReport, BridgeError, ProcessAdapter, command_factory
from ._protocol import PROTOCOL_VERSION, ProtocolError

__all__ = [
    "PROTOCOL_VERSION",
    "AdapterReport",
    "BridgeError",
    "ProcessAdapter",
    "ProtocolError",
    "command_factory",
]
