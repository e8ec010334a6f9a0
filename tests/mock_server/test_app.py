"""The app's last lines of defence: unknown paths, unexpected errors, the journal."""

from __future__ import annotations

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport


def test_unknown_groove_path_answers_in_the_groove_envelope(client: httpx.Client):
    response = client.get("/1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["Error"]["ErrorCode"] == "INVALID_INPUT_PARAMETER"
    assert "/1/no/such/thing" in response.json()["Error"]["Message"]


def test_unknown_auth_path_answers_in_oauth_shape(client: httpx.Client):
    response = client.get("/nope.srf")
    assert response.status_code == 404
    assert response.json()["error"] == "invalid_request"


def _crash(request: Request) -> Response:
    raise RuntimeError(f"boom {request.query_params.get('accessToken')}")


def test_an_unexpected_error_is_a_clean_500_in_the_sides_shape_and_journaled(
    state: MockState, caplog: pytest.LogCaptureFixture
):
    app = create_app(state=state)
    app.router.routes += [Route("/1/crash", _crash), Route("/crash.srf", _crash)]
    with httpx.Client(transport=InProcessTransport(app), base_url="http://127.0.0.1") as http:
        api = http.get("/1/crash", params={"accessToken": "Bearer SECRET"})
        auth = http.get("/crash.srf")
    logged = [r for r in caplog.records if r.name == "groove_mock"]
    assert logged
    assert "RuntimeError" in logged[0].getMessage()
    assert "_crash" in logged[0].getMessage()  # the frames, to find the bug
    assert not [r for r in logged if "SECRET" in r.getMessage()]  # never the message
    assert api.status_code == 500
    assert api.json() == {
        "Error": {"ErrorCode": "INTERNAL_SERVER_ERROR", "Description": "Internal server error"}
    }
    assert auth.status_code == 500
    assert auth.json()["error"] == "server_error"
    assert "boom" not in api.text + auth.text
    assert [e.status for e in state.journal.query(path="/1/crash")] == [500]


def test_every_request_is_journaled_with_its_side(client: httpx.Client, state: MockState):
    client.get("/1/x?maxItems=3&q=a")
    client.get("/y.srf")
    api, auth = list(state.journal)
    assert (api.side, api.method, api.path, api.status) == ("api", "GET", "/1/x", 404)
    assert api.query_names == ("maxItems", "q")
    assert auth.side == "auth"
    assert api.seq < auth.seq


def test_the_journal_is_bounded(state: MockState):
    from mock_server import Settings

    small = MockState(Settings(journal_size=3))
    with httpx.Client(
        transport=InProcessTransport(create_app(state=small)), base_url="http://127.0.0.1"
    ) as http:
        for _ in range(10):
            http.get("/1/x")
    assert len(small.journal) == 3
    assert [e.seq for e in small.journal] == [8, 9, 10]


def test_a_lone_surrogate_in_a_body_is_escaped_not_a_500():
    from mock_server._responses import render_json

    assert render_json({"Name": "\ud800x"}) == b'{"Name":"\\ud800x"}'
    assert render_json({"Name": "Beyonc\u00e9"}) == '{"Name":"Beyoncé"}'.encode()


def test_media_urls_are_journaled_on_the_api_side():
    from mock_server._journal import side_of

    assert side_of("/media/stream/abc.mp3") == "api"
    assert side_of("/oauth20_token.srf") == "auth"
    assert side_of("/_mock/journal") == "control"


def test_a_percent_encoded_jsonp_is_refused_too(client: httpx.Client):
    response = client.get("/1/content/music/spotlight?%6Asonp=cb")
    assert response.status_code == 400
    assert "JSONP" in response.json()["Error"]["Message"]


def test_a_media_ticket_never_reaches_the_error_log():
    from mock_server._journal import _loggable

    assert _loggable("/media/stream/SIGNED-TICKET.mp3") == "/media/…"
    assert _loggable("/1/content/x/lookup") == "/1/content/x/lookup"
