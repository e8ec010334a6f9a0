"""The authorization server's routes are made without importing the endpoint modules: the
paths it spells itself are those the modules define."""

from __future__ import annotations

from starlette.routing import Route

from mock_server import MockState, Settings, auth
from mock_server._lazy import LazyApp
from mock_server.auth import _pages, _redirect_uris, _static


def test_the_paths_spelled_for_routing_are_the_modules_own():
    assert auth.SIGN_IN_FORM_PATH == _pages.SIGN_IN_FORM_PATH
    assert auth.DESKTOP_PATH == _redirect_uris.DESKTOP_PATH
    assert auth.ERROR_PAGE_PATH == _redirect_uris.ERROR_PAGE_PATH
    assert auth.KEYS_PATH == _static.KEYS_PATH


def test_every_endpoint_is_made_on_its_first_request_and_the_keys_only_for_jwt():
    opaque = auth.routes(MockState(Settings()))
    jwt = auth.routes(MockState(Settings(token_format="jwt")))
    assert [r.path for r in opaque] == [r.path for r in jwt][:-1]  # type: ignore[attr-defined]
    assert jwt[-1].path == auth.KEYS_PATH  # type: ignore[attr-defined]
    for route in jwt:
        assert isinstance(route, Route)
        assert isinstance(route.endpoint, LazyApp) and not route.endpoint.made
        assert len(route.methods or ()) == 7
