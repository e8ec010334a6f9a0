"""The ceiling is served as the mock is, and its route answers JSON; local tokens verify."""

from __future__ import annotations

import httpx
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from bench import _mock as mock
from bench._bare_app import PATH, UVICORN_OPTIONS, create_bare_app
from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._server import _config


def test_the_bare_app_uses_groove_mock_serves_uvicorn_options():
    mock_config = _config(create_app(), Settings(), None)
    for name, value in UVICORN_OPTIONS.items():
        if name == "http":
            # The mock's protocol is uvicorn's "auto" one plus a head deadline, and only that.
            assert value == "auto"
            assert mock_config.http.__mro__[1] is AutoHTTPProtocol
            assert set(vars(mock_config.http)) <= _HEAD_TIMEOUT_MEMBERS
            continue
        assert getattr(mock_config, name) == value, name


_HEAD_TIMEOUT_MEMBERS = {
    "__module__",
    "__doc__",
    "__annotations__",
    "__firstlineno__",  # Python 3.13
    "__static_attributes__",
    "_head_deadline",
    "connection_made",
    "data_received",
    "on_response_complete",
    "_arm",
}


def test_the_bare_route_answers_json():
    with httpx.Client(transport=InProcessTransport(create_bare_app()), base_url="http://t") as http:
        response = http.get(PATH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["Name"] == "Get Lucky"


def test_tokens_minted_with_the_shared_key_are_accepted_by_the_mock():
    state = MockState(Settings(signing_key=mock.SIGNING_KEY))
    with httpx.Client(
        transport=InProcessTransport(create_app(state=state)), base_url="http://t"
    ) as http:
        app = http.get(
            mock.LOOKUP_PATH, headers={"Authorization": f"Bearer {mock.mint_app_token()}"}
        )
        user = http.get(
            mock.BROWSE_PATH, headers={"Authorization": f"Bearer {mock.mint_user_token()}"}
        )
    assert app.status_code == 200
    assert user.status_code == 200


def test_obtained_credentials_come_from_the_endpoints():
    state = MockState(Settings())
    with httpx.Client(
        transport=InProcessTransport(create_app(state=state)), base_url="http://t"
    ) as http:
        credentials = mock.obtain_credentials(http)
    assert credentials.app_token.startswith("Eg")
    assert credentials.app_token_source == "POST /accesstoken.srf"
    assert credentials.user_token.startswith("EwA")
    assert credentials.user_token_source == "code sign-in"
    assert credentials.refresh_token is not None


def test_serve_command_targets_the_cli_or_the_fallback():
    via_cli = mock.serve_command(9999, via_cli=True)
    assert via_cli[0].endswith("groove-mock") and via_cli[1] == "serve"
    assert via_cli[via_cli.index("--port") : via_cli.index("--port") + 2] == ["--port", "9999"]
    assert "--signing-key" in via_cli
    fallback = mock.serve_command(9999, via_cli=False)
    assert fallback[1:3] == ["-m", "bench._serve_mock"]
