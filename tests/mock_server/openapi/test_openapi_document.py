"""The served OpenAPI document names exactly the operations the app routes (Groove API and
control plane), and is a document Schemathesis loads."""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Mount, Route

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.control._http import _routes
from mock_server.control._local import MockControl
from mock_server.openapi import OPENAPI_PATH, openapi_document


def _routed(state: MockState) -> set[tuple[str, str]]:
    app = create_app(state=state)
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if isinstance(route, Mount) and route.path == "/_mock":
            for inner in _routes(MockControl(state)):
                found |= {("/_mock" + inner.path, m) for m in inner.methods or () if m != "HEAD"}
        elif isinstance(route, Route) and route.path.startswith(("/1/", "/3/", "/media/")):
            found |= {(route.path, m) for m in route.methods or () if m != "HEAD"}
    return found


def _documented(document: dict[str, object]) -> set[tuple[str, str]]:
    paths = document["paths"]
    assert isinstance(paths, dict)
    return {(path, method.upper()) for path, ops in paths.items() for method in ops}


def test_the_document_and_the_routes_name_the_same_operations():
    state = MockState()
    assert _documented(openapi_document()) == _routed(state)


@pytest.mark.parametrize(
    ("sides", "has_api", "has_control"),
    [(("api",), True, False), (("auth", "control"), False, True), (("auth",), False, False)],
)
def test_each_app_serves_the_operations_of_its_sides(sides, has_api, has_control):
    app = create_app(state=MockState(), sides=sides)
    with httpx.Client(transport=InProcessTransport(app), base_url="http://127.0.0.1:8080") as c:
        response = c.get(OPENAPI_PATH)
        if not (has_api or has_control):
            assert response.status_code == 404
            return
        assert response.status_code == 200
        paths = response.json()["paths"]
    assert any(p.startswith("/1/") for p in paths) is has_api
    assert any(p.startswith("/_mock/") for p in paths) is has_control
