"""Import on first use: package names (PEP 562), values, and ASGI apps behind routes.

`groove-mock serve` must answer its first request soon after launch, and a catalog lookup
needs a small part of the mock. So the packages expose their names lazily, and the route
builders put a `LazyApp` behind each route: the handler's module is imported, and its handler
object made, when the route is first called. Routing (paths, methods, order) is decided by the
routes themselves, so it is the same before and after.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

from .types import ASGIApp, Receive, Scope, Send

T = TypeVar("T")


def resolve(target: str, package: str | None = None) -> Any:
    """The object `target` names, as `module:attribute` (a relative module needs `package`)."""
    module, _, attribute = target.partition(":")
    found: Any = importlib.import_module(module, package)
    for part in attribute.split(".") if attribute else ():
        found = getattr(found, part)
    return found


def exports(
    package: str, names: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's `__getattr__` and `__dir__` for names imported on first access.

    `names` maps each public name to the module that defines it (relative to `package`). A
    name once resolved is stored in `namespace` (the package's globals), so later accesses
    are plain attribute reads.
    """

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__


class Lazy(Generic[T]):
    """A value made once, on first `get()`; thread-safe."""

    def __init__(self, make: Callable[[], T]):
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._lock = threading.Lock()

    @property
    def made(self) -> bool:
        return self._make is None

    def get(self) -> T:
        if self._make is not None:
            with self._lock:
                if self._make is not None:
                    self._value = self._make()
                    self._make = None
        return self._value  # type: ignore[return-value]  # made above: T, possibly None


class LazyApp:
    """An ASGI app made on its first call, from `make` (for example: import a handler module
    and wrap its endpoint). Starlette treats a route endpoint that is not a function as an ASGI
    app, so `Route(path, LazyApp(...), methods=...)` routes exactly as the eager route did."""

    def __init__(self, make: Callable[[], ASGIApp], name: str = "lazy"):
        self._app = Lazy(make)
        self.name = name

    @property
    def made(self) -> bool:
        return self._app.made

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app.get()(scope, receive, send)

    def __repr__(self) -> str:
        return f"LazyApp({self.name}, made={self.made})"


def endpoint(target: str, package: str | None = None) -> LazyApp:
    """A lazy route endpoint for a request handler `module:function` (Starlette's usual
    request/response wrapping, made on the first call)."""

    def make() -> ASGIApp:
        from starlette.routing import request_response

        return request_response(resolve(target, package))

    return LazyApp(make, name=target.rpartition(":")[2])


def bound_endpoint(owner: Lazy[Any], method: str) -> LazyApp:
    """A lazy route endpoint for a handler method of an object made on first use (`owner`
    may serve several routes: it is made once)."""

    def make() -> ASGIApp:
        from starlette.routing import request_response

        return request_response(getattr(owner.get(), method))

    return LazyApp(make, name=method)


def built_route(routes: Lazy[Iterable[Any]], index: int, path: str) -> LazyApp:
    """A lazy route endpoint that serves with the app of route `index` of the list a route
    builder returns (built once, on the first call of any of its routes). The built route
    must have `path`: a builder that changed is an error, never a request sent elsewhere."""

    def make() -> ASGIApp:
        route = list(routes.get())[index]
        if getattr(route, "path", None) != path:
            raise RuntimeError(f"route {index} of its builder is not {path!r}: {route!r}")
        app: ASGIApp = route.app
        return app

    return LazyApp(make, name=path)
