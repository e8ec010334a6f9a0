"""The test control plane: journal, faults, clock, scenario and tokens, in Python and over
HTTP under `/_mock/` (not part of the Groove contract).

`MockControl(state)` drives a mock in this process; `RemoteControl(url)` drives one running
elsewhere through the same methods. `routes()` mounts the HTTP API; `middleware()` fires the
queued faults.

"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount

from ._access import ControlAccess
from ._connection import ConnectionAccess
from ._errors import (
    ControlError,
    ControlMethodNotAllowed,
    ControlNotFound,
    ControlUnauthorized,
    ControlUnreachable,
)
from ._fault_middleware import FaultMiddleware
from ._fault_queue import FaultQueue
from ._faults import Fault
from ._handle import UNSET, Control
from ._http import ControlApp
from ._journal_query import JournalPage
from ._local import MockControl
from ._minting import BAD_FLAVORS, MintedToken, TokenWorkshop
from ._remote import RemoteControl

if TYPE_CHECKING:
    from .._state import MockState
    from ._dropped import DroppedConnection as DroppedConnection

__all__ = [
    "BAD_FLAVORS",
    "UNSET",
    "ConnectionAccess",
    "Control",
    "ControlAccess",
    "ControlError",
    "ControlMethodNotAllowed",
    "ControlNotFound",
    "ControlUnauthorized",
    "ControlUnreachable",
    "DroppedConnection",
    "Fault",
    "FaultQueue",
    "JournalPage",
    "MintedToken",
    "MockControl",
    "RemoteControl",
    "TokenWorkshop",
    "middleware",
    "routes",
]


def routes(state: MockState) -> list[BaseRoute]:
    """The control API, mounted at `/_mock` and nowhere else."""
    return [Mount("/_mock", app=ControlApp(state))]


def middleware(state: MockState) -> list[Middleware]:
    """Fault injection: a pure ASGI middleware, free on the request path while nothing is
    queued."""
    return [Middleware(FaultMiddleware, queue=state.part(FaultQueue), journal=state.journal)]


def __getattr__(name: str) -> Any:
    # `DroppedConnection` is httpx's error: imported when asked for, so that serving the mock
    # does not import httpx (`_dropped`).
    if name == "DroppedConnection":
        from ._dropped import DroppedConnection

        return DroppedConnection
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
