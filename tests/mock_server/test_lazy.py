"""mock_server/_lazy.py: names, values and route apps made on first use, once."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from mock_server._lazy import Lazy, LazyApp, bound_endpoint, built_route, endpoint, exports, resolve


def test_resolve_names_a_module_attribute_relative_to_a_package():
    assert resolve("json:dumps") is __import__("json").dumps
    assert resolve("os.path:join") is __import__("os").path.join
    assert resolve("._lazy:Lazy", "mock_server") is Lazy
    assert resolve("._settings:Settings.replace", "mock_server").__name__ == "replace"
    with pytest.raises(ModuleNotFoundError):
        resolve("._no_such_module:x", "mock_server")


def test_exports_resolve_each_name_once_and_list_them_all():
    namespace: dict[str, Any] = {"already": 1}
    getattr_, dir_ = exports("demo", {"dumps": "json", "Lazy": "mock_server._lazy"}, namespace)
    assert dir_() == ["Lazy", "already", "dumps"]
    assert getattr_("dumps") is __import__("json").dumps
    assert namespace["dumps"] is __import__("json").dumps  # later reads are plain globals
    with pytest.raises(AttributeError, match="module 'demo' has no attribute 'loads'"):
        getattr_("loads")


def test_a_lazy_value_is_made_once_on_first_get_even_under_threads():
    made: list[int] = []

    def make() -> int:
        time.sleep(0.01)
        made.append(1)
        return 42

    value = Lazy(make)
    assert not value.made
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(value.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 8
    assert made == [1]
    assert value.made


def test_a_lazy_value_that_failed_is_tried_again():
    attempts: list[int] = []

    def make() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first time")
        return "made"

    value = Lazy(make)
    with pytest.raises(RuntimeError):
        value.get()
    assert value.get() == "made"


async def _call(app: Any, path: str = "/x", method: str = "GET") -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "path_params": {},
    }
    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_lazy_app_is_made_on_its_first_call_only():
    made: list[str] = []

    def make() -> Any:
        made.append("app")
        return PlainTextResponse("hello")

    app = LazyApp(make, name="greeting")
    assert not made and not app.made
    assert "greeting" in repr(app)
    assert asyncio.run(_call(app)) == (200, b"hello")
    assert asyncio.run(_call(app)) == (200, b"hello")
    assert made == ["app"]


def test_endpoint_imports_a_handler_and_wraps_it_as_starlette_does():
    route = Route(
        "/x",
        endpoint("tests.mock_server.test_lazy:_handler"),
        methods=["GET"],
        name="_handler",
    )
    assert route.name == "_handler"
    assert asyncio.run(_call(route.app)) == (201, b"GET /x")


async def _handler(request: Request) -> Response:
    return PlainTextResponse(f"{request.method} {request.url.path}", status_code=201)


class _Owner:
    instances = 0

    def __init__(self) -> None:
        _Owner.instances += 1

    async def first(self, request: Request) -> Response:
        return PlainTextResponse("first")

    async def second(self, request: Request) -> Response:
        return PlainTextResponse("second")


def test_bound_endpoints_share_their_owner_made_once():
    _Owner.instances = 0
    owner: Lazy[_Owner] = Lazy(_Owner)
    one, two = bound_endpoint(owner, "first"), bound_endpoint(owner, "second")
    assert _Owner.instances == 0
    assert asyncio.run(_call(one)) == (200, b"first")
    assert asyncio.run(_call(two)) == (200, b"second")
    assert _Owner.instances == 1


def test_a_built_route_serves_with_the_app_of_the_route_its_builder_made():
    builds: list[int] = []

    def build() -> list[Route]:
        builds.append(1)
        return [Route("/a", _handler), Route("/b", PlainTextResponse("b"))]

    routes: Lazy[list[Route]] = Lazy(build)
    a, b = built_route(routes, 0, "/a"), built_route(routes, 1, "/b")
    assert asyncio.run(_call(b, "/b")) == (200, b"b")
    assert asyncio.run(_call(a, "/a")) == (201, b"GET /a")
    assert builds == [1]


def test_a_builder_that_no_longer_makes_the_expected_route_is_an_error_not_a_detour():
    routes: Lazy[list[Route]] = Lazy(lambda: [Route("/moved", _handler)])
    with pytest.raises(RuntimeError, match="route 0 of its builder is not '/a'"):
        asyncio.run(_call(built_route(routes, 0, "/a")))
