"""The fast paths of mock_server/_responses.py give exactly what the general ones gave."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from starlette.responses import Response

from mock_server._responses import (
    JSONResponse,
    groove_error_response,
    oauth_error_response,
    render_json,
)
from mock_server.auth._errors import InvalidClient, InvalidGrant, OAuthError
from mock_server.groove._errors import CatalogNoResult, GrooveError, IncompatibleInputParameters


class _GeneralJSON(JSONResponse):
    """JSONResponse with Starlette's own header code, as the reference."""

    def init_headers(self, headers: Any = None) -> None:
        Response.init_headers(self, headers)


@pytest.mark.parametrize("status", [200, 201, 204, 304, 400, 401, 404, 500])
@pytest.mark.parametrize("headers", [None, {"Cache-Control": "no-store"}, {"content-length": "9"}])
@pytest.mark.parametrize("content", [{"Tracks": {"Items": []}}, [], {"Name": "Beyoncé"}])
def test_json_headers_are_starlettes(status, headers, content):
    fast = JSONResponse(content, status_code=status, headers=headers)
    general = _GeneralJSON(content, status_code=status, headers=headers)
    assert fast.raw_headers == general.raw_headers
    assert fast.body == general.body


def test_a_media_type_override_keeps_the_general_path():
    response = JSONResponse({"a": 1}, media_type="application/vnd.custom+json")
    assert (b"content-type", b"application/vnd.custom+json") in response.raw_headers


def test_rendered_bytes_are_sent_as_they_are():
    assert JSONResponse(b'{"x":1}').body == b'{"x":1}'


@pytest.mark.parametrize(
    "error",
    [
        CatalogNoResult(),
        CatalogNoResult("Item music.X does not exist"),
        IncompatibleInputParameters("Exactly one auth token is allowed per request; found 2"),
    ],
)
def test_groove_error_bodies_are_the_same_rendered_or_cached(error: GrooveError):
    first = groove_error_response(error)
    again = groove_error_response(type(error)(error.message))
    assert first.body == again.body == render_json(error.to_body())
    assert first.status_code == error.status_code


def test_different_messages_never_share_a_cached_body():
    one = groove_error_response(CatalogNoResult("one")).body
    two = groove_error_response(CatalogNoResult("two")).body
    assert one != two
    assert b'"Message":"two"' in two


def test_an_error_with_its_own_body_is_rendered_each_time():
    class Counted(GrooveError):
        error_code = "COUNTED"
        calls: ClassVar[int] = 0

        def to_error_object(self) -> dict[str, str]:
            type(self).calls += 1
            return {**super().to_error_object(), "Count": str(type(self).calls)}

    assert b'"Count":"1"' in groove_error_response(Counted("same")).body
    assert b'"Count":"2"' in groove_error_response(Counted("same")).body


@pytest.mark.parametrize(
    "error", [InvalidGrant(), InvalidGrant("The code expired"), InvalidClient()]
)
def test_oauth_error_bodies_are_the_same_rendered_or_cached(error: OAuthError):
    first = oauth_error_response(error)
    again = oauth_error_response(type(error)(error.error_description))
    assert first.body == again.body == render_json(error.to_body())
    assert first.headers["cache-control"] == "no-store"
