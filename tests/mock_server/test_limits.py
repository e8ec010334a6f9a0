"""Bounds on headers, path and query, bodies and JSON, each a clear 4xx in the side's shape,
checked before authentication."""

from __future__ import annotations

import httpx
import pytest

from mock_server import MockState
from mock_server._json_input import MAX_JSON_DEPTH, JSONInputError, parse_json
from mock_server._limits import (
    MAX_BODY_BYTES,
    MAX_HEADER_BYTES,
    MAX_QUERY_PARAMS,
    MAX_TARGET_BYTES,
)
from mock_server.control import MockControl

LOOKUP = "/1/content/music.AR.1/lookup"
CREATE = "/1/content/music/collection/playlists/create"
JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 1000 + b"]" * 1000
HUGE_NUMBER = b'{"Name": ' + b"9" * 5000 + b"}"


def _groove_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["Error"]
    assert error["ErrorCode"] == "INVALID_INPUT_PARAMETER"
    message: str = error["Message"]
    assert "\n" not in message
    return message


def test_a_huge_header_is_431_before_authentication(client: httpx.Client, state: MockState):
    response = client.get(LOOKUP, headers={"Authorization": "Bearer " + "a" * MAX_HEADER_BYTES})
    assert "headers total" in _groove_error(response, 431)
    assert state.journal.query(path=LOOKUP)[-1].error_code == "INVALID_INPUT_PARAMETER"


def test_a_long_query_is_414_and_many_parameters_400(client: httpx.Client):
    long = client.get(LOOKUP, params={"q": "x" * MAX_TARGET_BYTES})
    assert "path and query" in _groove_error(long, 414)
    many = client.get(LOOKUP + "?" + "&".join(f"p{i}=1" for i in range(MAX_QUERY_PARAMS + 1)))
    assert "parameters" in _groove_error(many, 400)
    fine = client.get(LOOKUP + "?" + "&".join(f"p{i}=1" for i in range(MAX_QUERY_PARAMS)))
    assert fine.status_code == 401  # past the limits, to authentication


def test_a_large_form_body_without_a_token_is_413_unread(client: httpx.Client):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    declared = client.post(CREATE, content=b"a", headers={**form, "Content-Length": str(1 << 28)})
    assert "larger than" in _groove_error(declared, 413)
    assert declared.headers["connection"] == "close"

    def chunks():
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"a" * 65536

    streamed = client.post(CREATE, content=chunks(), headers=form)
    assert "larger than" in _groove_error(streamed, 413)


def test_a_bounded_form_body_still_carries_its_credential(client: httpx.Client):
    # The limits read the body; the API must still find `access_token` in it.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    response = client.post(CREATE, content=b"access_token=not-a-token", headers=form)
    assert response.status_code == 401


@pytest.mark.parametrize("body", [DEEP, HUGE_NUMBER, b"[1e999]"])
def test_hostile_json_on_the_groove_api_is_400(client: httpx.Client, body: bytes):
    token = client.post("/_mock/tokens", json={"kind": "user"}).json()["token"]
    headers = {**JSON, "Authorization": f"Bearer {token}"}
    response = client.post(CREATE, content=body, headers=headers)
    _groove_error(response, 400)


@pytest.mark.parametrize("body", [DEEP, HUGE_NUMBER.replace(b"Name", b"seconds")])
def test_hostile_json_on_the_control_plane_is_400(client: httpx.Client, body: bytes):
    response = client.post("/_mock/clock/advance", content=body, headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_control_plane_limits_answer_in_its_shape(client: httpx.Client, state: MockState):
    response = client.get("/_mock/status", headers={"X-Pad": "a" * MAX_HEADER_BYTES})
    assert response.status_code == 431
    assert response.json()["error"] == "too_large"
    assert MockControl(state).faults() == []


def test_auth_limits_answer_in_the_oauth_shape(client: httpx.Client):
    response = client.get("/oauth20_authorize.srf", params={"state": "s" * MAX_TARGET_BYTES})
    assert response.status_code == 414
    assert response.json()["error"] == "invalid_request"


def test_json_bounds():
    assert parse_json(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH) is not None
    too_deep = b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1)
    for raw in (too_deep, DEEP, HUGE_NUMBER, b"[NaN]", b"\xff", b"{"):
        with pytest.raises(JSONInputError):
            parse_json(raw)
    assert parse_json(b'{"a": [1, 2.5, -3e5]}') == {"a": [1, 2.5, -3e5]}
