"""The Groove routes made lazily (mock_server/groove/__init__.py, `catalog/_routes`) are the
routes the handler modules define: same paths, methods, names and order, same handlers."""

from __future__ import annotations

from starlette.routing import Route

from mock_server import MockState, Settings, groove
from mock_server._lazy import LazyApp, resolve
from mock_server.groove.catalog._routes import CATALOG_ROUTES
from mock_server.groove.library._collection import CollectionStore
from mock_server.groove.library._routes import user_routes


def _shape(route: Route) -> tuple[str, frozenset[str], str]:
    return route.path, frozenset(route.methods or ()), route.name


def test_the_user_routes_are_those_their_builders_make_in_order():
    state = MockState(Settings())
    lazy = [r for r in groove.routes(state) if isinstance(r, Route)][len(CATALOG_ROUTES) :]
    eager = [r for r in user_routes(state) if isinstance(r, Route)]
    assert [_shape(r) for r in lazy] == [_shape(r) for r in eager]
    assert all(isinstance(r.endpoint, LazyApp) and not r.endpoint.made for r in lazy)


def test_catalog_routes_name_the_handlers_their_modules_define():
    routes = [r for r in groove.routes(MockState(Settings())) if isinstance(r, Route)]
    for route, (path, target) in zip(routes, CATALOG_ROUTES, strict=False):
        handler = resolve(target, "mock_server.groove.catalog")
        assert (route.path, route.name) == (path, handler.__name__)
        assert route.methods == {"GET", "HEAD"}


def test_paths_stay_case_insensitive():
    route = groove.routes(MockState(Settings()))[0]
    assert isinstance(route, Route)
    assert route.path_regex.match("/1/CONTENT/music.X/LOOKUP")


def test_the_collection_store_is_made_with_the_routes_not_in_a_request():
    state = MockState(Settings())
    before = state.version
    groove.routes(state)
    assert any(isinstance(part, CollectionStore) for part in state._parts)
    assert state.version != before  # making it is a change: it happens before any answer
