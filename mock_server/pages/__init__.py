"""Pages for people, not for clients: the landing page at `/`, the journal inspector at
`/_mock/ui` and the demo web app's sign-in at `/_mock/demo/` (not part of the Groove contract).

`routes(state)` is the landing page, served beside the authorization server; `control_routes`
are mounted with the control API under `/_mock/`, so its access rules apply to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import BaseRoute, Route

from ._demo import DemoSignIn
from ._inspector import Inspector
from ._landing import LandingPage

if TYPE_CHECKING:
    from .._state import MockState

__all__ = ["control_routes", "routes"]

_EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def routes(state: MockState) -> list[BaseRoute]:
    """`/`: the landing page (it answers a method other than GET itself)."""
    return [Route("/", LandingPage(state).handle, methods=_EVERY_METHOD, name="home")]


def control_routes(state: MockState) -> list[BaseRoute]:
    """The inspector and the demo sign-in, relative to the control API's `/_mock` mount."""
    inspector, demo = Inspector(state), DemoSignIn(state)
    return [
        Route("/ui", inspector.page, methods=["GET"]),
        Route("/ui/inspector.js", inspector.script, methods=["GET"]),
        Route("/ui/side", inspector.side, methods=["GET"]),
        Route("/ui/entries/{seq:int}", inspector.entry, methods=["GET"]),
        Route("/demo/sign-in", demo.start, methods=["GET"]),
        Route("/demo/callback", demo.finish, methods=["GET"]),
    ]
