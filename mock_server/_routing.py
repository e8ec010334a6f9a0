"""`SegmentRouter`: Starlette's Router, matching each request against fewer routes.

Starlette tries every route in turn, so a Groove call paid for the authorization server's routes
before its own. This router groups the routes by the literal first path segment they can match
(`1`, `oauth20_token.srf`, `_mock`...). A group holds the routes of its segment plus those that
may match any segment (a parameter first), in their original order, so the first full match,
the first partial match (405) and the trailing-slash redirect (same first segment) are exactly
what the full list gives. Anything else (not http, a root_path, a non-ASCII first segment) goes
through the full list. The groups are rebuilt whenever the route list changes.

`PathRoute`: Starlette's Route for an ASGI endpoint, its path regex compiled when it is first
matched: a launch compiles the one its first request reaches, not thirty.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cached_property
from typing import Any, SupportsIndex

from starlette.convertors import CONVERTOR_TYPES, Convertor
from starlette.routing import PARAM_REGEX, BaseRoute, Route, Router

from .types import ASGIApp, Receive, Scope, Send


def path_pattern(path: str) -> tuple[str, str, dict[str, Convertor[Any]]]:
    """Starlette's `compile_path` for a path (`/...`), without compiling: the regex source,
    the format and the convertors (tests/mock_server/test_app_routing.py checks they are
    Starlette's, for every route of the app)."""
    regex, path_format, convertors = "^", "", {}
    end = 0
    for match in PARAM_REGEX.finditer(path):
        name, kind = match.groups("str")
        convertor = CONVERTOR_TYPES[kind.lstrip(":")]
        regex += re.escape(path[end : match.start()]) + f"(?P<{name}>{convertor.regex})"
        path_format += path[end : match.start()] + "{" + name + "}"
        if name in convertors:
            raise ValueError(f"Duplicated param name {name} at path {path}")
        convertors[name] = convertor
        end = match.end()
    return regex + re.escape(path[end:]) + "$", path_format + path[end:], convertors


class PathRoute(Route):
    """`Route(path, app, methods=..., name=...)` for an ASGI app, with the same attributes,
    except that `path_regex` is compiled on first use (with `re.IGNORECASE` if `ignore_case`)."""

    def __init__(
        self,
        path: str,
        app: ASGIApp,
        *,
        methods: Collection[str],
        name: str,
        ignore_case: bool = False,
    ):
        # What Route.__init__ sets for an endpoint that is not a function, less the compile.
        assert path.startswith("/"), "Routed paths must start with '/'"
        self.path = path
        self.endpoint = app
        self.name = name
        self.include_in_schema = True
        self.app = app
        self.methods = {method.upper() for method in methods}
        if "GET" in self.methods:
            self.methods.add("HEAD")
        self._source, self.path_format, self.param_convertors = path_pattern(path)
        self._flags = re.IGNORECASE if ignore_case else 0

    @cached_property
    def path_regex(self) -> re.Pattern[str]:  # type: ignore[override]
        return re.compile(self._source, self._flags)


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
