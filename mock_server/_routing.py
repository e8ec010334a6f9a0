"""`SegmentRouter`: Starlette's Router, matching each request against fewer routes.

Starlette tries every route in turn, so a Groove call paid for the authorization server's routes
before its own. This router groups the routes by the literal first path segment they can match
(`1`, `oauth20_token.srf`, `_mock`...). A group holds the routes of its segment plus those that
may match any segment (a parameter first), in their original order, so the first full match,
the first partial match (405) and the trailing-slash redirect (same first segment) are exactly
what the full list gives. Anything else (not http, a root_path, a non-ASCII first segment) goes
through the full list. The groups are rebuilt whenever the route list changes.

`CaselessRoute`: Starlette's Route, matching its path without regard to case (Groove paths).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any, SupportsIndex

from starlette.routing import BaseRoute, Route, Router

from .types import Receive, Scope, Send


class CaselessRoute(Route):
    """Starlette's Route, matching its path without regard to case: Groove path keywords are
    case-insensitive (reference §4: `/Catalog/Playlists/browse`); the `music` namespace is
    checked, case-sensitively, by the handlers."""

    def __init__(self, path: str, endpoint: Callable[..., Any], *, methods: Collection[str]):
        super().__init__(path, endpoint, methods=list(methods))
        self.path_regex = re.compile(self.path_regex.pattern, re.IGNORECASE)


def first_segment(route: BaseRoute) -> str | None:
    """The literal first path segment a route can match (lowercased), or None when it is a
    parameter, non-ASCII, or the route has no path: such a route may match any first segment."""
    path = getattr(route, "path", None)
    if not isinstance(path, str) or not path.startswith("/"):
        return None
    first = path[1:].split("/", 1)[0]
    if "{" in first or not first.isascii():
        return None
    return first.lower()


class _Routes(list[BaseRoute]):
    """The router's route list: any change drops the groups (tests add probe routes later)."""

    def __init__(self, routes: Iterable[BaseRoute], router: SegmentRouter):
        super().__init__(routes)
        self._router = router

    def _changed(self) -> None:
        self._router._groups = None

    def append(self, route: BaseRoute) -> None:
        super().append(route)
        self._changed()

    def extend(self, routes: Iterable[BaseRoute]) -> None:
        super().extend(routes)
        self._changed()

    def insert(self, index: SupportsIndex, route: BaseRoute) -> None:
        super().insert(index, route)
        self._changed()

    def remove(self, route: BaseRoute) -> None:
        super().remove(route)
        self._changed()

    def pop(self, index: SupportsIndex = -1) -> BaseRoute:
        self._changed()
        return super().pop(index)

    def clear(self) -> None:
        super().clear()
        self._changed()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        super().sort(*args, **kwargs)
        self._changed()

    def reverse(self) -> None:
        super().reverse()
        self._changed()

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._changed()

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self._changed()

    def __iadd__(self, routes: Iterable[BaseRoute]) -> _Routes:  # type: ignore[override,misc]
        super().__iadd__(routes)
        self._changed()
        return self

    def __imul__(self, times: SupportsIndex) -> _Routes:
        super().__imul__(times)
        self._changed()
        return self


class SegmentRouter(Router):
    """Starlette's Router with the routes grouped by first path segment (module docstring)."""

    _groups: dict[str, Router] | None
    _anywhere: Router

    def __init__(self, routes: Iterable[BaseRoute]):
        self._groups = None
        super().__init__(routes=list(routes))

    @property
    def routes(self) -> list[BaseRoute]:
        return self._routes

    @routes.setter
    def routes(self, routes: Iterable[BaseRoute]) -> None:
        self._routes = _Routes(routes, self)
        self._groups = None

    def _build_groups(self) -> dict[str, Router]:
        routes = list(self._routes)
        segments = [first_segment(route) for route in routes]
        self._anywhere = Router(
            routes=[r for r, s in zip(routes, segments, strict=True) if s is None]
        )
        groups = {
            key: Router(
                routes=[r for r, s in zip(routes, segments, strict=True) if s in (key, None)]
            )
            for key in {s for s in segments if s is not None}
        }
        self._groups = groups
        return groups

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("root_path"):
            await super().app(scope, receive, send)
            return
        first = scope["path"][1:].split("/", 1)[0]
        if not first.isascii():
            await super().app(scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = self
        groups = self._groups if self._groups is not None else self._build_groups()
        await groups.get(first.lower(), self._anywhere).app(scope, receive, send)
