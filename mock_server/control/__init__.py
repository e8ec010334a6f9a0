"""The test control plane: journal, faults, clock, scenario and tokens, in Python and over
HTTP under `/_mock/` (not part of the Groove contract).

`MockControl(state)` drives a mock in this process; `RemoteControl(url)` drives one running
elsewhere through the same methods. `routes()` mounts the HTTP API; `middleware()` fires the
queued faults.

Names are imported on first use (PEP 562), and `routes()` and `middleware()` import the control
API and the fault machinery only when first needed: a mock that is never controlled (a launch
to its first answer) does not load them, nor httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount

from .._lazy import LazyApp
from .._lazy import exports as _exports
from .._lazy import resolve as _resolve
from ._fault_queue import FaultQueue

if TYPE_CHECKING:
    from .._journal import Journal
    from .._state import MockState
    from ..types import ASGIApp, Receive, Scope, Send
    from ._access import ControlAccess
    from ._connection import ConnectionAccess
    from ._dropped import DroppedConnection
    from ._errors import (
        ControlError,
        ControlMethodNotAllowed,
        ControlNotFound,
        ControlUnauthorized,
        ControlUnreachable,
    )
    from ._faults import Fault
    from ._handle import UNSET, Control
    from ._journal_query import JournalPage
    from ._local import MockControl
    from ._minting import BAD_FLAVORS, MintedToken, TokenWorkshop
    from ._remote import RemoteControl

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

_MODULES = {
    "BAD_FLAVORS": "._minting",
    "UNSET": "._handle",
    "ConnectionAccess": "._connection",
    "Control": "._handle",
    "ControlAccess": "._access",
    "ControlError": "._errors",
    "ControlMethodNotAllowed": "._errors",
    "ControlNotFound": "._errors",
    "ControlUnauthorized": "._errors",
    "ControlUnreachable": "._errors",
    "DroppedConnection": "._dropped",
    "Fault": "._faults",
    "JournalPage": "._journal_query",
    "MintedToken": "._minting",
    "MockControl": "._local",
    "RemoteControl": "._remote",
    "TokenWorkshop": "._minting",
}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all __getattr__
    __getattr__, __dir__ = _exports(__name__, _MODULES, globals())


def routes(state: MockState) -> list[BaseRoute]:
    """The control API, mounted at `/_mock` and nowhere else (made on its first request)."""
    return [Mount("/_mock", app=LazyApp(lambda: _resolve("._http:ControlApp", __name__)(state)))]


def middleware(state: MockState) -> list[Middleware]:
    """Fault injection: a pure ASGI middleware, free on the request path while nothing is
    queued."""
    return [Middleware(_Faults, queue=state.part(FaultQueue), journal=state.journal)]


class _Faults:
    """`FaultMiddleware`, imported when a request first meets an armed queue: until then it
    only passes requests on, as `FaultMiddleware` itself does while nothing is queued."""

    def __init__(self, app: ASGIApp, queue: FaultQueue, journal: Journal):
        self.app = app
        self.queue = queue
        self.journal = journal
        self._firing: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.queue.armed or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._firing is None:
            cls = _resolve("._fault_middleware:FaultMiddleware", __name__)
            self._firing = cls(self.app, queue=self.queue, journal=self.journal)
        await self._firing(scope, receive, send)
